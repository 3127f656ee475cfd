package emulator

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestFaultTrickleAndPad: trickle sends the real answer a byte at a time,
// pad puts whitespace before a JSON answer, and both refuse silly values.
func TestFaultTrickleAndPad(t *testing.T) {
	t.Parallel()
	e := start(t, Config{})
	plain := e.graph("GET", "/v1.0/me", nil)
	want, _ := io.ReadAll(plain.Body)
	plain.Body.Close()

	e.fault(map[string]any{"kind": "trickle", "host": "graph", "path_prefix": "/v1.0/me", "interval_ms": 5})
	start := time.Now()
	res := e.graph("GET", "/v1.0/me", nil)
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(got) != string(want) || time.Since(start) < time.Duration(len(want))*5*time.Millisecond*8/10 {
		t.Fatalf("trickled %q in %s; want %q at 5 ms a byte", got, time.Since(start), want)
	}

	e.fault(map[string]any{"kind": "pad", "host": "graph", "path_prefix": "/v1.0/me", "bytes": 1 << 20})
	res = e.graph("GET", "/v1.0/me", nil)
	got, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if len(got) != 1<<20+len(want) || strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
		t.Fatalf("padded answer: %d bytes, want %d", len(got), 1<<20+len(want))
	}
	// An error answer is not padded.
	e.fault(map[string]any{"kind": "pad", "host": "graph", "path_prefix": "/v1.0/print/shares/nope"})
	e.graphErr(e.graph("GET", "/v1.0/print/shares/nope", nil), 404, "itemNotFound")

	for _, bad := range []map[string]any{{"kind": "trickle", "interval_ms": -1}, {"kind": "trickle", "interval_ms": 3600000}, {"kind": "pad", "bytes": -5}, {"kind": "pad", "bytes": int64(1) << 40}} {
		e.graphErr(e.do("POST", e.info.ControlURL+"/faults", "", bad, nil), 400, "invalidRequest")
	}
}
