package graph

import (
	"net/http"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestShareStatus reads status and isAcceptingJobs for a normal user, who
// gets neither in a list, and nothing more than it asked for.
func TestShareStatus(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	ctx := t.Context()

	listed, err := c.Shares(ctx, ShareQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range listed {
		if s.Status != nil || s.IsAcceptingJobs != nil {
			t.Fatalf("a non-administrator's list carries status for %s: the per-share read would be pointless", s.ID)
		}
	}

	cases := []struct {
		name      string
		id        string
		state     PrinterState
		detail    PrinterStateDetail // "" when none is expected
		accepting bool
	}{
		{"idle", emulator.ShareDefault, PrinterIdle, "", true},
		{"stopped with a jam", emulator.ShareStopped, "stopped", "mediaJam", true},
		{"not accepting", emulator.ShareNotAccepting, "", "", false},
	}
	for _, tc := range cases {
		s, err := c.ShareStatus(ctx, tc.id)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if s.ID != tc.id || s.Status == nil || s.IsAcceptingJobs == nil {
			t.Fatalf("%s: got %+v; want id, status and isAcceptingJobs", tc.name, s)
		}
		if tc.state != "" && s.Status.State != tc.state {
			t.Fatalf("%s: state %q, want %q", tc.name, s.Status.State, tc.state)
		}
		if tc.detail != "" && (len(s.Status.Details) == 0 || s.Status.Details[0] != tc.detail) {
			t.Fatalf("%s: details %v, want %q", tc.name, s.Status.Details, tc.detail)
		}
		if *s.IsAcceptingJobs != tc.accepting {
			t.Fatalf("%s: isAcceptingJobs %v, want %v", tc.name, *s.IsAcceptingJobs, tc.accepting)
		}
		if s.DisplayName != "" || s.Capabilities != nil || s.Defaults != nil || s.Location != nil {
			t.Fatalf("%s: the lean read carried more than it selected: %+v", tc.name, s)
		}
	}

	// A change at the printer shows on the next read.
	e.SetPrinterStatus(emulator.ShareDefault, emutest.PrinterStatus{State: "stopped", Details: []string{"coverOpen"}})
	s, err := c.ShareStatus(ctx, emulator.ShareDefault)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status.State != "stopped" || len(s.Status.Details) != 1 || s.Status.Details[0] != "coverOpen" {
		t.Fatalf("after stopping the printer: %+v", s.Status)
	}

	if _, err := c.ShareStatus(ctx, "00000000-0000-4000-8000-000000000000"); statusOf(err) != http.StatusNotFound {
		t.Fatalf("unknown share: %v, want a 404 error", err)
	}
	if got := len(e.matching("GET", "/v1.0/print/shares/")); got != len(cases)+2 {
		t.Fatalf("%d share reads logged, want %d (one per call, no retries)", got, len(cases)+2)
	}
}
