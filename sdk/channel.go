package sdk

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// ThreadList returns the customer's threads (ThreadListFetched data.threads).
func (c *Client) ThreadList(ctx context.Context) (RawJSON, error) {
	const op = "getThreadList"
	if !c.usable() {
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Cannot get thread list because websocket is disconnected"}
	}
	ev, err := c.request(ctx, op, "FetchThreadList", nil)
	if err != nil {
		return nil, err
	}
	threads := ev.dataField("threads")
	if threads == nil {
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Invalid response from fetch thread list (getThreadList)", Response: ev}
	}
	return threads, nil
}

// RecoverThreadData recovers a thread by id, or the latest one when id is
// "". The thread it names becomes known to Client.Thread.
func (c *Client) RecoverThreadData(ctx context.Context, id string, livechat bool) (*Event, error) {
	const op = "recoverThreadData"
	eventType := "RecoverThread"
	if livechat {
		eventType = "RecoverLivechat"
	}
	var data jsonValue = RawJSON("{}")
	if id != "" {
		data = threadOnly{threadRef{id}}
	}
	ev, err := c.request(ctx, op, eventType, data)
	if err != nil {
		return nil, err
	}
	if !isRecoverSuccess(ev) {
		return nil, &Error{Code: CodeServer, Kind: KindThreadRecover, Op: op, Msg: "Thread not found", Response: ev}
	}
	if ev.ThreadID != "" {
		if _, err := c.Thread(ev.ThreadID); err == nil {
			c.observe(ev) // the thread did not exist when the reply was observed
		}
	}
	return ev, nil
}

// ChannelInfo fetches the channel's settings (PROTOCOL.md §6).
func (c *Client) ChannelInfo(ctx context.Context) (RawJSON, error) {
	locale := strings.ReplaceAll(c.opts.Language, "-", "_")
	return c.getJSON(ctx, "getChannelInfo", c.channelPath()+"?locale="+locale)
}

// ChannelAvailability fetches {status: "online"|"offline"}.
func (c *Client) ChannelAvailability(ctx context.Context) (RawJSON, error) {
	return c.getJSON(ctx, "getChannelAvailability", c.channelPath()+"/availability")
}

func (c *Client) channelPath() string {
	return strings.TrimRight(c.ep.Chat, "/") + "/chat/1.0/brand/" + strconv.FormatInt(c.opts.BrandID, 10) + "/channel/" + pathEscape(c.opts.ChannelID)
}

// getJSON performs a REST GET with the reference's headers and returns the
// body when it is JSON and the status is 2xx.
func (c *Client) getJSON(ctx context.Context, op, url string) (RawJSON, error) {
	return c.doJSON(ctx, op, "GET", url, nil, false)
}

// doJSON performs a REST call with the reference's headers. With
// bodyOnError, a JSON body of a non-2xx answer is returned for the caller
// to read (attachment refusals come so).
func (c *Client) doJSON(ctx context.Context, op, method, url string, body []byte, bodyOnError bool) (RawJSON, error) {
	if c.opts.HTTP == nil {
		return nil, invalidArg(op, "no HTTP client configured")
	}
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	h := c.restHeaders()
	resp, err := c.doHTTP(ctx, &HTTPRequest{Method: method, URL: url, Header: h, Body: body})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err())
		}
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Failed to fetch", Err: err}
	}
	if (resp.Status < 200 || resp.Status > 299) && !(bodyOnError && ValidJSON(resp.Body)) {
		return nil, &Error{Code: CodeServer, Kind: KindChatSDK, Op: op, Msg: "Request failed with status " + strconv.Itoa(resp.Status)}
	}
	if !ValidJSON(resp.Body) {
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Response is not JSON"}
	}
	return resp.Body, nil
}

// MaxGETAttempts is how often a GET is tried when the network fails
// (reference 3.3.0, fetchHelpers MAX_FETCH_ATTEMPTS).
const MaxGETAttempts = 5

// retryBaseDelay is the backoff unit between GET attempts: attempt n waits
// retryBaseDelay·2^(n-1) plus up to retryBaseDelay of jitter.
const retryBaseDelay = 200 * time.Millisecond

// doHTTP performs one REST request through Options.HTTP. As in the
// reference 3.3.0, a GET that fails at the network level (the HTTPDoer
// returned an error: fetch threw) is tried again, up to MaxGETAttempts in
// all, after 200 ms·2^(n-1) plus up to 200 ms of jitter, waited on the
// Clock. An HTTP answer of any status (429 and 5xx included) is returned,
// never retried: the server chose to refuse. Other methods are tried once.
// ctx (the caller's AbortSignal and the request timeout) bounds the whole
// sequence, waits included.
func (c *Client) doHTTP(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	attempts := 1
	if req.Method == "GET" {
		attempts = MaxGETAttempts
	}
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := c.opts.HTTP.Do(ctx, req)
		if err == nil || n >= attempts || ctx.Err() != nil {
			return resp, err
		}
		if !sleep(ctx, c.opts.Clock, retryDelay(n)) {
			return nil, ctxCause(ctx)
		}
	}
}

// retryDelay is the wait after failed attempt n (1-based).
func retryDelay(n int) time.Duration {
	return retryBaseDelay<<(n-1) + time.Duration(randFloat()*float64(retryBaseDelay))
}

// restHeaders are the headers of every REST call (PROTOCOL.md §6), as the
// reference 3.3.0 builds them: the page's networkRequestMetadata headers
// first, then the SDK's own, which win. Each call gets its own X-Trace-ID
// (a new uuid) unless the page's headers carry an x-trace-id.
func (c *Client) restHeaders() map[string]string {
	h := make(map[string]string, len(c.opts.HTTPHeaders)+6)
	trace := ""
	for k, v := range c.opts.HTTPHeaders {
		if strings.EqualFold(k, "x-trace-id") {
			trace = v
			continue
		}
		h[k] = v
	}
	if trace == "" {
		trace = c.opts.NewID()
	}
	for k, v := range map[string]string{
		"Content-Type":        "application/json",
		"Accept":              "application/json",
		"X-Caller-Service-Id": c.opts.AppName,
		"X-Sdk-Platform":      "web",
		"X-Sdk-Version":       Version,
		"X-Trace-ID":          trace,
	} {
		for pk := range h {
			if strings.EqualFold(pk, k) {
				delete(h, pk) // one header of each name
			}
		}
		h[k] = v
	}
	return h
}

func pathEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-._~", ch) >= 0 {
			b.WriteByte(ch)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(ch)|0x100, 16)[1:]))
		}
	}
	return b.String()
}
