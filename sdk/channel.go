package sdk

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
)

// ThreadList returns the customer's threads (ThreadListFetched data.threads).
func (c *Client) ThreadList(ctx context.Context) (json.RawMessage, error) {
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
	var data any = struct{}{}
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
func (c *Client) ChannelInfo(ctx context.Context) (json.RawMessage, error) {
	locale := strings.ReplaceAll(c.opts.Language, "-", "_")
	return c.getJSON(ctx, "getChannelInfo", c.channelPath()+"?locale="+locale)
}

// ChannelAvailability fetches {status: "online"|"offline"}.
func (c *Client) ChannelAvailability(ctx context.Context) (json.RawMessage, error) {
	return c.getJSON(ctx, "getChannelAvailability", c.channelPath()+"/availability")
}

func (c *Client) channelPath() string {
	return strings.TrimRight(c.ep.Chat, "/") + "/chat/1.0/brand/" + strconv.FormatInt(c.opts.BrandID, 10) + "/channel/" + pathEscape(c.opts.ChannelID)
}

// getJSON performs a REST GET with the reference's headers and returns the
// body when it is JSON and the status is 2xx.
func (c *Client) getJSON(ctx context.Context, op, url string) (json.RawMessage, error) {
	return c.doJSON(ctx, op, "GET", url, nil, false)
}

// doJSON performs a REST call with the reference's headers. With
// bodyOnError, a JSON body of a non-2xx answer is returned for the caller
// to read (attachment refusals come so).
func (c *Client) doJSON(ctx context.Context, op, method, url string, body []byte, bodyOnError bool) (json.RawMessage, error) {
	if c.opts.HTTP == nil {
		return nil, invalidArg(op, "no HTTP client configured")
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	h := c.restHeaders()
	resp, err := c.opts.HTTP.Do(ctx, &HTTPRequest{Method: method, URL: url, Header: h, Body: body})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err())
		}
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Failed to fetch", Err: err}
	}
	if (resp.Status < 200 || resp.Status > 299) && !(bodyOnError && json.Valid(resp.Body)) {
		return nil, &Error{Code: CodeServer, Kind: KindChatSDK, Op: op, Msg: "Request failed with status " + strconv.Itoa(resp.Status)}
	}
	if !json.Valid(resp.Body) {
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Response is not JSON"}
	}
	return resp.Body, nil
}

// restHeaders are the headers of every REST call (PROTOCOL.md §6).
func (c *Client) restHeaders() map[string]string {
	h := map[string]string{
		"Content-Type":        "application/json",
		"Accept":              "application/json",
		"X-Caller-Service-Id": c.opts.AppName,
		"X-Sdk-Platform":      "web",
		"X-Sdk-Version":       Version,
	}
	for k, v := range c.opts.HTTPHeaders {
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
