package sdk

import (
	"context"
	"strconv"
	"strings"
)

// fullMessage fetches a message's full content: a token from the gateway
// (GenerateAuthorizationToken for the message's URL), then a REST GET with
// it (PROTOCOL.md §4, "Full message content").
func (c *Client) fullMessage(ctx context.Context, thread, messageID string) (RawJSON, error) {
	const op = "getMessageFullContent"
	path := "/chat/1.0/brand/" + strconv.FormatInt(c.opts.BrandID, 10) + "/messages/" + pathEscape(messageID)
	tok, err := c.authorizationToken(ctx, thread, path)
	if err != nil {
		return nil, err
	}
	return c.doJSONAuth(ctx, op, strings.TrimRight(c.ep.Chat, "/")+path, tok)
}

// GenerateAuthorizationToken asks the gateway for a token that authorizes
// a GET of url (a path under the chat REST base).
func (c *Client) GenerateAuthorizationToken(ctx context.Context, thread, url string) (string, error) {
	return c.authorizationToken(ctx, thread, url)
}

func (c *Client) authorizationToken(ctx context.Context, thread, url string) (string, error) {
	const op = "generateAuthorizationToken"
	data := members{{"thread", threadRef{thread}}, {"url", jstr(url)}}
	ev, err := c.requestOpts(ctx, op, "GenerateAuthorizationToken", data, true)
	if err != nil {
		return "", err
	}
	t, d := ev.dataTree()
	token, _ := t.str(t.path(d, "authorizationToken", "token"))
	if ev.Error != nil || token == "" {
		return "", &Error{Code: CodeServer, Kind: KindChatSDK, Op: op, Msg: "Failed to generate authorization token", Response: ev}
	}
	return token, nil
}

// s3Event fetches the real event an EventInS3 frame points to.
func (c *Client) s3Event(ctx context.Context, ev *Event) (*Event, error) {
	const op = "EventInS3"
	t, d := ev.dataTree()
	url, _ := t.str(t.path(d, "s3Object", "url"))
	if url == "" {
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "EventInS3 without s3Object.url"}
	}
	body, err := c.doJSONAuth(ctx, op, url, "")
	if err != nil {
		return nil, err
	}
	real, err := DecodeFrame(body)
	if err != nil {
		return nil, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Failed to fetch additional data for event", Err: err}
	}
	return mapEvent(real), nil
}

// doJSONAuth is a GET with an optional bearer token and no SDK headers
// (S3 URLs are presigned and reject extra headers).
func (c *Client) doJSONAuth(ctx context.Context, op, url, token string) (RawJSON, error) {
	if c.opts.HTTP == nil {
		return nil, invalidArg(op, "no HTTP client configured")
	}
	ctx, cancel := withTimeout(ctx, c.opts.Clock, c.opts.RequestTimeout)
	defer cancel()
	h := map[string]string{}
	if token != "" {
		h["Authorization"] = "Bearer " + token
		h["Accept"] = "application/json"
	}
	resp, err := c.doHTTP(ctx, &HTTPRequest{Method: "GET", URL: url, Header: h})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctxError(op, ctx.Err()) // timed out or cancelled, as doJSON says it
		}
		return nil, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Failed to fetch", Err: err}
	}
	if resp.Status < 200 || resp.Status > 299 || !ValidJSON(resp.Body) {
		return nil, &Error{Code: CodeServer, Kind: KindChatSDK, Op: op, Msg: "Request failed with status " + strconv.Itoa(resp.Status)}
	}
	return resp.Body, nil
}
