package sdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk/native"
)

// gatedDoer is native.HTTP that counts uploads (requests with Parts) and,
// when gated, holds each until the test releases it by file name.
type gatedDoer struct {
	native.HTTP
	gated bool

	mu       sync.Mutex
	uploads  int
	inFlight int
	maxIn    int
	started  chan string
	release  map[string]chan error // nil error: go on; else fail with it
}

func newGatedDoer(gated bool) *gatedDoer {
	return &gatedDoer{gated: gated, started: make(chan string, 16), release: map[string]chan error{}}
}

func (d *gatedDoer) gate(name string) chan error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.release[name] == nil {
		d.release[name] = make(chan error, 1)
	}
	return d.release[name]
}

func (d *gatedDoer) Do(ctx context.Context, req *sdk.HTTPRequest) (*sdk.HTTPResponse, error) {
	if req.Parts == nil {
		return d.HTTP.Do(ctx, req)
	}
	var name string
	_ = json.Unmarshal(bytes.TrimSuffix(bytes.SplitN(req.Parts[2].Bytes, []byte(`"fileName":`), 2)[1], []byte(`,"mimeType":"text/plain"}`)), &name)
	d.mu.Lock()
	d.uploads++
	d.inFlight++
	d.maxIn = max(d.maxIn, d.inFlight)
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.inFlight--
		d.mu.Unlock()
	}()
	if d.gated {
		d.started <- name
		select {
		case err := <-d.gate(name):
			if err != nil {
				return nil, err
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return d.HTTP.Do(ctx, req)
}

func (d *gatedDoer) counts() (uploads, inFlight, maxIn int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.uploads, d.inFlight, d.maxIn
}

// fileSetup connects a client to a sandbox with the given limits, through d.
func fileSetup(t *testing.T, limits *sim.FileLimits, d *gatedDoer) (*sdk.Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(sim.New(sim.Config{AgentDelay: time.Hour, FileLimits: limits}))
	t.Cleanup(srv.Close)
	c, err := sdk.New(&sdk.Options{
		BrandID: 1086, ChannelID: "chat_abc", CustomerID: "cust-" + sdk.NewID(), Environment: "custom",
		CustomEnvironment: &sdk.Endpoints{Name: "sandbox", Chat: srv.URL, Gateway: "ws" + strings.TrimPrefix(srv.URL, "http") + "/gw", Authorize: srv.URL + "/auth"},
		Dialer:            native.Dialer{}, HTTP: d,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if _, err := c.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func textFile(name string, size int) sdk.File {
	b := bytes.Repeat([]byte{'x'}, size)
	return sdk.File{Name: name, Type: "text/plain", Size: int64(size), Content: sdk.BytesBlob(b)}
}

// sentMessages counts the SendMessage frames the sandbox received.
func sentMessages(t *testing.T, srv *httptest.Server) int {
	t.Helper()
	resp, err := http.Get(srv.URL + "/sandbox/received")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list []struct {
		Frame struct {
			Payload struct {
				EventType string `json:"eventType"`
			} `json:"payload"`
		} `json:"frame"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range list {
		if e.Frame.Payload.EventType == "SendMessage" {
			n++
		}
	}
	return n
}

type refusalData struct {
	Response struct {
		AllowedFileSize  sdk.RawJSON `json:"allowedFileSize"`
		AllowedFileTypes []struct {
			MimeType string `json:"mimeType"`
		} `json:"allowedFileTypes"`
	} `json:"response"`
	FileIndex int    `json:"fileIndex"`
	FileName  string `json:"fileName"`
	Reason    string `json:"reason"`
}

func asRefusal(t *testing.T, err error) refusalData {
	t.Helper()
	var e *sdk.Error
	if !errors.As(err, &e) || e.Kind != sdk.KindUploadAttachment {
		t.Fatalf("want UploadAttachmentError, got %v", err)
	}
	var d refusalData
	if err := json.Unmarshal(e.Data, &d); err != nil {
		t.Fatalf("data %s: %v", e.Data, err)
	}
	return d
}

// TestSendFilesRefusedBeforeUpload: a file over the channel's size, of a
// type it does not take, or any file on a channel without attachments, is
// refused from the channel info alone: no upload starts (not even of the
// files before it) and no message is sent; the error names the file and
// carries the restrictions in the upload route's shape.
func TestSendFilesRefusedBeforeUpload(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		limits sim.FileLimits
		files  []sdk.File
		index  int
		reason string
		size   string // allowedFileSize as the data carries it: channel info's string
	}{
		{"size", sim.FileLimits{MaxMB: 0.001}, []sdk.File{textFile("a.txt", 10), textFile("b.txt", 2000)}, 1, sdk.RefusedSize, `"0.001"`},
		{"type", sim.FileLimits{Types: []sim.FileType{{MimeType: "image/*", Description: "Images"}, {MimeType: ".pdf", Description: "PDF"}}},
			[]sdk.File{{Name: "x.pdf", Type: "", Size: 1, Content: sdk.BytesBlob("%")}, textFile("c.txt", 5)}, 1, sdk.RefusedType, `"40"`},
		{"disabled", sim.FileLimits{Disabled: true}, []sdk.File{textFile("d.txt", 1)}, 0, sdk.RefusedDisabled, `"40"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := newGatedDoer(false)
			c, srv := fileSetup(t, &tc.limits, d)
			th, _ := c.Thread("refused-" + tc.name)
			_, err := th.SendFiles(context.Background(), tc.files, nil)
			r := asRefusal(t, err)
			if r.FileIndex != tc.index || r.FileName != tc.files[tc.index].Name || r.Reason != tc.reason {
				t.Fatalf("refusal %+v, want file %d (%s) for %s", r, tc.index, tc.files[tc.index].Name, tc.reason)
			}
			if string(r.Response.AllowedFileSize) != tc.size || r.Response.AllowedFileTypes == nil {
				t.Fatalf("response lacks the restrictions: %+v", r.Response)
			}
			if n, _, _ := d.counts(); n != 0 {
				t.Fatalf("%d uploads started", n)
			}
			if n := sentMessages(t, srv); n != 0 {
				t.Fatalf("%d messages sent", n)
			}
		})
	}
}

// TestFileRestrictionsFetchedOnce: the channel info is read once per
// session, and a refusal by the upload route itself (limits changed after
// it was read) is the same UploadAttachmentError, reason "server".
func TestFileRestrictionsFetchedOnce(t *testing.T) {
	t.Parallel()
	d := newGatedDoer(false)
	c, srv := fileSetup(t, nil, d)
	th, _ := c.Thread("server-refusal")
	if _, err := th.SendFiles(context.Background(), []sdk.File{textFile("ok.txt", 3)}, nil); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/sandbox/channels/chat_abc/file-limits", strings.NewReader(`{"maxMB":0.000001}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("set limits: %v %v", resp, err)
	}
	_, err := th.SendFiles(context.Background(), []sdk.File{textFile("late.txt", 3)}, nil)
	r := asRefusal(t, err)
	if r.Reason != sdk.RefusedServer || r.FileName != "late.txt" || string(r.Response.AllowedFileSize) != `"0.000001"` {
		t.Fatalf("refusal %+v", r)
	}
	if n, _, _ := d.counts(); n != 2 {
		t.Fatalf("%d uploads, want 2 (the cached info let the second through to the server)", n)
	}
	if n := sentMessages(t, srv); n != 1 {
		t.Fatalf("%d messages sent, want 1", n)
	}
}

// TestSendFilesOrderAndParallel: uploads that finish in reverse order are
// still sent as one message in the order given, and no more than
// Parallel run at once.
func TestSendFilesOrderAndParallel(t *testing.T) {
	t.Parallel()
	d := newGatedDoer(true)
	c, srv := fileSetup(t, nil, d)
	th, _ := c.Thread("ordered")
	names := []string{"one.txt", "two.txt", "three.txt", "four.txt"}
	files := make([]sdk.File, len(names))
	for i, n := range names {
		files[i] = textFile(n, 100*(i+1))
	}
	type result struct {
		ev  *sdk.Event
		err error
	}
	done := make(chan result, 1)
	go func() {
		ev, err := th.SendFiles(context.Background(), files, &sdk.SendFilesOptions{Parallel: 2})
		done <- result{ev, err}
	}()
	// Two start; finish the second first, then the first; then the others
	// in reverse.
	a, b := <-d.started, <-d.started
	d.gate(b) <- nil
	d.gate(a) <- nil
	x, y := <-d.started, <-d.started
	d.gate(y) <- nil
	d.gate(x) <- nil
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	var data struct {
		Message struct {
			Attachments []struct {
				FriendlyName string `json:"friendlyName"`
			} `json:"attachments"`
		} `json:"message"`
	}
	_ = json.Unmarshal(r.ev.Data, &data)
	var got []string
	for _, a := range data.Message.Attachments {
		got = append(got, a.FriendlyName)
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("attachments %v, want %v", got, names)
	}
	if _, _, maxIn := d.counts(); maxIn != 2 {
		t.Fatalf("%d uploads at once, want 2", maxIn)
	}
	if n := sentMessages(t, srv); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
}

// TestSendFilesFailureSendsNothing: when one upload fails, the call
// fails with it, the uploads under way are cancelled and waited for, and
// the uploaded files are not sent.
func TestSendFilesFailureSendsNothing(t *testing.T) {
	t.Parallel()
	d := newGatedDoer(true)
	c, srv := fileSetup(t, nil, d)
	th, _ := c.Thread("one-fails")
	files := []sdk.File{textFile("good.txt", 10), textFile("bad.txt", 10), textFile("slow.txt", 10)}
	done := make(chan error, 1)
	go func() {
		_, err := th.SendFiles(context.Background(), files, nil)
		done <- err
	}()
	for range files {
		<-d.started
	}
	d.gate("good.txt") <- nil
	d.gate("bad.txt") <- errors.New("connection reset")
	err := <-done // slow.txt is never released: cancelled
	var e *sdk.Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "connection reset") || string(e.Data) != `{"fileIndex":1,"fileName":"bad.txt"}` {
		t.Fatalf("err %v, data %s: want bad.txt's failure", err, e.Data)
	}
	if _, inFlight, _ := d.counts(); inFlight != 0 {
		t.Fatalf("%d uploads still under way after the call returned", inFlight)
	}
	if n := sentMessages(t, srv); n != 0 {
		t.Fatalf("%d messages sent", n)
	}
}

// TestSendFilesAbort: ending the context cancels the uploads, returns
// only once they ended, and sends nothing; the error is an AbortError.
func TestSendFilesAbort(t *testing.T) {
	t.Parallel()
	d := newGatedDoer(true)
	c, srv := fileSetup(t, nil, d)
	th, _ := c.Thread("aborted")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := th.SendFiles(ctx, []sdk.File{textFile("a.txt", 10), textFile("b.txt", 10)}, nil)
		done <- err
	}()
	<-d.started
	<-d.started
	cancel()
	err := <-done
	if sdk.ErrorCode(err) != sdk.CodeCanceled {
		t.Fatalf("err %v, want canceled", err)
	}
	var e *sdk.Error
	if errors.As(err, &e); e.Kind != sdk.KindAbort {
		t.Fatalf("kind %q", e.Kind)
	}
	if _, inFlight, _ := d.counts(); inFlight != 0 {
		t.Fatalf("%d uploads still under way", inFlight)
	}
	if n := sentMessages(t, srv); n != 0 {
		t.Fatalf("%d messages sent", n)
	}
}

// TestUploadProgress: progress is in the file's bytes, never goes back,
// and ends at the file's size; the file arrives byte for byte.
func TestUploadProgress(t *testing.T) {
	t.Parallel()
	c, _ := fileSetup(t, nil, newGatedDoer(false))
	content := make([]byte, 3<<20+1)
	for i := range content {
		content[i] = byte(i * 31)
	}
	var got [][2]int64
	a, err := c.UploadFile(context.Background(), sdk.File{Name: "bin.png", Type: "image/png", Size: int64(len(content)), Content: sdk.BytesBlob(content)},
		func(loaded, total int64) { got = append(got, [2]int64{loaded, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 {
		t.Fatalf("progress %v: want several steps", got)
	}
	for i, p := range got {
		if p[1] != int64(len(content)) || (i > 0 && p[0] <= got[i-1][0]) {
			t.Fatalf("progress %v not forward-only in file bytes", got)
		}
	}
	if last := got[len(got)-1]; last[0] != last[1] {
		t.Fatalf("last progress %v, want the whole file", last)
	}
	resp, err := http.Get(a.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if !bytes.Equal(buf.Bytes(), content) || resp.Header.Get("Content-Type") != "image/png" || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="bin.png"`) {
		t.Fatalf("download: %d bytes, %q, %q", buf.Len(), resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
}

// TestSendFilesBadArguments: no files, a file without content or whose
// size is not its content's, are invalid arguments and nothing is fetched.
func TestSendFilesBadArguments(t *testing.T) {
	t.Parallel()
	d := newGatedDoer(false)
	c, _ := fileSetup(t, nil, d)
	th, _ := c.Thread("bad-args")
	for _, files := range [][]sdk.File{nil, {{Name: "x"}}, {{Name: "y", Size: 5, Content: sdk.BytesBlob("abc")}}} {
		if _, err := th.SendFiles(context.Background(), files, nil); sdk.ErrorCode(err) != sdk.CodeInvalidArgument {
			t.Fatalf("%v: err %v", files, err)
		}
	}
	if n, _, _ := d.counts(); n != 0 {
		t.Fatalf("%d uploads", n)
	}
}
