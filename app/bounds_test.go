package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"printdrop/internal/auth"
	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
)

// Issue 10, the command line's side: text from outside reaches the
// terminal only with its control characters written out, every wait ends,
// plain http goes nowhere but this computer, and a failure no rule knows
// still names its cause.

// shortTimeouts makes send give up on a silent service within a second or
// so, while leaving a busy machine room for the requests that work.
func shortTimeouts(e *sendEnv) {
	e.deps.timeouts = graph.Timeouts{Answer: time.Second, Body: time.Second, Stall: 10 * time.Second}
}

// reseed renames things in the emulator's data through its control API.
func reseed(t *testing.T, e *sendEnv, edit func(*emulator.Seed)) {
	t.Helper()
	var seed emulator.Seed
	e.Control("GET", "/seed", nil, &seed)
	edit(&seed)
	e.Control("POST", "/seed", seed, nil)
	t.Setenv("PRINTDROP_ACCESS_TOKEN", e.Token())
}

// noRawControl fails when out holds a raw ESC or BEL, and checks the
// visible form is there instead.
func noRawControl(t *testing.T, what, out string) {
	t.Helper()
	if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
		t.Fatalf("%s holds raw control characters: %q", what, out)
	}
	if !strings.Contains(out, `\x1b`) {
		t.Fatalf("%s does not show the escape visibly: %q", what, out)
	}
}

func TestSendShowsOutsideTextSafely(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	const hostile = "\x1b]0;pwned\x07\x1b[2J"
	reseed(t, e, func(s *emulator.Seed) {
		for i := range s.Printers {
			p := &s.Printers[i]
			if p.Share.ID == emulator.ShareStopped || p.Share.ID == emulator.ShareNotAccepting {
				p.Share.DisplayName = "Evil" + hostile + p.Share.ID
			}
		}
		s.Users[0].DisplayName = "Ana" + hostile
	})
	pdf := e.file("evil"+hostile+"\u202e.pdf", 3000)

	// The progress and result lines name the file.
	code, stdout, stderr := e.send("--share", emulator.ShareDefault, pdf)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	noRawControl(t, "stderr", stderr)
	noRawControl(t, "stdout", stdout)
	if !strings.Contains(stdout, `evil\x1b]0;pwned\x07\x1b[2J\u202e.pdf: job `) {
		t.Fatalf("result line %q", stdout)
	}
	// --json keeps the exact name.
	code, stdout, _ = e.send("--share", emulator.ShareDefault, "--json", "--quiet", pdf)
	var r sendResult
	if err := json.Unmarshal([]byte(stdout), &r); code != exitOK || err != nil || r.File != pdf {
		t.Fatalf("--json: exit %d, %v, file %q, want %q", code, err, r.File, pdf)
	}
	// A refusal quotes the names of the printers that match.
	code, _, stderr = e.send("--share", "evil", pdf)
	if code != exitUsage || !strings.Contains(stderr, "printer shares match") {
		t.Fatalf("ambiguous share: exit %d: %s", code, stderr)
	}
	noRawControl(t, "refusal", stderr)

	// whoami shows the name Graph sent.
	var out, errb bytes.Buffer
	if code := runWhoami(context.Background(), e.deps, nil, &out, &errb); code != exitOK {
		t.Fatalf("whoami: exit %d: %s", code, errb.String())
	}
	noRawControl(t, "whoami", out.String())
}

func TestSendEndsWhenTheServiceGoesQuiet(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	shortTimeouts(e)
	pdf := e.file("a.pdf", 3000)
	cases := []struct {
		name  string
		fault emutest.Fault
		want  string
	}{
		{"no answer", emutest.Fault{Kind: "hold", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", Count: 100}, "stopped answering"},
		{"trickled answer", emutest.Fault{Kind: "trickle", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", IntervalMS: 200, Count: 100}, "stopped answering"},
		{"huge answer", emutest.Fault{Kind: "pad", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", Bytes: 100 << 20, Count: 100}, "far more than expected"},
	}
	for _, tc := range cases {
		e.deps.timeouts.Body = time.Second
		if tc.fault.Kind == "pad" {
			e.deps.timeouts.Body = time.Minute // this case is about size, not speed
		}
		e.ClearFaults()
		e.Fault(tc.fault)
		start := time.Now()
		code, _, stderr := e.send("--share", emulator.ShareDefault, "--quiet", pdf)
		if code != exitFailure || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d after %s, stderr %q; want exit 1 saying %q", tc.name, code, time.Since(start), stderr, tc.want)
		}
	}
	e.ClearFaults()
}

func TestSendInterruptedWhileWaiting(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	pdf := e.file("a.pdf", 3000)
	e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares"})
	t.Cleanup(e.ClearFaults)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- runSend(ctx, e.deps, []string{"--share", emulator.ShareDefault, "--quiet", pdf}, &bytes.Buffer{}, &stderr)
	}()
	time.Sleep(300 * time.Millisecond) // send is waiting for the held answer
	cancel()
	select {
	case code := <-done:
		if code == exitOK || !strings.Contains(stderr.String(), "Interrupted") {
			t.Fatalf("exit %d, stderr %q", code, stderr.String())
		}
	case <-time.After(time.Second):
		t.Fatal("send still running a second after Ctrl+C")
	}
}

// Ctrl+C in the middle of an upload ends send at once even when the
// service answers neither the chunk nor the clean-up: the session's DELETE
// and the job's cancel are tried side by side under one short deadline
// (before, one after the other, 5 s each).
func TestSendInterruptedWhileCleanupHangs(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	pdf := e.file("a.pdf", 3000)
	put := e.Fault(emutest.Fault{Kind: "hold", Method: "PUT", Probability: 1})
	del := e.Fault(emutest.Fault{Kind: "hold", Method: "DELETE", Probability: 1})
	cancelJob := e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "POST", PathSuffix: "/cancel", Probability: 1})
	t.Cleanup(e.ClearFaults)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- runSend(ctx, e.deps, []string{"--share", emulator.ShareDefault, "--quiet", pdf}, &bytes.Buffer{}, &stderr)
	}()
	for deadline := time.Now().Add(30 * time.Second); faultHits(e, put) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("send never reached the upload")
		}
	}
	cancel()
	start := time.Now()
	select {
	case code := <-done:
		if code == exitOK || !strings.Contains(stderr.String(), "Interrupted") {
			t.Fatalf("exit %d, stderr %q", code, stderr.String())
		}
		t.Logf("ended %s after Ctrl+C", time.Since(start).Round(time.Millisecond))
	case <-time.After(2 * time.Second): // the clean-up's deadline is 750 ms
		t.Fatal("send still running 2 s after Ctrl+C")
	}
	if faultHits(e, del) == 0 || faultHits(e, cancelJob) == 0 {
		t.Errorf("the clean-up was not tried: DELETE seen %d times, job cancel %d", faultHits(e, del), faultHits(e, cancelJob))
	}
}

// faultHits is how many requests the armed fault id has matched.
func faultHits(e *sendEnv, id string) int {
	var list []struct {
		ID   string `json:"id"`
		Hits int    `json:"hits"`
	}
	e.Control("GET", "/faults", nil, &list)
	for _, f := range list {
		if f.ID == id {
			return f.Hits
		}
	}
	return 0
}

func TestPlainHTTPRefusedInEveryCommand(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	pdf := e.file("a.pdf", 3000)
	t.Setenv("PRINTDROP_GRAPH_URL", "http://graph.example.invalid")
	code, _, stderr := e.send("--share", emulator.ShareDefault, pdf)
	if code == exitOK || !strings.Contains(stderr, "plain http") || !strings.Contains(stderr, "read or change") {
		t.Fatalf("send: exit %d, stderr %q", code, stderr)
	}
	var out, errb bytes.Buffer
	if code := runWhoami(context.Background(), e.deps, nil, &out, &errb); code == exitOK || !strings.Contains(errb.String(), "plain http") {
		t.Fatalf("whoami: exit %d, stderr %q", code, errb.String())
	}
	t.Setenv("PRINTDROP_GRAPH_URL", e.Info.GraphURL)
	t.Setenv("PRINTDROP_AUTHORITY", "http://login.example.invalid/organizations")
	errb.Reset()
	if code := runLogin(context.Background(), e.deps, []string{"--no-browser"}, &out, &errb); code == exitOK || !strings.Contains(errb.String(), "plain http") {
		t.Fatalf("login: exit %d, stderr %q", code, errb.String())
	}
}

func TestFailureNobodyRecognisesNamesItsCause(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		errors.New(`Get "https://graph.example/v1.0/print/shares": stopped after 10 redirects`),
		fmt.Errorf("list printers: %w", errors.New("a cause no rule knows\x1b[2J")),
	} {
		var b bytes.Buffer
		writeFailure(&b, err)
		out := b.String()
		if !strings.Contains(out, "Something went wrong") || !strings.Contains(out, "details: ") {
			t.Fatalf("%v: printed %q, want the headline and a details line", err, out)
		}
		if strings.Contains(out, "\x1b") || strings.Contains(out, "/v1.0/print/shares") {
			t.Fatalf("details not sanitized or redacted: %q", out)
		}
	}
	// A recognised failure keeps to its two sentences.
	var b bytes.Buffer
	writeFailure(&b, context.DeadlineExceeded)
	if strings.Contains(b.String(), "details") {
		t.Fatalf("classified failure printed details: %q", b.String())
	}
}

// TestLoginRefusalShowsDescriptionSafely: the identity platform's
// error_description reaches the terminal with its escapes written out.
func TestLoginRefusalShowsDescriptionSafely(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	code := accountFailure(&b, "login", &auth.AuthError{Code: "invalid_client", Description: "AADSTS7000215\x1b]0;pwned\x07"})
	if code != exitSignIn {
		t.Fatalf("exit %d", code)
	}
	noRawControl(t, "login refusal", b.String())
}
