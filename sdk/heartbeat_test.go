package sdk_test

import (
	"context"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/internal/fakeclock"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// recordingDialer dials through d and hands each written frame to frames.
type recordingDialer struct {
	d      sdk.Dialer
	frames chan string
}

func (r recordingDialer) Dial(ctx context.Context, url string) (sdk.Conn, error) {
	c, err := r.d.Dial(ctx, url)
	if err != nil {
		return nil, err
	}
	return recordingConn{c, r.frames}, nil
}

type recordingConn struct {
	sdk.Conn
	frames chan string
}

func (c recordingConn) Write(ctx context.Context, p []byte) error {
	select {
	case c.frames <- string(p):
	default: // a test that stopped listening does not block the writer
	}
	return c.Conn.Write(ctx, p)
}

// TestSecuredHeartbeatAtOpen: as the reference does in a secured session,
// the first heartbeat goes out as the socket opens, not one interval later
// (the interval here is an hour: any heartbeat seen is the opening one).
func TestSecuredHeartbeatAtOpen(t *testing.T) {
	t.Parallel()
	srv, _ := authSandbox(t, time.Hour, nil)
	frames := make(chan string, 64)
	o := sandboxOptions(srv, "chat_abc")
	o.CustomerID, o.SecuredSession = "guest-hb", sdk.SecuredAnonymous
	o.Dialer = recordingDialer{o.Dialer, frames}
	o.HeartbeatInterval, o.HeartbeatTimeout = time.Hour, 2*time.Hour
	if _, err := connect(t, o); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second) // a hang guard: the frame is written at open
	for {
		select {
		case f := <-frames:
			if f == `{"action":"heartbeat"}` {
				return
			}
		case <-deadline:
			t.Fatal("no heartbeat at open in a secured session")
		}
	}
}

// TestHeartbeatOnAuthorized: a non-secured session starts its heartbeat
// when the gateway says the customer is authorized (as the reference),
// without waiting an interval; before that frame, only the interval sends
// one (the clock here never moves).
func TestHeartbeatOnAuthorized(t *testing.T) {
	t.Parallel()
	gw := newFakeGW()
	clock := fakeclock.New(time.Unix(1_800_000_000, 0))
	o := fakeOptions(gw, clock)
	gw.wrote = make(chan string, 64)
	gw.reply = func(fc *fakeConn, typ, id string, _ sdk.RawJSON) {
		if typ == "FetchThreadList" {
			fc.ack(id, "ThreadListFetched", `{"threads":[]}`)
		}
	}
	c := newFakeClient(t, o)
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	conn := <-gw.dialed
	// A round trip on the socket: the reader has handled every frame before
	// the answer, and no heartbeat was written without the frame.
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	conn.push(`{"eventId":"x1","eventType":"Unrelated","data":{"authorizationStatus":"pending"}}`)
	if _, err := c.ThreadList(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := conn.writes("heartbeat"); n != 0 {
		t.Fatalf("%d heartbeats before the gateway said authorized", n)
	}
	conn.push(`{"authorizationStatus":"authorized"}`)
	deadline := time.After(10 * time.Second) // a hang guard: the clock never moves
	for {
		select {
		case typ := <-gw.wrote:
			if typ == "heartbeat" {
				return
			}
		case <-deadline:
			t.Fatal("no heartbeat after the authorized frame")
		}
	}
}
