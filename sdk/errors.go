package sdk

import (
	"context"
	"errors"
	"strconv"
)

// Code classifies an Error. Callers branch on it; the set is closed.
type Code string

const (
	CodeInvalidArgument Code = "invalid-argument" // the caller passed something unusable
	CodeTimeout         Code = "timeout"          // no reply within the request timeout
	CodeCanceled        Code = "canceled"         // the caller's context ended or it aborted
	CodeClosed          Code = "closed"           // the connection is not open
	CodeProtocol        Code = "protocol"         // the server sent something we cannot use
	CodeServer          Code = "server"           // the server answered with an error
	CodeUnauthorized    Code = "unauthorized"     // authorization was refused
	CodeInternal        Code = "internal"         // a bug: a recovered panic and the like
)

// Error is the one error type the core returns.
//
// Kind and Msg carry what the reference SDK shows a page: Kind is the name of
// its error class (ChatSDKError, SendMessageFailedError, …) and Msg the text
// after "[ChatSDKError]: ". Response is the server's reply when one caused the
// error, as the reference puts it in error.data.response.
type Error struct {
	Code     Code
	Kind     string
	Op       string
	Msg      string
	Response *Event
	// Data, when set, is the JS error's data object as the core built it
	// (UploadAttachmentError: {response, fileIndex, fileName, reason}).
	Data []byte
	Err  error
}

// Error formats as "cxone: op: msg: cause".
func (e *Error) Error() string {
	s := "cxone: "
	if e.Op != "" {
		s += e.Op + ": "
	}
	s += e.Msg
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause, so errors.Is(err, context.DeadlineExceeded) works.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the Code of err, or "" when err is not an *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// The reference SDK's error class names, as pages see them (error.name is
// "ChatSDKError" for most; the class is what instanceof tests).
const (
	KindChatSDK          = "ChatSDKError"
	KindSendMessage      = "SendMessageFailedError"
	KindThreadRecover    = "ThreadRecoverFailedError"
	KindAuthorization    = "AuthorizationError"
	KindIPBlocked        = "IpAddressBlockedError"
	KindAbort            = "AbortError"
	KindTimeout          = "TimeoutError"
	KindVersion          = "SdkVersionNotSupported"
	KindWebSocketClient  = "WebSocketClientError"
	KindWebSocketConnect = "WebSocketConnectionError"
)

func invalidArg(op, msg string) *Error {
	return &Error{Code: CodeInvalidArgument, Kind: KindChatSDK, Op: op, Msg: msg}
}

func quote(s string) string { return strconv.Quote(s) }

// ctxError turns a context's end into an Error naming the request.
func ctxError(op string, err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: CodeTimeout, Kind: KindTimeout, Op: op, Msg: "Request " + op + " timed out", Err: err}
	}
	return &Error{Code: CodeCanceled, Kind: KindAbort, Op: op, Msg: "Aborted", Err: err}
}

// MarshalJSON gives the bridge what it needs to build the JS error object:
// {code, kind, op?, message, cause?, response?, data?}.
func (e *Error) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// AppendJSON appends MarshalJSON's form to b.
func (e *Error) AppendJSON(b []byte) []byte {
	b = append(b, `{"code":`...)
	b = appendQuoted(b, string(e.Code))
	b = append(b, `,"kind":`...)
	b = appendQuoted(b, e.Kind)
	if e.Op != "" {
		b = append(b, `,"op":`...)
		b = appendQuoted(b, e.Op)
	}
	b = append(b, `,"message":`...)
	b = appendQuoted(b, e.Msg)
	if e.Err != nil {
		if cause := e.Err.Error(); cause != "" {
			b = append(b, `,"cause":`...)
			b = appendQuoted(b, cause)
		}
	}
	if e.Response != nil {
		b = append(b, `,"response":`...)
		b = e.Response.AppendJSON(b)
	}
	if len(e.Data) > 0 && ValidJSON(e.Data) {
		b = append(b, `,"data":`...)
		b = append(b, e.Data...)
	}
	return append(b, '}')
}

// AppendQuoted appends s as a JSON string (for the bridge's own encoders).
func AppendQuoted(b []byte, s string) []byte { return appendQuoted(b, s) }

// AsError wraps any error as an *Error (code internal unless it is one).
func AsError(op string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return ctxError(op, err)
	}
	return &Error{Code: CodeInternal, Kind: KindChatSDK, Op: op, Msg: err.Error()}
}
