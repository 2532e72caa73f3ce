package sim_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

// setupStatic starts a simulator serving dir as `-static dir` does.
func setupStatic(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	s := sim.New(sim.Config{AgentDelay: idleAgent, StaticDir: dir})
	srv := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); srv.Close() })
	return srv
}

// rawGet GETs url with hdr, without the transport's own gzip handling, and
// returns the status, headers and body bytes as sent.
func rawGet(t *testing.T, url string, hdr http.Header) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// TestStaticRepository: `-static .` on this repository serves the pages
// and what they load, and nothing else: not .git, not go.mod, not the Go
// sources, not dotfiles, node_modules or the sandbox binary, not through
// an encoded "..", and lists no directory.
func TestStaticRepository(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	srv := setupStatic(t, root)
	for _, p := range []string{"/", "/index.html", "/js/test/pages/chat.html", "/bench/pages/ours.html", "/bench/pages/scenario.js"} {
		status, _, _ := rawGet(t, srv.URL+p, nil)
		equal(t, p, status, http.StatusOK)
	}
	for _, p := range []string{
		"/.git", "/.git/config", "/.git/HEAD", "/.gitignore", "/.ci/run", "/go.mod", "/go.sum", "/build.sh", "/README.md",
		"/sandbox/main.go", "/sandbox/sim/server.go", "/sdk/client.go", "/wasm/main.go", "/package.json",
		"/js/index.js", "/js/test/harness.mjs", "/node_modules/playwright-core/package.json", "/testdata/protocol/PROTOCOL.md",
		"/dist/sandbox", "/dist/", "/js/test/pages/", "/bench/.ref/package.json", "/bench/RESULTS.md",
		"/%2e%2e/", "/%2e%2e/%2e%2e/etc/passwd", "/dist/%2e%2e/go.mod", "/%2e%2e%2fgo.mod", "/dist/..%2fgo.mod", "/.%2e/go.mod",
	} {
		status, _, body := rawGet(t, srv.URL+p, nil)
		if status != http.StatusNotFound {
			t.Errorf("%s: HTTP %d, want 404: %.80q", p, status, body)
		}
	}
}

// TestStaticOnlyPageFiles: in a folder of its own, dotfiles anywhere, Go
// sources and unknown types under an allowed folder, and a symbolic link
// out of the folder are 404; a directory is served by its index.html.
func TestStaticOnlyPageFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "demo")
	write("demo/index.html", "demo folder")
	write("demo/app.css", "body{}")
	write("dist/.env", "SECRET=1")
	write("dist/x.go", "package x")
	write("dist/tool", "binary")
	write("demo/.secret/a.js", "x")
	write("secret.txt", "not a page file")
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "dist", "escape.js")); err != nil {
		t.Fatal(err)
	}
	srv := setupStatic(t, dir)
	for p, want := range map[string]string{"/": "demo", "/demo/": "demo folder", "/demo/app.css": "body{}"} {
		status, hdr, body := rawGet(t, srv.URL+p, nil)
		equal(t, p, []any{status, string(body), hdr.Get("X-Content-Type-Options")}, []any{http.StatusOK, want, "nosniff"})
	}
	for _, p := range []string{"/dist/.env", "/dist/x.go", "/dist/tool", "/demo/.secret/a.js", "/secret.txt", "/dist/escape.js"} {
		status, _, _ := rawGet(t, srv.URL+p, nil)
		equal(t, p, status, http.StatusNotFound)
	}
}

// TestStaticPrecompressed: the wasm is sent precompressed as the request
// allows (br before gzip), as application/wasm with Vary: Accept-Encoding
// and the bytes of the file beside it; a stale sibling is not used; and
// each representation carries an ETag the browser revalidates into a 304.
func TestStaticPrecompressed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	wasm := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 module bytes "), 4096)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(wasm)
	zw.Close()
	br := []byte("stands for the brotli stream build.sh writes") // served as it is, never decoded
	path := filepath.Join(dir, "dist", "cxone-chat.wasm")
	for name, b := range map[string][]byte{path: wasm, path + ".gz": gz.Bytes(), path + ".br": br} {
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := setupStatic(t, dir)
	url := srv.URL + "/dist/cxone-chat.wasm"
	get := func(accept string) (http.Header, []byte) {
		status, hdr, body := rawGet(t, url, http.Header{"Accept-Encoding": {accept}})
		equal(t, accept+" status", status, http.StatusOK)
		equal(t, accept+" type", hdr.Get("Content-Type"), "application/wasm")
		equal(t, accept+" vary", hdr.Get("Vary"), "Accept-Encoding")
		if hdr.Get("ETag") == "" || hdr.Get("Last-Modified") == "" || hdr.Get("Cache-Control") != "no-cache" {
			t.Fatalf("%s: cache headers %v", accept, hdr)
		}
		return hdr, body
	}
	hdr, body := get("gzip, deflate, br, zstd")
	equal(t, "br", []any{hdr.Get("Content-Encoding"), string(body)}, []any{"br", string(br)})
	brTag := hdr.Get("ETag")
	hdr, body = get("gzip;q=1, br;q=0")
	equal(t, "gzip", hdr.Get("Content-Encoding"), "gzip")
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	equal(t, "gzip decodes to the wasm", bytes.Equal(plain, wasm), true)
	hdr, body = get("identity")
	equal(t, "identity", []any{hdr.Get("Content-Encoding"), bytes.Equal(body, wasm)}, []any{"", true})
	if hdr.Get("ETag") == brTag {
		t.Fatal("two representations share one ETag")
	}

	// The second visit: the browser revalidates and keeps its copy.
	status, hdr, body := rawGet(t, url, http.Header{"Accept-Encoding": {"br"}, "If-None-Match": {brTag}})
	equal(t, "revalidated", []any{status, len(body)}, []any{http.StatusNotModified, 0})

	// A wasm rebuilt without compressing: the older siblings are stale.
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	hdr, body = get("br, gzip")
	equal(t, "stale siblings skipped", []any{hdr.Get("Content-Encoding"), bytes.Equal(body, wasm)}, []any{"", true})
}
