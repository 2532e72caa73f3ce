// Command sandbox runs the local CXone chat simulator (package sim) on
// loopback, for the demo page, browser tests and manual testing.
//
//	go run ./sandbox [-addr 127.0.0.1:8080] [-static DIR] [-agent-delay 800ms] [-token-ttl 1h] [-allow-origin URL,…]
//	                 [-attach-max-mb 40] [-attach-types image/*,application/pdf] [-attach-disabled]
//
// It prints one line, `sandbox: listening on http://127.0.0.1:PORT`, and
// serves until SIGINT or SIGTERM. Its control routes (admin, faults, codes,
// console) take requests only from its own pages, or from the origins
// -allow-origin names; -static serves only the page files of DIR
// (index.html, demo/, dist/, the test and benchmark pages).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(1)
	}
}

// options is what the command line asks for.
type options struct {
	addr    string
	cfg     sim.Config
	verbose bool
}

// parseFlags reads the command line (without the program name); onError
// is flag.ExitOnError for the command, ContinueOnError for tests.
func parseFlags(args []string, onError flag.ErrorHandling) (options, error) {
	fs := flag.NewFlagSet("sandbox", onError)
	addr := fs.String("addr", "127.0.0.1:8080", "loopback address to listen on (port 0 picks a free one)")
	static := fs.String("static", "", "directory whose page files are served at / (index.html, demo/, dist/, js/test/pages/, bench/pages/)")
	allow := fs.String("allow-origin", "", "comma-separated origins, besides the sandbox's own, allowed to use the control routes (e.g. http://127.0.0.1:5173); never null")
	delay := fs.Duration("agent-delay", 800*time.Millisecond, "delay of each scripted-agent step")
	verbose := fs.Bool("v", false, "log gateway events to stderr")
	tokenTTL := fs.Duration("token-ttl", time.Hour, "life of the access and transaction tokens the authorize service issues")
	attachMB := fs.Float64("attach-max-mb", 0, "every channel's allowedFileSize in MiB (0: 40); the admin route can set a channel's own")
	attachTypes := fs.String("attach-types", "", "every channel's allowedFileTypes, comma-separated (image/*, application/pdf, .txt); empty: images, text, PDF")
	attachOff := fs.Bool("attach-disabled", false, "channels take no attachments")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return options{}, fmt.Errorf("invalid -addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return options{}, fmt.Errorf("-addr must be a loopback IP address, not %q", host)
	}
	if *static != "" {
		if fi, err := os.Stat(*static); err != nil || !fi.IsDir() {
			return options{}, fmt.Errorf("-static %q is not a directory", *static)
		}
	}

	var origins []string
	for _, o := range strings.Split(*allow, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return options{}, fmt.Errorf("-allow-origin %q is not an origin (scheme://host[:port])", o)
		}
		origins = append(origins, strings.TrimSuffix(o, "/"))
	}

	cfg := sim.Config{AgentDelay: *delay, StaticDir: *static, TokenTTL: *tokenTTL, AllowedOrigins: origins}
	if *attachMB < 0 {
		return options{}, fmt.Errorf("-attach-max-mb must not be negative")
	}
	if *attachMB > 0 || *attachTypes != "" || *attachOff {
		l := &sim.FileLimits{MaxMB: *attachMB, Disabled: *attachOff}
		for _, t := range strings.Split(*attachTypes, ",") {
			if t = strings.TrimSpace(t); t != "" {
				l.Types = append(l.Types, sim.FileType{MimeType: t, Description: t})
			}
		}
		cfg.FileLimits = l
	}
	return options{addr: *addr, cfg: cfg, verbose: *verbose}, nil
}

// run parses the flags, listens on loopback and serves until a signal.
func run() error {
	o, err := parseFlags(os.Args[1:], flag.ExitOnError)
	if err != nil {
		return err
	}
	cfg := o.cfg
	if o.verbose {
		cfg.Logf = log.New(os.Stderr, "", log.LstdFlags).Printf
	}
	s := sim.New(cfg)
	defer s.Close()

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("failed to listen: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stdout, "sandbox: listening on http://%s\n", ln.Addr())
	os.Stdout.Sync()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("failed to serve: %w", err)
	case <-ctx.Done():
	}
	s.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("failed to shut down: %w", err)
	}
	return nil
}
