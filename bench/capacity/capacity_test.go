package main

import (
	"context"
	"testing"
	"time"
)

// TestSmoke runs a tiny capacity measurement: every session must connect,
// stay connected, and every echo must come back without error. (The real
// measurement, thousands of sessions, is `go run ./bench/capacity`.)
func TestSmoke(t *testing.T) {
	cfg := config{Sessions: 20, Hold: 500 * time.Millisecond, Rate: 100, DialWorkers: 4}
	res, err := measure(context.Background(), cfg, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if res.Held != cfg.Sessions || res.Errors != 0 {
		t.Fatalf("held %d of %d, %d errors (first: %s)", res.Held, cfg.Sessions, res.Errors, res.FirstError)
	}
	if res.Echoes == 0 || res.P99Ms <= 0 || res.P50Ms > res.P99Ms {
		t.Fatalf("echo figures: %+v", res)
	}
}
