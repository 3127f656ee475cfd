package graph

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// The tests in *_emu_test.go run the client against the real emulator over
// HTTP on 127.0.0.1, each with its own emulator so request logs and faults
// never mix.

// emu is an emulator for one test, driven through emutest, with the
// graph-specific helpers the tests share.
type emu struct {
	*emutest.Env
	t *testing.T
}

func startEmu(t *testing.T, cfg emulator.Config) *emu {
	t.Helper()
	return &emu{Env: emutest.Start(t, cfg), t: t}
}

// client builds a Client with a token for scopes (emutest.DefaultScopes
// when none).
func (e *emu) client(scopes ...string) *Client {
	e.t.Helper()
	return e.clientWith(Options{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token(scopes...)})})
}

func (e *emu) clientWith(o Options) *Client {
	e.t.Helper()
	o.BaseURL = e.Info.GraphURL
	if o.Retry == (RetryPolicy{}) {
		o.Retry = RetryPolicy{BaseDelay: 10 * 1e6, MaxDelay: 3 * 1e9} // 10ms, 3s: fast tests
	}
	c, err := New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// matching returns logged requests with this method whose path contains part.
func (e *emu) matching(method, part string) []emutest.Request {
	e.t.Helper()
	var out []emutest.Request
	for _, r := range e.Requests() {
		if r.Method == method && strings.Contains(r.Path, part) {
			out = append(out, r)
		}
	}
	return out
}

// firstShare returns a share that accepts PDF jobs.
func (e *emu) firstShare(c *Client) Share {
	e.t.Helper()
	shares, err := c.Shares(e.t.Context(), ShareQuery{})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, s := range shares {
		full, err := c.Share(e.t.Context(), s.ID)
		if err != nil {
			continue
		}
		if full.IsAcceptingJobs != nil && *full.IsAcceptingJobs && full.Capabilities != nil && contains(full.Capabilities.ContentTypes, "application/pdf") {
			return full
		}
	}
	e.t.Fatal("the demo seed has no share accepting PDF")
	return Share{}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// pattern is deterministic test content of n bytes.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

var errCanceledForTest = errors.New("canceled by test")

// contextWithCancelAfterFirst cancels once the emulator has logged a
// request, i.e. while the client is in its backoff sleep.
func contextWithCancelAfterFirst(parent context.Context, e *emu) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	before := e.requestCount()
	go func() {
		for ctx.Err() == nil {
			if e.requestCount() > before {
				cancel(errCanceledForTest)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return ctx, func() { cancel(nil) }
}

// requestCount is len(requests()) for use off the test goroutine, where
// t.Fatal must not be called: it reports -1 when the log cannot be read.
func (e *emu) requestCount() int {
	var out []emutest.Request
	if _, err := e.Do("GET", "/requests", nil, &out); err != nil {
		return -1
	}
	return len(out)
}
