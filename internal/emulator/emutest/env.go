// Package emutest runs the in-process emulator for tests and drives its
// control API (/_emulator on the Graph host) through typed calls, so test
// suites share one client of that contract instead of each keeping a copy.
//
// It may import the emulator; the emulator never imports it, nor any
// client package.
package emutest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"printdrop/internal/emulator"
)

// DefaultScopes are the scopes Token grants when given none: what the app
// asks for when it signs in.
var DefaultScopes = []string{"PrinterShare.ReadBasic.All", "PrintJob.ReadWrite", "User.Read"}

// Env is an emulator running for one test (or benchmark).
type Env struct {
	// Info says where the emulator listens and how to sign in to it.
	Info emulator.Info

	t testing.TB
}

// controlClient has a timeout so a wedged emulator fails the test instead
// of hanging it; control calls are small and local.
var controlClient = &http.Client{Timeout: time.Minute}

// Start starts an emulator with cfg on 127.0.0.1 and closes it when the
// test ends.
func Start(t testing.TB, cfg emulator.Config) *Env {
	t.Helper()
	srv, err := emulator.Start(cfg)
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &Env{Info: srv.Info(), t: t}
}

// StatusError is a control API answer outside 2xx.
type StatusError struct {
	Method, Path string
	Status       int
	Body         string // the emulator's error JSON
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("control %s %s: HTTP %d %s", e.Method, e.Path, e.Status, e.Body)
}

// Do calls the control API without failing the test, for code off the test
// goroutine (where t.Fatal must not be called) and for tests of the control
// API itself. path is relative to ControlURL ("/requests"); in, when not
// nil, is sent as JSON; a 2xx answer is decoded into out when out is not
// nil. It returns the HTTP status, and an error for a transport failure, an
// undecodable answer or a *StatusError for a status outside 2xx.
func (e *Env) Do(method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, fmt.Errorf("control %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.Info.ControlURL+path, body)
	if err != nil {
		return 0, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := controlClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("control %s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, fmt.Errorf("control %s %s: reading the answer: %w", method, path, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, &StatusError{Method: method, Path: path, Status: res.StatusCode, Body: string(raw)}
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return res.StatusCode, fmt.Errorf("control %s %s: %v in %s", method, path, err, raw)
		}
	}
	return res.StatusCode, nil
}

// Control is Do for the test goroutine: every control call is test setup
// or observation, so any failure, a refused call included, fails the test.
// It returns the 2xx status.
func (e *Env) Control(method, path string, in, out any) int {
	e.t.Helper()
	code, err := e.Do(method, path, in, out)
	if err != nil {
		e.t.Fatal(err)
	}
	return code
}

// Token returns an access token for the demo user with scopes
// (DefaultScopes when none), as if the user had signed in.
func (e *Env) Token(scopes ...string) string {
	e.t.Helper()
	if len(scopes) == 0 {
		scopes = DefaultScopes
	}
	var out struct {
		AccessToken string `json:"access_token"`
	}
	e.Control(http.MethodPost, "/tokens", map[string]any{"scopes": scopes}, &out)
	if out.AccessToken == "" {
		e.t.Fatal("control POST /tokens: the answer has no access_token")
	}
	return out.AccessToken
}

// For returns the same emulator bound to t, for a subtest sharing its
// parent's emulator: failures are then reported on (and stop) the subtest.
func (e *Env) For(t testing.TB) *Env {
	return &Env{Info: e.Info, t: t}
}
