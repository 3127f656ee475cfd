package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
)

// The tests in *_emu_test.go run the client against the real emulator over
// HTTP on 127.0.0.1, each with its own emulator so request logs and faults
// never mix.

var defaultScopes = []string{"PrinterShare.ReadBasic.All", "PrintJob.ReadWrite", "User.Read"}

type emu struct {
	t    *testing.T
	s    *emulator.Server
	info emulator.Info
}

func startEmu(t *testing.T, cfg emulator.Config) *emu {
	t.Helper()
	s, err := emulator.Start(cfg)
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return &emu{t: t, s: s, info: s.Info()}
}

// control calls the emulator's control API and decodes the answer into out.
func (e *emu) control(method, path string, in, out any) int {
	e.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.info.ControlURL+path, body)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("control %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("control %s %s: %v in %s", method, path, err, raw)
		}
	}
	if resp.StatusCode >= 300 && out != nil {
		e.t.Fatalf("control %s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode
}

func (e *emu) token(scopes ...string) string {
	e.t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	e.control("POST", "/tokens", map[string]any{"scopes": scopes}, &tok)
	return tok.AccessToken
}

// client builds a Client with a token for scopes (defaultScopes when none).
func (e *emu) client(scopes ...string) *Client {
	e.t.Helper()
	if len(scopes) == 0 {
		scopes = defaultScopes
	}
	return e.clientWith(Options{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.token(scopes...)})})
}

func (e *emu) clientWith(o Options) *Client {
	e.t.Helper()
	o.BaseURL = e.info.GraphURL
	if o.Retry == (RetryPolicy{}) {
		o.Retry = RetryPolicy{BaseDelay: 10 * 1e6, MaxDelay: 3 * 1e9} // 10ms, 3s: fast tests
	}
	c, err := New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

type logged struct {
	Method        string `json:"method"`
	Host          string `json:"host"`
	Path          string `json:"path"`
	Status        int    `json:"status"`
	Authorization bool   `json:"authorization"`
	Bytes         int64  `json:"bytes"`
}

func (e *emu) requests() []logged {
	e.t.Helper()
	var out []logged
	e.control("GET", "/requests", nil, &out)
	return out
}

// matching returns logged requests with this method whose path contains part.
func (e *emu) matching(method, part string) []logged {
	var out []logged
	for _, r := range e.requests() {
		if r.Method == method && strings.Contains(r.Path, part) {
			out = append(out, r)
		}
	}
	return out
}

func (e *emu) fault(f map[string]any) {
	e.t.Helper()
	if st := e.control("POST", "/faults", f, nil); st >= 300 {
		e.t.Fatalf("arm fault %v: status %d", f, st)
	}
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
	resp, err := http.Get(e.info.ControlURL + "/requests")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var out []logged
	if json.NewDecoder(resp.Body).Decode(&out) != nil {
		return -1
	}
	return len(out)
}
