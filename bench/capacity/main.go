// Command capacity measures how many concurrent chat sessions one sandbox
// holds, and the message echo latency while it holds them, using the native
// Go client built from the same core as the browser SDK (sdk + sdk/native).
//
//	go run ./bench/capacity [-sessions 5000] [-hold 30s] [-rate 500] [-url http://127.0.0.1:PORT] [-json]
//
// Without -url it serves a sandbox in this process on 127.0.0.1:0 (clients
// and server then share the machine's cores, as they would on one host).
// Every session connects, opens its thread with a first message, and then,
// for the hold period, messages are sent at -rate per second in total,
// round-robin over the sessions. An echo is one SendMessage answered by the
// gateway's MessageCreated for it. At the end every session must still be
// connected to count as held.
//
// It is a measuring tool, not a test: it prints figures and asserts none.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk/native"
)

// config is one measurement.
type config struct {
	Sessions    int
	Hold        time.Duration
	Rate        int    // messages per second, all sessions together
	URL         string // a running sandbox; "" serves one in process
	DialWorkers int    // sessions connecting at once
	CPUProfile  string // file for a CPU profile of the hold period
	MemProfile  string // file for a heap profile at its end
}

// result is what a measurement prints.
type result struct {
	Sessions       int     `json:"sessions"`
	Held           int     `json:"held"`
	HoldSeconds    float64 `json:"holdSeconds"`
	ConnectSeconds float64 `json:"connectSeconds"`
	Rate           int     `json:"rate"`
	Echoes         int     `json:"echoes"`
	Errors         int     `json:"errors"`
	FirstError     string  `json:"firstError,omitempty"`
	P50Ms          float64 `json:"p50Ms"`
	P99Ms          float64 `json:"p99Ms"`
	MaxMs          float64 `json:"maxMs"`
	Goroutines     int     `json:"goroutines"`
	HeapBytes      uint64  `json:"heapBytes"`
}

func main() {
	var cfg config
	flag.IntVar(&cfg.Sessions, "sessions", 5000, "concurrent sessions to open")
	flag.DurationVar(&cfg.Hold, "hold", 30*time.Second, "how long to hold them while messaging")
	flag.IntVar(&cfg.Rate, "rate", 0, "messages per second in total (default sessions/10)")
	flag.StringVar(&cfg.URL, "url", "", "base URL of a running sandbox (default: one in this process)")
	flag.IntVar(&cfg.DialWorkers, "dial-workers", 64, "sessions connecting at once")
	asJSON := flag.Bool("json", false, "print the result as one JSON line")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the hold period to this file")
	memProfile := flag.String("memprofile", "", "write a heap profile at the end of the hold period to this file")
	flag.Parse()
	cfg.CPUProfile, cfg.MemProfile = *cpuProfile, *memProfile
	if cfg.Rate <= 0 {
		cfg.Rate = max(1, cfg.Sessions/10)
	}
	res, err := measure(context.Background(), cfg, func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "capacity: "+format+"\n", a...)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "capacity:", err)
		os.Exit(1)
	}
	if *asJSON {
		b, _ := json.Marshal(res)
		fmt.Println(string(b))
		return
	}
	fmt.Printf("sessions held:  %d of %d for %.0f s\n", res.Held, res.Sessions, res.HoldSeconds)
	fmt.Printf("connect:        %.1f s for all sessions\n", res.ConnectSeconds)
	fmt.Printf("echoes:         %d at %d/s offered, %d errors\n", res.Echoes, res.Rate, res.Errors)
	fmt.Printf("echo latency:   p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", res.P50Ms, res.P99Ms, res.MaxMs)
	fmt.Printf("process:        %d goroutines, %.0f MB heap\n", res.Goroutines, float64(res.HeapBytes)/1e6)
}

// session is one connected client and its thread.
type session struct {
	c *sdk.Client
	t *sdk.Thread
}

// measure runs one measurement; logf reports progress.
func measure(ctx context.Context, cfg config, logf func(string, ...any)) (result, error) {
	res := result{Sessions: cfg.Sessions, Rate: cfg.Rate}
	base := cfg.URL
	if base == "" {
		s := sim.New(sim.Config{AgentDelay: time.Hour}) // the scripted agent stays out of the way
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return res, err
		}
		srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer func() {
			s.Close()
			srv.Close()
		}()
		base = "http://" + ln.Addr().String()
	}
	base = strings.TrimSuffix(base, "/")
	ep := &sdk.Endpoints{Name: "sandbox", Chat: base, Gateway: "ws" + strings.TrimPrefix(base, "http") + "/gw", Authorize: base + "/auth"}
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.DialWorkers}
	hc := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	notLive := false

	var errs atomic.Int64
	var firstErr atomic.Value
	fail := func(err error) {
		if errs.Add(1) == 1 {
			firstErr.Store(err.Error())
		}
	}

	logf("connecting %d sessions to %s", cfg.Sessions, base)
	start := time.Now()
	sessions := make([]*session, cfg.Sessions)
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for w := 0; w < cfg.DialWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= cfg.Sessions {
					return
				}
				s, err := open(ctx, ep, hc, &notLive, i)
				if err != nil {
					fail(fmt.Errorf("session %d: %w", i, err))
					continue
				}
				sessions[i] = s
			}
		}()
	}
	wg.Wait()
	res.ConnectSeconds = round(time.Since(start).Seconds(), 1)
	defer func() {
		for _, s := range sessions {
			if s != nil {
				_ = s.c.Close()
			}
		}
	}()
	live := slices.DeleteFunc(slices.Clone(sessions), func(s *session) bool { return s == nil })
	logf("%d sessions open after %.1f s (%d errors); messaging at %d/s for %s", len(live), res.ConnectSeconds, errs.Load(), cfg.Rate, cfg.Hold)
	if len(live) == 0 {
		return res, fmt.Errorf("no session connected: %v", firstErr.Load())
	}

	var mu sync.Mutex
	lat := make([]time.Duration, 0, int(cfg.Hold.Seconds()+1)*cfg.Rate)
	var sends sync.WaitGroup
	interval := time.Second / time.Duration(cfg.Rate)
	tick := time.NewTicker(min(interval, 10*time.Millisecond))
	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return res, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return res, err
		}
		defer pprof.StopCPUProfile()
	}
	holdStart := time.Now()
	sent := 0
	for now := range tick.C {
		elapsed := now.Sub(holdStart)
		if elapsed >= cfg.Hold {
			break
		}
		due := int(elapsed / interval)
		for ; sent < due; sent++ {
			s := live[sent%len(live)]
			n := sent
			sends.Add(1)
			go func() {
				defer sends.Done()
				rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				defer cancel()
				t0 := time.Now()
				ev, err := s.t.SendTextMessage(rctx, fmt.Sprintf("echo %d", n), nil)
				d := time.Since(t0)
				if err == nil && ev.Type != "MessageCreated" {
					err = fmt.Errorf("reply %q", ev.Type)
				}
				if err != nil {
					fail(err)
					return
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}()
		}
	}
	tick.Stop()
	sends.Wait()
	res.HoldSeconds = round(time.Since(holdStart).Seconds(), 1)
	res.Goroutines = runtime.NumGoroutine()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	res.HeapBytes = ms.HeapInuse
	if cfg.MemProfile != "" {
		f, err := os.Create(cfg.MemProfile)
		if err != nil {
			return res, err
		}
		err = pprof.WriteHeapProfile(f)
		f.Close()
		if err != nil {
			return res, err
		}
	}

	for _, s := range live {
		if s.c.Connected() {
			res.Held++
		}
	}
	slices.Sort(lat)
	res.Echoes = len(lat)
	res.Errors = int(errs.Load())
	if v, ok := firstErr.Load().(string); ok {
		res.FirstError = v
	}
	if len(lat) > 0 {
		res.P50Ms = millis(quantile(lat, 0.50))
		res.P99Ms = millis(quantile(lat, 0.99))
		res.MaxMs = millis(lat[len(lat)-1])
	}
	logf("held %d of %d; %d echoes, p50 %.2f ms, p99 %.2f ms", res.Held, res.Sessions, res.Echoes, res.P50Ms, res.P99Ms)
	return res, nil
}

// open connects one session and opens its thread with a first message.
func open(ctx context.Context, ep *sdk.Endpoints, hc *http.Client, notLive *bool, i int) (*session, error) {
	c, err := sdk.New(&sdk.Options{
		BrandID: 1086, ChannelID: "chat_abc", CustomerID: fmt.Sprintf("capacity-%d-%s", i, sdk.NewID()),
		Environment: sdk.EnvironmentCustom, CustomEnvironment: ep, IsLivechat: notLive,
		Dialer: native.Dialer{HTTPClient: hc}, HTTP: native.HTTP{Client: hc},
		MaxReconnectAttempts: 1,
	})
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := c.Connect(cctx); err != nil {
		return nil, err
	}
	t, err := c.Thread(fmt.Sprintf("capacity-thread-%d", i))
	if err == nil {
		_, err = t.SendTextMessage(cctx, "hello", nil)
	}
	if err != nil {
		_ = c.Close()
		return nil, err
	}
	return &session{c: c, t: t}, nil
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(len(sorted)-1, i))]
}

func millis(d time.Duration) float64 { return round(float64(d)/1e6, 2) }

func round(x float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
}
