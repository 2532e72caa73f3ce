package layout

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Tests read only what the repository holds (issue 14, finding 1: a fresh
// clone with nothing beside it must pass ./build.sh test). The fixtures
// the tests need are in testdata/protocol (its README says from where).

// outsideNames are spellings of places outside the repository: the shared
// protocol notes beside it, and the machine it was first built on.
var outsideNames = regexp.MustCompile(`\.\./` + sharedDir + `\b|/work/|/` + sharedDir + `/protocol\b|\b` + sharedDir + `/protocol/`)

// dotDots finds relative paths that start with "..".
var dotDots = regexp.MustCompile(`(?:\.\./)+(?:[A-Za-z0-9_.-]+)?|\.\.$`)

// testFiles lists the repository's test files: Go tests, the JS tests and
// their pages, and the benchmarks, relative to the repository root.
func testFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			switch {
			case rel != "." && strings.HasPrefix(d.Name(), "."), d.Name() == "node_modules", rel == "dist":
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case rel == "internal/layout/paths_test.go":
			// This guard spells the forbidden names to find them.
		case strings.HasSuffix(rel, "_test.go"),
			strings.HasPrefix(rel, "js/test/") && !strings.HasPrefix(d.Name(), "gen-"),
			strings.HasPrefix(rel, "bench/"):
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// escapes reports whether rel, taken relative to the directory dir (both
// relative to the repository root), names a place outside the repository.
func escapes(dir, rel string) bool {
	j := filepath.ToSlash(filepath.Join(dir, rel))
	return j == ".." || strings.HasPrefix(j, "../")
}

// goPaths returns the relative paths a Go file spells: every string
// literal, and the joined leading literals of filepath.Join/path.Join.
func goPaths(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					out = append(out, s)
				}
			}
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Join" {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || (x.Name != "filepath" && x.Name != "path") {
				return true
			}
			var parts []string
			for _, a := range n.Args {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					break
				}
				s, _ := strconv.Unquote(lit.Value)
				parts = append(parts, s)
			}
			if len(parts) > 0 {
				out = append(out, strings.Join(parts, "/"))
			}
		}
		return true
	})
	return out
}

// TestTestsStayInRepository: no test file names the shared protocol notes
// or the first build machine, and no relative path in one leads out of
// the repository (Go tests run in their package's directory; JS tests
// resolve against import.meta.url, i.e. their own directory).
func TestTestsStayInRepository(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	files := testFiles(t, root)
	if len(files) < 20 {
		t.Fatalf("found only %d test files: %v", len(files), files)
	}
	for _, rel := range files {
		b, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := outsideNames.FindString(line); m != "" {
				t.Errorf("%s:%d names %q, outside the repository: %s", rel, i+1, m, strings.TrimSpace(line))
			}
		}
		dir := filepath.Dir(rel)
		var candidates []string
		if strings.HasSuffix(rel, ".go") {
			candidates = goPaths(t, filepath.Join(root, rel))
		} else {
			candidates = dotDots.FindAllString(string(b), -1)
		}
		for _, c := range candidates {
			for _, p := range dotDots.FindAllString(c, -1) {
				if escapes(dir, p) {
					t.Errorf("%s: the relative path %q leads out of the repository", rel, p)
				}
			}
		}
	}
}

// sharedDir is the folder beside the checkout that tests must not read
// (spelt apart here so that searches for such paths do not find this file).
const sharedDir = "shared"

// TestEscapes pins the helper the guard relies on.
func TestEscapes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		dir, rel string
		want     bool
	}{
		{"sdk", "../testdata/protocol", false},
		{"sdk", "../../" + sharedDir + "/protocol", true},
		{"sandbox/sim", "../..", false},
		{"sandbox/sim", "../../..", true},
		{"sandbox/sim", "../../../" + sharedDir, true},
		{"js/test", "../../dist", false},
		{".", "../x", true},
	} {
		if got := escapes(c.dir, c.rel); got != c.want {
			t.Errorf("escapes(%q, %q) = %v, want %v", c.dir, c.rel, got, c.want)
		}
	}
	if !outsideNames.MatchString(`os.ReadFile("../../`+sharedDir+`/protocol/x")`) || !outsideNames.MatchString(`"/work/shared/protocol"`) {
		t.Error("outsideNames misses the spellings of finding 1")
	}
}
