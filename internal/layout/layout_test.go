// Package layout holds tests that guard the repository's platform split:
// the core is pure Go, and the browser build stays free of net/http.
package layout

import (
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func goList(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, out)
	}
	return strings.Fields(string(out))
}

// TestCoreIsPureGo: the chat core never touches syscall/js or net/http, so
// it builds and tests natively and adds no HTTP stack to the wasm.
func TestCoreIsPureGo(t *testing.T) {
	t.Parallel()
	env := []string{"GOOS=js", "GOARCH=wasm"}
	// The standard library itself uses syscall/js on js/wasm (time, os), so
	// the check is on what the core imports; net/http on the whole closure.
	for _, imp := range goList(t, env, "-f", `{{join .Imports " "}}`, "./sdk") {
		if imp == "syscall/js" || strings.HasPrefix(imp, "github.com/hack-pad/") {
			t.Errorf("sdk imports %s", imp)
		}
	}
	for _, dep := range goList(t, env, "-deps", "./sdk") {
		if dep == "net/http" {
			t.Errorf("sdk depends on %s", dep)
		}
	}
}

// TestWasmHasNoNetHTTP: net/http alone would add about 0.5 MB brotli.
func TestWasmHasNoNetHTTP(t *testing.T) {
	t.Parallel()
	for _, dep := range goList(t, []string{"GOOS=js", "GOARCH=wasm"}, "-deps", "./wasm") {
		if dep == "net/http" || dep == "crypto/tls" || dep == "regexp" || strings.HasSuffix(dep, "/sdk/native") {
			t.Errorf("the wasm build depends on %s", dep)
		}
	}
}

// TestWasmFilesAreTagged: every Go file in wasm/ is built only for js/wasm.
func TestWasmFilesAreTagged(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join("..", "..", "wasm", "*.go"))
	if len(files) == 0 {
		t.Fatal("no files in wasm/")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		expr, err := constraint.Parse(line)
		if err != nil || !expr.Eval(func(tag string) bool { return tag == "js" || tag == "wasm" }) ||
			expr.Eval(func(tag string) bool { return tag == "linux" || tag == "amd64" }) {
			t.Errorf("%s: first line %q is not a js && wasm build constraint", f, line)
		}
	}
}
