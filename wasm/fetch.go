//go:build js && wasm

package main

import (
	"context"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

var (
	jsObject          = global("Object")
	jsAbortController = global("AbortController")
)

// fetchDoer performs REST calls with the browser's fetch; the context's end
// aborts the request.
type fetchDoer struct{}

func (fetchDoer) Do(ctx context.Context, req *sdk.HTTPRequest) (*sdk.HTTPResponse, error) {
	if req.Parts != nil {
		return uploadDo(ctx, req) // upload.go
	}
	init, err := jsObject.New()
	if err != nil {
		return nil, err
	}
	headers, err := jsObject.New()
	if err != nil {
		return nil, err
	}
	for k, v := range req.Header {
		if err := headers.Set(k, v); err != nil {
			return nil, err
		}
	}
	ac, err := jsAbortController.New()
	if err != nil {
		return nil, err
	}
	signal, err := ac.Get("signal")
	if err != nil {
		return nil, err
	}
	_ = init.Set("method", req.Method)
	_ = init.Set("headers", headers)
	_ = init.Set("signal", signal)
	if req.Credentials {
		_ = init.Set("credentials", "include")
	}
	if len(req.Body) > 0 {
		_ = init.Set("body", string(req.Body))
	}
	stop := context.AfterFunc(ctx, func() { _, _ = ac.Call("abort") })
	defer stop()
	p, err := safejs.Global().Call("fetch", req.URL, init)
	if err != nil {
		return nil, err
	}
	resp, err := await(ctx, p)
	if err != nil {
		return nil, err
	}
	statusV, err := resp.Get("status")
	if err != nil {
		return nil, err
	}
	status, _ := statusV.Int()
	textP, err := resp.Call("text")
	if err != nil {
		return nil, err
	}
	text, err := await(ctx, textP)
	if err != nil {
		return nil, err
	}
	body, _ := text.String()
	return &sdk.HTTPResponse{Status: status, Body: []byte(body)}, nil
}
