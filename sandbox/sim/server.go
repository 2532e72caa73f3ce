package sim

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// defaultAgentDelay is Config.AgentDelay when zero.
const defaultAgentDelay = 800 * time.Millisecond

// Config configures a Server. The zero value is a working simulator.
type Config struct {
	// AgentDelay is the pause before each step of the scripted agent
	// (assign, typing started, typing ended and reply). Zero means 800ms;
	// tests use about 20ms.
	AgentDelay time.Duration
	// StaticDir, when set, is the folder whose page files are served at
	// "/": index.html, demo/, dist/, the test and benchmark pages, and
	// nothing else of it (static.go).
	StaticDir string
	// AllowedOrigins are origins, besides the sandbox's own, whose pages
	// may use the control routes (admin, faults, codes, console; see
	// guard.go), e.g. "http://127.0.0.1:5173". "null" is never allowed.
	// Nil allows only the sandbox's own pages.
	AllowedOrigins []string
	// Channels are the channels served. Nil means DefaultChannels.
	Channels []Channel
	// Logf, when set, receives one line per notable event.
	Logf func(format string, args ...any)
	// TokenTTL is the life of the access and transaction tokens the
	// authorize service issues. Zero means an hour; tests use seconds so
	// that refreshes happen while they run.
	TokenTTL time.Duration
	// CodeTTL is the life of an authorization code. Zero means 5 minutes.
	CodeTTL time.Duration
	// Customers are the test customers codes can be issued for. Nil means
	// DefaultTestCustomers.
	Customers []TestCustomer
	// FileLimits are every channel's attachment limits until the admin
	// route sets a channel's own (attachments.go); nil means the defaults.
	FileLimits *FileLimits
	// Now tells the time for token and code expiry; nil means Clock.Now.
	// Tests pass a fake clock to expire tokens without waiting.
	Now func() time.Time
	// Clock times the faults: when a fault's "ms" is up, and when a
	// delayed or held frame goes out (clock.go). Nil means the system
	// clock. Tests pass a fake clock (internal/fakeclock) and advance it
	// to end a fault window. The scripted agent's pauses (AgentDelay) and
	// the timestamps in frames stay on real time.
	Clock Clock
}

// Server is the simulator: an http.Handler serving the gateway, REST, the
// console, the admin API and the replay gateway. Create it with New and
// stop it with Close.
type Server struct {
	cfg      Config
	channels map[string]*Channel
	mux      *http.ServeMux
	store    *store
	received *receivedLog
	replay   *replay
	faults   *faults
	auth     *authServer
	groups   groupChats
	files    files
	streams  sseStreams
	console  consoleState // agent console switches (console_api.go)

	contentTokens contentTokens
	static        *staticServer // nil without StaticDir

	mu     sync.Mutex
	conns  map[*conn]struct{} // every open socket, gateway and replay
	closed bool
	done   chan struct{} // closed by Close; stops the agent
	agents sync.WaitGroup
}

// New returns a simulator configured by cfg.
func New(cfg Config) *Server {
	if cfg.AgentDelay <= 0 {
		cfg.AgentDelay = defaultAgentDelay
	}
	if cfg.Channels == nil {
		cfg.Channels = DefaultChannels()
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Now == nil {
		cfg.Now = cfg.Clock.Now
	}
	s := &Server{
		cfg: cfg, channels: map[string]*Channel{}, mux: http.NewServeMux(),
		store: newStore(), received: &receivedLog{}, replay: newReplay(), faults: &faults{clock: cfg.Clock}, auth: newAuthServer(cfg),
		conns: map[*conn]struct{}{}, done: make(chan struct{}),
	}
	for i := range cfg.Channels {
		ch := cfg.Channels[i]
		s.channels[ch.ID] = &ch
	}
	s.routes()
	return s
}

// routes registers every route; each file registers its own.
func (s *Server) routes() {
	s.gatewayRoutes()
	s.restRoutes()
	s.attachmentRoutes()
	s.mux.HandleFunc("GET /sandbox/stream/{id}", s.serveStream)
	s.mux.HandleFunc("POST /sandbox/proactive", s.serveProactive)
	s.mux.HandleFunc("GET /chat/1.0/brand/{brandId}/messages/{messageId}", s.serveFullMessage)
	s.adminRoutes()
	s.consoleRoutes()
	s.replayRoutes()
	s.authRoutes()
	s.faultRoutes()
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "ok")
	})
	if s.cfg.StaticDir != "" {
		s.static = newStaticServer(s.cfg.StaticDir)
		s.mux.Handle("/", s.static)
	} else {
		s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, "cxone chat sandbox: /gw (WebSocket), /chat/1.0/…, /console, /sandbox/…, /replay/…\n")
		})
	}
}

// ServeHTTP serves every route behind the guard (guard.go): control
// routes for the sandbox's own pages only, chat routes with the CORS a
// page on another loopback port needs (cors.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.guard(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Close drops every open socket and stops the scripted agent. The Server
// must not be used afterwards.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	s.agents.Wait()
	s.static.close()
}

// track records an open socket; false once the server is closed.
func (s *Server) track(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

// untrack forgets a socket that ended.
func (s *Server) untrack(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// goAgent runs fn as a tracked goroutine that Close waits for; false (and
// fn not run) once the server is closed.
func (s *Server) goAgent(fn func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.agents.Add(1)
	go func() {
		defer s.agents.Done()
		fn()
	}()
	return true
}

// sleep waits d; false if the server closed meanwhile.
func (s *Server) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
		return false
	}
}

// logf logs through Config.Logf, if set.
func (s *Server) logf(format string, args ...any) {
	if s.cfg.Logf != nil {
		s.cfg.Logf(format, args...)
	}
}
