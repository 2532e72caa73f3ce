package sdk_test

import (
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run when goroutines of the chat core remain after the
// tests: every goroutine of a session must end with it (Close waits for
// them), as coder/websocket's main_test.go checks for its package.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := leakedGoroutines(); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines of the sdk remain after the tests:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// leakedGoroutines returns the stacks of live goroutines running sdk code
// (other than this check). Servers of the tests close asynchronously, so it
// looks a few times before it gives up on them.
func leakedGoroutines() string {
	var found string
	for range 50 {
		http.DefaultClient.CloseIdleConnections()
		found = sdkStacks()
		if found == "" {
			return ""
		}
		time.Sleep(20 * time.Millisecond) // not a test: the run has ended, this lets servers wind down
	}
	return found
}

// allStacks is every goroutine's stack.
func allStacks() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

func sdkStacks() string {
	var out []string
	for _, s := range strings.Split(allStacks(), "\n\n") {
		if strings.Contains(s, "cxone-chat-wasm/sdk.") && !strings.Contains(s, "sdk_test.sdkStacks") && !strings.Contains(s, "sdk_test.TestMain") {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n\n")
}
