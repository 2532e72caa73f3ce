//go:build js && wasm

package main

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

var (
	jsBlobCtor  = global("Blob")
	jsXHR       = global("XMLHttpRequest")
	jsFileRead  = global("FileReader")
	jsArrayCtor = global("Array")
)

// jsBlob is a page's File or Blob as an sdk.Blob: the core puts it in a
// request and this doer uploads it; its bytes never enter Go memory.
type jsBlob struct {
	v    safejs.Value
	size int64
}

func (b jsBlob) Size() int64 { return b.size }

// b64Chunk is how much of a file is base64-encoded at once (a multiple
// of 3, so that the pieces join into one base64 text): the JS heap holds
// one piece at a time, and the browser's blob store the rest.
const b64Chunk = 3 << 19 // 1.5 MiB

// maxUploadAnswer bounds the upload route's answer read into Go (chars).
const maxUploadAnswer = 1 << 20

// uploadDo performs a request whose body has parts, with XMLHttpRequest:
// in Chromium only XHR reports upload progress over HTTP/1.1 (a fetch with
// a streaming body needs HTTP/2). The body is a Blob the browser sends
// from its own store; the context's end aborts the request, and uploadDo
// returns only once the XHR has ended, so nothing outlives the call.
func uploadDo(ctx context.Context, req *sdk.HTTPRequest) (*sdk.HTTPResponse, error) {
	body, err := assembleBody(ctx, req.Parts)
	if err != nil {
		return nil, err
	}
	xhr, err := jsXHR.New()
	if err != nil {
		return nil, err
	}
	if _, err := xhr.Call("open", req.Method, req.URL, true); err != nil {
		return nil, err
	}
	for k, v := range req.Header {
		if _, err := xhr.Call("setRequestHeader", k, v); err != nil {
			return nil, err
		}
	}
	if req.Credentials {
		_ = xhr.Set("withCredentials", true)
	}
	ended := make(chan struct{}, 1)
	onEnd, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		select {
		case ended <- struct{}{}:
		default:
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	defer onEnd.Release()
	if _, err := xhr.Call("addEventListener", "loadend", onEnd.Value()); err != nil {
		return nil, err
	}
	if req.OnUploadProgress != nil {
		onProgress, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			defer func() { _ = recover() }() // a page's onProgress must not end the upload
			if len(args) == 0 {
				return nil
			}
			loaded, _ := floatOf(args[0], "loaded")
			total, _ := floatOf(args[0], "total")
			req.OnUploadProgress(int64(loaded), int64(total))
			return nil
		})
		if err != nil {
			return nil, err
		}
		defer onProgress.Release()
		upload, err := xhr.Get("upload")
		if err != nil {
			return nil, err
		}
		if _, err := upload.Call("addEventListener", "progress", onProgress.Value()); err != nil {
			return nil, err
		}
	}
	if _, err := xhr.Call("send", body); err != nil {
		return nil, err
	}
	select {
	case <-ended:
	case <-ctx.Done():
		// abort() fires loadend before it returns (XHR spec, "abort steps"),
		// unless the request had ended already: both leave ended ready.
		_, _ = xhr.Call("abort")
		<-ended
		return nil, ctx.Err()
	}
	status, _ := floatOf(xhr, "status")
	if status == 0 {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errors.New("network error")
	}
	text, err := xhr.Get("responseText")
	if err != nil {
		return nil, err
	}
	// An upload's answer is a line of JSON: no more than a bound of it
	// is copied into Go.
	if text.Type() == safejs.TypeString {
		if head, err := stringMethod("slice").Call("call", text, 0, maxUploadAnswer+1); err == nil {
			text = head
		}
	}
	s, _ := text.String()
	return &sdk.HTTPResponse{Status: int(status), Body: []byte(s)}, nil
}

func floatOf(v safejs.Value, name string) (float64, error) {
	f, err := v.Get(name)
	if err != nil {
		return 0, err
	}
	return f.Float()
}

// assembleBody makes the parts one JS Blob. A base64 part is encoded by
// the browser (FileReader.readAsDataURL) a chunk at a time; each piece is
// folded into the Blob as it comes, so the JS heap never holds the whole
// text.
func assembleBody(ctx context.Context, parts []sdk.BodyPart) (safejs.Value, error) {
	body, err := newBlob()
	if err != nil {
		return safejs.Undefined(), err
	}
	for _, p := range parts {
		if p.Blob == nil {
			if body, err = newBlob(body, string(p.Bytes)); err != nil {
				return safejs.Undefined(), err
			}
			continue
		}
		b, ok := p.Blob.(jsBlob)
		if !ok {
			return safejs.Undefined(), errors.New("the browser can upload only a page's File or Blob")
		}
		if !p.Base64 {
			if body, err = newBlob(body, b.v); err != nil {
				return safejs.Undefined(), err
			}
			continue
		}
		for off := int64(0); off < b.size; off += b64Chunk {
			slice, err := b.v.Call("slice", float64(off), float64(min(off+b64Chunk, b.size)))
			if err != nil {
				return safejs.Undefined(), err
			}
			piece, err := base64Of(ctx, slice)
			if err != nil {
				return safejs.Undefined(), err
			}
			if body, err = newBlob(body, piece); err != nil {
				return safejs.Undefined(), err
			}
		}
	}
	return body, nil
}

// newBlob is new Blob([parts...]).
func newBlob(parts ...any) (safejs.Value, error) {
	arr, err := jsArrayCtor.New()
	if err != nil {
		return safejs.Undefined(), err
	}
	for _, p := range parts {
		if _, err := arr.Call("push", p); err != nil {
			return safejs.Undefined(), err
		}
	}
	return jsBlobCtor.New(arr)
}

// base64Of reads a Blob as a data: URL and returns the text after the
// comma, as a JS string (it stays in JS).
func base64Of(ctx context.Context, blob safejs.Value) (safejs.Value, error) {
	r, err := jsFileRead.New()
	if err != nil {
		return safejs.Undefined(), err
	}
	done := make(chan struct{}, 1)
	onEnd, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		select {
		case done <- struct{}{}:
		default:
		}
		return nil
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	defer onEnd.Release()
	if _, err := r.Call("addEventListener", "loadend", onEnd.Value()); err != nil {
		return safejs.Undefined(), err
	}
	if _, err := r.Call("readAsDataURL", blob); err != nil {
		return safejs.Undefined(), err
	}
	select {
	case <-done:
	case <-ctx.Done():
		_, _ = r.Call("abort") // fires loadend
		<-done
		return safejs.Undefined(), ctx.Err()
	}
	res, err := r.Get("result")
	if err != nil {
		return safejs.Undefined(), err
	}
	if res.Type() != safejs.TypeString {
		return safejs.Undefined(), errors.New("the file could not be read")
	}
	// A string is not an object to syscall/js: call String.prototype's
	// methods on it.
	comma, err := stringMethod("indexOf").Call("call", res, ",")
	if err != nil {
		return safejs.Undefined(), err
	}
	i, _ := comma.Int()
	return stringMethod("slice").Call("call", res, i+1)
}

func stringMethod(name string) safejs.Value {
	proto, err := global("String").Get("prototype")
	if err != nil {
		return safejs.Undefined()
	}
	m, err := proto.Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return m
}

var notFiles = &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "sendAttachments", Msg: "FileList must be provided to sendAttachment method"}

// jsFiles reads the page's files, as the shim passes them, into sdk.Files.
func jsFiles(list safejs.Value) ([]sdk.File, error) {
	n, err := floatOf(list, "length")
	if err != nil {
		return nil, err
	}
	out := make([]sdk.File, 0, int(n))
	for i := 0; i < int(n); i++ {
		v, err := list.Index(i)
		if err != nil {
			return nil, err
		}
		if v.Type() != safejs.TypeObject || v.IsNull() {
			return nil, notFiles
		}
		if ok, err := v.InstanceOf(jsBlobCtor); err != nil || !ok {
			return nil, notFiles // not a File or Blob: nothing the browser can upload
		}
		size, err := floatOf(v, "size")
		if err != nil || size < 0 {
			return nil, notFiles
		}
		f := sdk.File{Size: int64(size), Content: jsBlob{v: v, size: int64(size)}}
		if name, err := v.Get("name"); err == nil && name.Type() == safejs.TypeString {
			f.Name, _ = name.String()
		}
		if typ, err := v.Get("type"); err == nil && typ.Type() == safejs.TypeString {
			f.Type, _ = typ.String()
		}
		out = append(out, f)
	}
	return out, nil
}

type jsArgKey struct{}

// withJSArg carries a call's JS value (beside its JSON arguments) to the
// method.
func withJSArg(ctx context.Context, v safejs.Value) context.Context {
	return context.WithValue(ctx, jsArgKey{}, v)
}

func jsArg(ctx context.Context) safejs.Value {
	if v, ok := ctx.Value(jsArgKey{}).(safejs.Value); ok {
		return v
	}
	return safejs.Undefined()
}

// uploadArgs reads {files, onProgress} from the call's JS value;
// onProgress(index, loaded, total) is the shim's, which never throws.
func uploadArgs(ctx context.Context) ([]sdk.File, func(int, int64, int64), error) {
	v := jsArg(ctx)
	bad := &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "sendAttachments", Msg: "FileList must be provided to sendAttachment method"}
	if v.Type() != safejs.TypeObject || v.IsNull() {
		return nil, nil, bad
	}
	list, err := v.Get("files")
	if err != nil || list.Type() != safejs.TypeObject || list.IsNull() {
		return nil, nil, bad
	}
	files, err := jsFiles(list)
	if err != nil {
		return nil, nil, err
	}
	var progress func(int, int64, int64)
	if fn, err := v.Get("onProgress"); err == nil && fn.Type() == safejs.TypeFunction {
		progress = func(i int, loaded, total int64) {
			_, _ = fn.Invoke(i, float64(loaded), float64(total))
		}
	}
	return files, progress, nil
}

// sendFiles is thread.sendAttachments with the page's File objects.
func sendFiles(ctx context.Context, t *sdk.Thread, messageID string) (any, error) {
	files, progress, err := uploadArgs(ctx)
	if err != nil {
		return nil, err
	}
	return t.SendFiles(ctx, files, &sdk.SendFilesOptions{MessageID: messageID, OnProgress: progress})
}

// uploadFile is createAttachmentPayload: one file, no message.
func uploadFile(ctx context.Context, c *sdk.Client) (any, error) {
	files, progress, err := uploadArgs(ctx)
	if err != nil {
		return nil, err
	}
	if len(files) != 1 {
		return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "createAttachmentPayload", Msg: "one file expected"}
	}
	var fn sdk.UploadProgress
	if progress != nil {
		fn = func(loaded, total int64) { progress(0, loaded, total) }
	}
	return c.UploadFile(ctx, files[0], fn)
}
