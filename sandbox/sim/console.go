package sim

import (
	"embed"
	"net/http"
)

// consoleFiles are the agent console's page, script and styles
// (console/): no external assets, no framework.
//
//go:embed console/*
var consoleFiles embed.FS

// consoleRoutes registers the agent console: GET /console (the page) and
// GET /console/{file} (its script and styles), and the API it calls
// (console_api.go). The page polls GET /sandbox/threads every second and
// acts through POST routes with JSON bodies from the same origin. Every
// text it shows goes in through textContent.
func (s *Server) consoleRoutes() {
	s.initSwitches()
	s.consoleAPIRoutes()
	serve := func(w http.ResponseWriter, r *http.Request, name, typ string) {
		b, err := consoleFiles.ReadFile("console/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", typ)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' http: https: data:; connect-src 'self'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(b)
	}
	s.mux.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, "console.html", "text/html; charset=utf-8")
	})
	s.mux.HandleFunc("GET /console/console.js", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, "console.js", "text/javascript; charset=utf-8")
	})
	s.mux.HandleFunc("GET /console/console.css", func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, "console.css", "text/css; charset=utf-8")
	})
}
