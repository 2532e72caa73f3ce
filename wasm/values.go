//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"

	"github.com/hack-pad/safejs"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

var errNoBinding = errors.New("no binding object: load the wasm through the cxone-chat-wasm shim")

// argString reads args[i] as a string ("" when absent or not a string).
func argString(args []safejs.Value, i int) string {
	if i >= len(args) || args[i].Type() != safejs.TypeString {
		return ""
	}
	s, _ := args[i].String()
	return s
}

// argInt reads args[i] as an int (0 when absent or not a number).
func argInt(args []safejs.Value, i int) int {
	if i >= len(args) || args[i].Type() != safejs.TypeNumber {
		return 0
	}
	n, _ := args[i].Int()
	return n
}

// okJSON and errJSON are the two shapes a synchronous call returns; the shim
// throws the second.
func okJSON(v any) string {
	b, err := json.Marshal(struct {
		OK any `json:"ok"`
	}{v})
	if err != nil {
		return errJSON(sdk.AsError("encode", err))
	}
	return string(b)
}

func errJSON(err error) string {
	b, _ := json.Marshal(struct {
		Error *sdk.Error `json:"error"`
	}{sdk.AsError("", err)})
	return string(b)
}

// rawOr returns raw, or JSON null for nil.
func rawOr(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return json.RawMessage("null")
	}
	return raw
}

// global reads a global every browser has (Promise, WebSocket, Object);
// undefined when missing, which then fails at the first use with an error.
func global(name string) safejs.Value {
	v, err := safejs.Global().Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}
