package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptedHTTP answers each request with the next scripted outcome and
// records what it was asked.
type scriptedHTTP struct {
	mu       sync.Mutex
	outcomes []error // nil: answer status; else fail at the network level
	status   int
	reqs     []*HTTPRequest
}

func (h *scriptedHTTP) Do(_ context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reqs = append(h.reqs, req)
	var err error
	if len(h.outcomes) > 0 {
		err, h.outcomes = h.outcomes[0], h.outcomes[1:]
	}
	if err != nil {
		return nil, err
	}
	return &HTTPResponse{Status: h.status, Body: []byte(`{"status":"online"}`)}, nil
}

func (h *scriptedHTTP) count() int { h.mu.Lock(); defer h.mu.Unlock(); return len(h.reqs) }

// instantClock is a Clock whose short timers (backoff waits) fire at once
// and are recorded, so backoff is checked without waiting; long ones (the
// request timeout) never fire. With hold, no timer fires (a wait that only
// ctx can end).
type instantClock struct {
	mu     sync.Mutex
	delays []time.Duration
	hold   bool
	asked  chan struct{} // with hold: told of each wait
}

func (c *instantClock) Now() time.Time { return time.Unix(1_800_000_000, 0) }

func (c *instantClock) AfterFunc(d time.Duration, f func()) Timer {
	if d >= 5*time.Second {
		return stoppedTimer{}
	}
	c.mu.Lock()
	c.delays = append(c.delays, d)
	hold := c.hold
	c.mu.Unlock()
	if !hold {
		go f()
	} else {
		c.asked <- struct{}{}
	}
	return time.NewTimer(time.Hour) // Stop() works; it never fires f
}

func restClient(t *testing.T, h HTTPDoer, clock Clock) *Client {
	t.Helper()
	c, err := New(&Options{BrandID: 1086, ChannelID: "chat_abc", CustomerID: "c-1", Environment: "custom",
		CustomEnvironment: &Endpoints{Chat: "http://127.0.0.1:9", Gateway: "ws://127.0.0.1:9/gw"}, HTTP: h, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var errNetwork = errors.New("TypeError: Failed to fetch")

// TestGETRetries: a GET that fails at the network level is tried again,
// five attempts in all, after 200·2^(n-1) ms plus up to 200 ms of jitter
// (reference 3.3.0 fetchHelpers); an answer is never retried, whatever its
// status; a POST is tried once.
func TestGETRetries(t *testing.T) {
	t.Parallel()
	t.Run("recovers", func(t *testing.T) {
		h := &scriptedHTTP{outcomes: []error{errNetwork, errNetwork}, status: 200}
		clock := &instantClock{}
		if _, err := restClient(t, h, clock).ChannelAvailability(context.Background()); err != nil {
			t.Fatal(err)
		}
		if h.count() != 3 {
			t.Fatalf("%d attempts, want 3", h.count())
		}
	})
	t.Run("gives up after five", func(t *testing.T) {
		h := &scriptedHTTP{outcomes: []error{errNetwork, errNetwork, errNetwork, errNetwork, errNetwork, errNetwork}, status: 200}
		clock := &instantClock{}
		_, err := restClient(t, h, clock).ChannelAvailability(context.Background())
		var se *Error
		if !errors.As(err, &se) || se.Code != CodeClosed || !errors.Is(err, errNetwork) {
			t.Fatalf("err %v", err)
		}
		if h.count() != MaxGETAttempts {
			t.Fatalf("%d attempts, want %d", h.count(), MaxGETAttempts)
		}
		if len(clock.delays) != MaxGETAttempts-1 {
			t.Fatalf("waits %v", clock.delays)
		}
		for i, d := range clock.delays {
			lo := 200 * time.Millisecond << i
			if d < lo || d >= lo+200*time.Millisecond {
				t.Errorf("wait %d: %v, want [%v, %v)", i+1, d, lo, lo+200*time.Millisecond)
			}
		}
	})
	for _, status := range []int{429, 500, 503, 404} {
		h := &scriptedHTTP{status: status}
		if _, err := restClient(t, h, &instantClock{}).ChannelAvailability(context.Background()); err == nil || h.count() != 1 {
			t.Errorf("status %d: %d attempts (want 1), err %v", status, h.count(), err)
		}
	}
	h := &scriptedHTTP{outcomes: []error{errNetwork, nil}, status: 200}
	c := restClient(t, h, &instantClock{})
	if _, err := c.doJSON(context.Background(), "upload", "POST", "http://127.0.0.1:9/x", []byte("{}"), false); err == nil || h.count() != 1 {
		t.Fatalf("POST: %d attempts (want 1), err %v", h.count(), err)
	}
}

// TestGETRetryWaitEndsWithContext: a caller that gives up (AbortSignal) or
// a timeout ends the backoff wait at once; nothing is tried after.
func TestGETRetryWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	// The token-authorized GETs (full message content, events in S3) end the
	// same way, not as "Failed to fetch".
	for name, get := range map[string]func(*Client, context.Context) error{
		"channel availability": func(c *Client, ctx context.Context) error { _, err := c.ChannelAvailability(ctx); return err },
		"event in S3": func(c *Client, ctx context.Context) error {
			_, err := c.doJSONAuth(ctx, "EventInS3", "http://127.0.0.1:9/s3/event.json", "")
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := &scriptedHTTP{outcomes: []error{errNetwork, errNetwork, errNetwork}, status: 200}
			clock := &instantClock{hold: true, asked: make(chan struct{}, 1)}
			c := restClient(t, h, clock)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- get(c, ctx) }()
			<-clock.asked // the first attempt failed; the backoff wait began
			cancel()
			err := <-done
			var se *Error
			if !errors.As(err, &se) || se.Code != CodeCanceled {
				t.Fatalf("err %v, want canceled", err)
			}
			if h.count() != 1 {
				t.Fatalf("%d attempts after cancel, want 1", h.count())
			}
		})
	}
}

// TestRESTHeaders: every call has its own X-Trace-ID (a uuid) unless the
// page's headers carry x-trace-id; the SDK's own headers win over the
// page's, as in the reference 3.3.0 getDefaultHeaders.
func TestRESTHeaders(t *testing.T) {
	t.Parallel()
	c := restClient(t, &scriptedHTTP{status: 200}, nil)
	a, b := c.restHeaders(), c.restHeaders()
	if len(a["X-Trace-ID"]) != 36 || a["X-Trace-ID"] == b["X-Trace-ID"] {
		t.Fatalf("trace ids %q %q", a["X-Trace-ID"], b["X-Trace-ID"])
	}
	c.opts.HTTPHeaders = map[string]string{"x-trace-id": "t-1", "x-sdk-version": "0.0.1", "X-Page": "p"}
	h := c.restHeaders()
	if h["X-Trace-ID"] != "t-1" || h["X-Sdk-Version"] != Version || h["X-Page"] != "p" {
		t.Fatalf("headers %v", h)
	}
	for k := range h {
		if k == "x-trace-id" || k == "x-sdk-version" {
			t.Fatalf("duplicate header %s in %v", k, h)
		}
	}
}

// TestVisitorID: generated once, kept under the reference's key, sent on
// the socket URL and in every frame; an option wins and is kept.
func TestVisitorID(t *testing.T) {
	t.Parallel()
	store := NewMemoryStorage()
	mk := func(visitor string) *Client {
		c, err := New(&Options{BrandID: 1086, ChannelID: "chat_abc", CustomerID: "c-1", VisitorID: visitor, Storage: store, Environment: "custom",
			CustomEnvironment: &Endpoints{Chat: "http://127.0.0.1:9", Gateway: "ws://127.0.0.1:9/gw"}})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := mk("")
	id := first.opts.VisitorID
	if stored, _ := store.Get("visitorId"); len(id) != 36 || stored != id {
		t.Fatalf("visitor %q, stored %q", id, stored)
	}
	if again := mk("").opts.VisitorID; again != id {
		t.Fatalf("second client: %q, want %q", again, id)
	}
	u, _ := first.socketURL("")
	if !strings.HasSuffix(u, "&visitorId="+id) {
		t.Fatalf("socket URL %s", u)
	}
	frame, _ := first.envelope("e-1", "FetchThreadList", nil)
	var f struct {
		Payload struct {
			Visitor map[string]string `json:"visitor"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(frame, &f); err != nil || f.Payload.Visitor["id"] != id {
		t.Fatalf("frame %s", frame)
	}
	if mk("v-page").opts.VisitorID != "v-page" {
		t.Fatal("the option must win")
	}
	if stored, _ := store.Get("visitorId"); stored != "v-page" {
		t.Fatalf("stored %q, want the option's", stored)
	}
}

// TestMemoryCacheStorage: an item lives for its ttl on the clock.
func TestMemoryCacheStorage(t *testing.T) {
	t.Parallel()
	clock := &steppedClock{now: time.Unix(1_800_000_000, 0)}
	s := NewMemoryCacheStorage(clock)
	s.SetItem("TTR", RawJSON(`{"accessToken":"a"}`), time.Minute)
	if v, ok := s.GetItem("TTR"); !ok || string(v) != `{"accessToken":"a"}` {
		t.Fatalf("fresh: %s %v", v, ok)
	}
	clock.now = clock.now.Add(61 * time.Second)
	if _, ok := s.GetItem("TTR"); ok {
		t.Fatal("expired item returned")
	}
}

type steppedClock struct{ now time.Time }

func (c *steppedClock) Now() time.Time { return c.now }

func (c *steppedClock) AfterFunc(time.Duration, func()) Timer { return stoppedTimer{} }
