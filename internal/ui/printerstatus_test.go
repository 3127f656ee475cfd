package ui

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"printdrop/internal/emulator"
	"printdrop/internal/workflow"
)

// checked reports whether the listed printers ids have their status read.
func (h *harness) checked(ids ...string) bool {
	n := 0
	for _, p := range h.w.printers.all {
		if p.StatusChecked && slices.Contains(ids, p.ID) {
			n++
		}
	}
	return n == len(ids)
}

// statusesIn reports whether every listed printer has its status read.
func (h *harness) statusesIn() bool {
	for _, p := range h.w.printers.all {
		if !p.StatusChecked {
			return false
		}
	}
	return len(h.w.printers.all) > 0
}

// TestScreen_RowsShowStatusesAsTheyArrive: the list comes without status
// (as Graph's does for normal users); each row says only where it is until
// its status is read, the search keeps filtering while reads hang, and
// then the rows show Ready, Printing other jobs, Stopped (in the error
// colour), Not accepting jobs (warning colour), or Status unknown where the
// read failed. Each share's status is asked for exactly once.
func TestScreen_RowsShowStatusesAsTheyArrive(t *testing.T) {
	f := signedInFake()
	f.statusHold = make(chan struct{})
	f.statusFail = map[string]bool{"s2": true}
	h := newHarness(t, f, Options{})
	h.until("all printers", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	for _, p := range h.w.printers.all {
		if p.StatusChecked || rowDetail(p) != p.Location {
			t.Fatalf("row %s before its status is read: %q; want only the location", p.ID, rowDetail(p))
		}
	}

	test.Type(h.w.printers.search, "paris") // while the reads hang
	if got := names(h.w.printers.shown); got != "Finance Laser, Archive Plotter" {
		t.Fatalf("typing while statuses load filtered to %s", got)
	}
	close(f.statusHold)
	h.until("statuses", h.statusesIn)
	if got := names(h.w.printers.shown); got != "Finance Laser, Archive Plotter" {
		t.Fatalf("statuses arriving changed the filtered rows to %s", got)
	}
	if got := rowTexts(h); got != "Stopped: paper jam · Tower 2, floor 9, Paris|error\nNot accepting jobs · Basement, Paris|warning" {
		t.Fatalf("filtered rows show\n%s", got)
	}

	h.w.printers.search.SetText("")
	want := "Ready · Building A, floor 1, Lyon|foreground\n" +
		"Status unknown · Building A, floor 0, Lyon|foreground\n" +
		"Stopped: paper jam · Tower 2, floor 9, Paris|error\n" +
		"Not accepting jobs · Basement, Paris|warning"
	if got := rowTexts(h); got != want {
		t.Fatalf("rows show\n%s\nwant\n%s", got, want)
	}
	test.AssertRendersToMarkup(t, "screens/printer_statuses.xml", h.fw.Canvas())

	f.mu.Lock()
	asked := map[string]int{}
	for _, call := range f.statusCalls {
		for _, id := range call {
			asked[id]++
		}
	}
	f.mu.Unlock()
	if len(asked) != 4 || asked["s1"] != 1 || asked["s2"] != 1 || asked["s3"] != 1 || asked["s4"] != 1 {
		t.Fatalf("statuses asked %v; want each of the 4 shares once", asked)
	}
}

// TestScreen_RefreshReadsStatusesAgain: Refresh asks for every row's status
// again and the rows show the new one, keeping the selection.
func TestScreen_RefreshReadsStatusesAgain(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	h.until("statuses", func() bool { return h.statusesIn() && !h.w.printers.loading && h.w.state.printer != nil })
	if h.w.printers.refresh.Disabled() {
		t.Fatal("Refresh is disabled once the list is loaded")
	}
	f.mu.Lock()
	f.pages[0][0].Readiness = workflow.PrinterReadiness{State: workflow.Stopped, Reason: "out of paper"}
	calls := len(f.statusCalls)
	f.mu.Unlock()
	test.Tap(h.w.printers.refresh)
	h.until("the new status", func() bool { return strings.HasPrefix(rowDetail(h.w.printers.all[0]), "Stopped: out of paper") })
	f.mu.Lock()
	again := f.statusCalls[calls:]
	f.mu.Unlock()
	if len(again) != 1 || len(again[0]) != 4 {
		t.Fatalf("Refresh asked %v; want one call for all 4 shares", again)
	}
	if h.w.state.chosen != "s1" {
		t.Fatalf("Refresh lost the chosen printer: %q", h.w.state.chosen)
	}
}

// TestScreen_SignOutStopsStatusReads: reads still hanging when the user
// signs out are cancelled, not left running against a gone session.
func TestScreen_SignOutStopsStatusReads(t *testing.T) {
	f := signedInFake()
	f.statusHold = make(chan struct{})
	h := newHarness(t, f, Options{})
	h.until("printers listed", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	// The reads run off the UI goroutine and queue nothing while they hang,
	// so the fake is polled rather than the UI queue drained.
	h.until("a read hanging", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.statusCalls) > 0
	})
	test.Tap(findButton(h.w.account.root, "Sign out"))
	confirm := dialogButton(h.fw.Canvas(), "Sign out")
	if confirm == nil {
		t.Fatal("Sign out did not ask first")
	}
	test.Tap(confirm)
	h.until("signed out", func() bool { return findButton(h.w.account.root, "Sign in") != nil })
	fakeUntil(t, f, "the hanging read cancelled", func() bool { return f.statusEnded == 1 })
	if len(h.w.printers.all) != 0 || !h.w.printers.refresh.Disabled() {
		t.Fatalf("after sign-out: %d rows, Refresh enabled %v", len(h.w.printers.all), !h.w.printers.refresh.Disabled())
	}
}

// fakeUntil polls cond under f's lock; the deadline only guards against a
// hung test.
func fakeUntil(t *testing.T, f *fakeBackend, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.mu.Lock()
		ok := cond()
		f.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// rowLine matches a row's second line in the canvas markup: the status
// words (with their colour, if not the foreground) and then the place.
var rowLine = regexp.MustCompile(`type="\*widget.RichText">\s*<text([^>]*)>([^<]*)</text>\s*<text[^>]*>([^<]*)</text>`)

var colorAttr = regexp.MustCompile(`color="([a-z]+)"`)

// rowTexts is each drawn row's second line, with the colour of its status
// words, read from the canvas as rendered (not from the panel's data).
func rowTexts(h *harness) string {
	var out []string
	for _, m := range rowLine.FindAllStringSubmatch(test.RenderToMarkup(h.fw.Canvas()), -1) {
		color := "foreground"
		if c := colorAttr.FindStringSubmatch(m[1]); c != nil {
			color = c[1]
		}
		out = append(out, m[2]+m[3]+"|"+color)
	}
	return strings.Join(out, "\n")
}

// TestEmulator_RowsShowStatus runs the real workflow against the emulator,
// whose share list (like Graph's for a normal user) carries no status: the
// rows on screen still end up saying Ready, Stopped with the reason, or Not
// accepting jobs, and Refresh picks up a printer stopped meanwhile.
func TestEmulator_RowsShowStatus(t *testing.T) {
	e := newEmuEnv(t)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	onScreen := []string{emulator.ShareDefault, emulator.ShareStopped, emulator.ShareNotAccepting} // rows 1, 4 and 5
	h.until("shares and the statuses on screen", func() bool { return !h.w.printers.loading && h.checked(onScreen...) })
	row := func(id string) string {
		for _, p := range h.w.printers.all {
			if p.ID == id {
				return rowDetail(p)
			}
		}
		t.Fatalf("share %s is not listed", id)
		return ""
	}
	for id, want := range map[string]string{
		emulator.ShareDefault:      "Ready · ",
		emulator.ShareStopped:      "Stopped: paper jam · ",
		emulator.ShareNotAccepting: "Not accepting jobs · ",
	} {
		if got := row(id); !strings.HasPrefix(got, want) {
			t.Errorf("row %s says %q, want %q…", id, got, want)
		}
	}

	e.Control("PUT", "/printers/"+emulator.ShareDefault+"/status", map[string]any{"state": "stopped", "details": []string{"tonerEmpty"}}, nil)
	test.Tap(h.w.printers.refresh)
	h.until("the refreshed status", func() bool { return strings.HasPrefix(row(emulator.ShareDefault), "Stopped: out of toner · ") })
}

// TestScreen_RowsDrawnAgainAfterAMinuteAreReadAgain: redrawing the rows on
// screen reads nothing within workflow.StatusTTL of their last read, and
// reads them again after it.
func TestScreen_RowsDrawnAgainAfterAMinuteAreReadAgain(t *testing.T) {
	f := signedInFake()
	h := newHarness(t, f, Options{})
	var mu sync.Mutex
	clock := time.Now()
	h.w.printers.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	h.until("statuses", func() bool { return !h.w.printers.loading && h.statusesIn() })
	calls := func() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.statusCalls) }
	before := calls()

	h.w.printers.list.Refresh() // drawn again at once: nothing to read
	settle(h, 3*statusDebounce)
	if n := calls(); n != before {
		t.Fatalf("redrawing within a minute read statuses again (%d calls after %d)", n, before)
	}

	mu.Lock()
	clock = clock.Add(workflow.StatusTTL + time.Second)
	mu.Unlock()
	h.w.printers.list.Refresh()
	h.until("the statuses read again", func() bool { return calls() > before })
	f.mu.Lock()
	again := f.statusCalls[before]
	f.mu.Unlock()
	if len(again) != 4 {
		t.Fatalf("after a minute the redraw asked %v; want the 4 rows on screen", again)
	}
}
