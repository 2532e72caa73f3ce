package sdk

import (
	"context"
	"encoding/json"
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
	Data json.RawMessage
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

// MarshalJSON gives the bridge what it needs to build the JS error object.
func (e *Error) MarshalJSON() ([]byte, error) {
	type wire struct {
		Code     Code            `json:"code"`
		Kind     string          `json:"kind"`
		Op       string          `json:"op,omitempty"`
		Message  string          `json:"message"`
		Cause    string          `json:"cause,omitempty"`
		Response *Event          `json:"response,omitempty"`
		Data     json.RawMessage `json:"data,omitempty"`
	}
	w := wire{Code: e.Code, Kind: e.Kind, Op: e.Op, Message: e.Msg, Response: e.Response, Data: e.Data}
	if e.Err != nil {
		w.Cause = e.Err.Error()
	}
	return json.Marshal(w)
}

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
