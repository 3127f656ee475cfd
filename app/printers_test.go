package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"printdrop/internal/emulator"
)

func (e *sendEnv) printers(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runPrinters(context.Background(), testDeps(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestPrintersJSON: the JSON lines carry the documented keys, with the state
// read for the share (a list leaves it out), the reason of a stopped one,
// and a state read only for the shares printed.
func TestPrintersJSON(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	e.ClearRequests()
	code, stdout, stderr := e.printers("--search", "osaka jammed", "--json")
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	var got []map[string]any
	dec := json.NewDecoder(strings.NewReader(stdout))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("%v in %s", err, stdout)
		}
		got = append(got, m)
	}
	if len(got) != 1 {
		t.Fatalf("%d lines, want 1:\n%s", len(got), stdout)
	}
	line := got[0]
	want := map[string]any{"share_id": emulator.ShareStopped, "state": "stopped", "reason": "paper jam", "accepting_jobs": true}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("%s = %v, want %v (line %v)", k, line[k], v, line)
		}
	}
	for _, k := range []string{"name", "location", "model"} {
		if s, _ := line[k].(string); s == "" {
			t.Errorf("%s is empty (line %v)", k, line)
		}
	}
	reads := 0
	for _, r := range e.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/v1.0/print/shares/") {
			reads++
		}
	}
	if reads != 1 {
		t.Fatalf("%d share reads for one share printed, want 1", reads)
	}
}

// TestPrintersTableAndNoMatch: the table has a header and a row per share;
// a search that matches nothing says so and exits 1.
func TestPrintersTableAndNoMatch(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	code, stdout, stderr := e.printers("--search", "toronto")
	if code != exitOK {
		t.Fatalf("exit %d\nstderr: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if !strings.HasPrefix(lines[0], "NAME") || len(lines) != 7 || !strings.Contains(stdout, "not accepting") {
		t.Fatalf("table:\n%s", stdout)
	}
	code, stdout, stderr = e.printers("--search", "no such printer anywhere")
	if code != exitFailure || stdout != "" || !strings.Contains(stderr, "no printer matches") {
		t.Fatalf("no match: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, _ := e.printers("toronto"); code != exitUsage {
		t.Fatalf("a bare argument: exit %d, want %d", code, exitUsage)
	}
}
