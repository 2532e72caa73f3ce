package sdk

import (
	"strings"
	"testing"
)

// TestPersistDataEscapedToken: the page's own JSON may spell accessToken
// with an escape; it is still left out of storage (the byte search alone
// would have kept it).
func TestPersistDataEscapedToken(t *testing.T) {
	raw := RawJSON(`{"accessTok\u0065n":{"token":"SECRET"},"messageContent":{"type":"TEXT"}}`)
	if got := string(persistData(raw)); strings.Contains(got, "SECRET") {
		t.Fatalf("stored: %s", got)
	}
}
