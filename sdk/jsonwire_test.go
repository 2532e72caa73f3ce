package sdk

import "encoding/json"

// mustJSON is encoding/json's Marshal, for tests: the reference the
// hand-written encoders are compared with.
func mustJSON(v any) RawJSON {
	b, err := json.Marshal(v)
	if err != nil {
		return RawJSON("null")
	}
	return b
}
