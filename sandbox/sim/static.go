package sim

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// Static serving (Config.StaticDir, `-static .`): only what pages need is
// served, never the rest of the directory it points at (.git, go.mod, the
// Go sources, node_modules, dist/sandbox):
//
//	/ and /index.html        the demo page
//	/demo/…                  the demo's own assets
//	/dist/…                  the built SDK (wasm, ES module, script-tag global, types, maps)
//	/js/test/pages/…         the browser tests' pages
//	/bench/pages/…           the benchmark's pages
//	/bench/.ref/ref.js       the benchmark's bundle of the reference SDK (bench/run.mjs)
//
// and, under those, only files of the types in staticTypes and no segment
// starting with a dot. A directory is served by its index.html, never
// listed. Files are opened through an os.Root, so no symbolic link leads
// out of StaticDir.
//
// When the request's Accept-Encoding allows it and a fresh precompressed
// sibling exists (X.br, X.gz, as ./build.sh writes for the wasm), that is
// sent with Content-Encoding and Vary: Accept-Encoding. Every file carries
// an ETag and Last-Modified with Cache-Control: no-cache: the browser keeps
// it (and V8 keeps the compiled wasm beside it), revalidates on each visit,
// and gets 304 until the file is rebuilt.

// staticDirs are the folders pages load from.
var staticDirs = []string{"/dist/", "/demo/", "/js/test/pages/", "/bench/pages/"}

// staticFiles are single files served outside staticDirs.
var staticFiles = map[string]bool{"/index.html": true, "/bench/.ref/ref.js": true}

// staticTypes are the file types served, with their Content-Type.
var staticTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".wasm":  "application/wasm",
	".map":   "application/json",
	".json":  "application/json",
	".ts":    "text/plain; charset=utf-8", // index.d.ts
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".br":    "application/octet-stream", // a precompressed file fetched as it is
	".gz":    "application/octet-stream",
}

// encodings are the precompressed siblings, in order of preference.
var encodings = []struct{ coding, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// staticAllowed reports whether the URL path p names a file pages may
// load. p is the decoded path, already free of "." and ".." segments.
func staticAllowed(p string) bool {
	if staticFiles[p] {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	if _, ok := staticTypes[path.Ext(p)]; !ok {
		return false
	}
	for _, d := range staticDirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// staticServer serves Config.StaticDir.
type staticServer struct {
	root *os.Root
}

// newStaticServer opens dir; nil (every request 404) if it cannot.
func newStaticServer(dir string) *staticServer {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return &staticServer{}
	}
	return &staticServer{root: root}
}

func (st *staticServer) close() {
	if st != nil && st.root != nil {
		st.root.Close()
	}
}

// ServeHTTP serves one allowed file (see the comment at the top).
func (st *staticServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if st.root == nil || !staticAllowed(p) || dotSegment(p) {
		http.NotFound(w, r)
		return
	}
	name := strings.TrimPrefix(p, "/")
	fi, err := st.root.Stat(name)
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", staticTypes[path.Ext(p)])
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	serve, coding := name, ""
	for _, e := range encodings {
		ci, err := st.root.Stat(name + e.suffix)
		if err != nil || !ci.Mode().IsRegular() {
			continue
		}
		h.Set("Vary", "Accept-Encoding") // the answer depends on it once a sibling exists
		// A sibling older than the file is stale (rebuilt without
		// compressing): the file itself is sent instead.
		if coding == "" && !ci.ModTime().Before(fi.ModTime()) && acceptsEncoding(r.Header.Get("Accept-Encoding"), e.coding) {
			serve, coding, fi = name+e.suffix, e.coding, ci
		}
	}
	f, err := st.root.Open(serve)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	if coding != "" {
		h.Set("Content-Encoding", coding)
	}
	h.Set("ETag", etag(fi, coding))
	http.ServeContent(w, r, path.Base(name), fi.ModTime(), f)
}

// etag names one representation of a file: its size and modification
// time, and the content coding.
func etag(fi fs.FileInfo, coding string) string {
	if coding == "" {
		coding = "identity"
	}
	return fmt.Sprintf(`"%x-%x-%s"`, fi.Size(), fi.ModTime().UnixNano(), coding)
}

// acceptsEncoding reports whether an Accept-Encoding header allows coding
// (RFC 9110 §12.5.3): named, or "*", with a q-value above zero.
func acceptsEncoding(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		name = strings.TrimSpace(name)
		switch {
		case strings.EqualFold(name, coding):
			return q > 0
		case name == "*":
			star = q > 0
		}
	}
	return star
}
