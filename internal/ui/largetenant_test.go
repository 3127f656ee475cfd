package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/workflow"
)

// largeTenantShares and largeTenantBound are the large tenant: the
// window's first 30 s on 10,000 shares must stay under 300 Graph requests,
// list pages included.
const (
	largeTenantShares = 10_000
	largeTenantBound  = 300
)

// graphRequests counts the Graph API requests in the emulator's log (the
// control API is not logged).
func graphRequests(e *emutest.Env) (all, statuses int) {
	for _, r := range e.Requests() {
		if r.Host != "graph" {
			continue
		}
		all++
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/v1.0/print/shares/") {
			statuses++
		}
	}
	return all, statuses
}

// wantRowsShowState fails unless every row drawn on the canvas starts with
// a status word: a row whose status was never read shows only its place.
func wantRowsShowState(t *testing.T, h *harness, when string) {
	t.Helper()
	rows := strings.Split(rowTexts(h), "\n")
	if len(rows) < 5 {
		t.Fatalf("%s: only %d rows drawn", when, len(rows))
	}
	for _, r := range rows {
		if !strings.HasPrefix(r, "Ready") && !strings.HasPrefix(r, "Stopped") && !strings.HasPrefix(r, "Not accepting") &&
			!strings.HasPrefix(r, "Printing") && !strings.HasPrefix(r, "Status unknown") {
			t.Fatalf("%s: a row on screen shows no state: %q\nall rows:\n%s", when, r, strings.Join(rows, "\n"))
		}
	}
}

// TestEmulator_LargeTenantCostsFewRequests opens the window on an emulator
// seeded with 10,000 shares, every Graph request 50 ms away, and counts
// the Graph requests of the first list, of a scroll to the middle and of a
// quiet second after: each batch stays far below the bound, while every
// row on screen shows its state. Reading every share's status (the old
// behaviour) costs 10,000 requests and fails here.
func TestEmulator_LargeTenantCostsFewRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 10,000 shares")
	}
	e := newEmuEnvWith(t, emulator.Config{
		JobProcessing: 50 * time.Millisecond,
		SeedShares:    largeTenantShares,
		GraphLink:     link.Config{Delay: 25 * time.Millisecond}, // 50 ms a round trip
	})
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	top := []string{emulator.LargeShareID(0), emulator.LargeShareID(1), emulator.LargeShareID(2)}
	begin := time.Now()
	h.untilWithin(3*time.Minute, "the list and the statuses on screen", func() bool {
		return !h.w.printers.loading && len(h.w.printers.all) == largeTenantShares && h.checked(top...)
	})
	settle(h, 300*time.Millisecond)
	wantRowsShowState(t, h, "first list")
	first, firstStatuses := graphRequests(e.Env)
	t.Logf("first list: %d Graph requests, %d of them status reads, in %v", first, firstStatuses, time.Since(begin).Round(time.Millisecond))

	mid := emulator.LargeShareID(5000)
	h.w.printers.list.ScrollTo(5000)
	// A window that reads every share's status never gets here in time.
	h.untilWithin(time.Minute, "the statuses after the scroll", func() bool { return h.checked(mid) })
	settle(h, time.Second) // anything still reading in the background shows up now
	wantRowsShowState(t, h, "after the scroll")
	total, statuses := graphRequests(e.Env)
	t.Logf("after the scroll and a quiet second: %d Graph requests, %d of them status reads", total, statuses)

	if total >= largeTenantBound {
		t.Fatalf("%d Graph requests for the first list and one scroll, want fewer than %d", total, largeTenantBound)
	}
	// The rows on screen (about 8) and a margin: far below one read per
	// share, which is what makes the bound hold for 30 s of scrolling.
	if statuses-firstStatuses > 2*maxStatusBatch || firstStatuses > 2*maxStatusBatch {
		t.Fatalf("status reads: %d for the first view, %d for the scroll; want at most %d each", firstStatuses, statuses-firstStatuses, 2*maxStatusBatch)
	}
}

// settle runs the UI queue for d, so background work has its chance to
// show; nothing is measured against d.
func settle(h *harness, d time.Duration) {
	end := time.Now().Add(d)
	h.until("a quiet moment", func() bool { return time.Now().After(end) })
}

// searchKeystrokes is typing "share 04 lyon copy" one key at a time, then
// deleting it one key at a time: each step is one keystroke.
var searchKeystrokes = func() []string {
	const typed = "share 04 lyon copy"
	var out []string
	for i := 1; i <= len(typed); i++ {
		out = append(out, typed[:i])
	}
	for i := len(typed) - 1; i >= 0; i-- {
		out = append(out, typed[:i])
	}
	return out
}()

// BenchmarkSearchKeystroke measures one keystroke in the search box over
// 10,000 shares, as the window runs it (filter, list refresh, info line),
// against a baseline in the same run: the same search folding every
// share's fields again, as before search keys were kept. The bound is
// 16 ms a keystroke (one frame at 60 Hz).
//
//	go test -run '^$' -bench SearchKeystroke ./internal/ui/
func BenchmarkSearchKeystroke(b *testing.B) {
	e := newEmuEnvWith(b, emulator.Config{SeedShares: largeTenantShares})
	shares, err := e.svc.Shares(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	h := newHarness(b, workflow.NewDesktop(e.svc), Options{})
	h.until("the list", func() bool { return !h.w.printers.loading && len(h.w.printers.all) == largeTenantShares })
	window := make([]time.Duration, 0, b.N)
	baseline := make([]time.Duration, 0, b.N)
	matched := 0
	b.ResetTimer()
	for i := range b.N {
		q := searchKeystrokes[i%len(searchKeystrokes)]
		start := time.Now()
		h.w.printers.search.SetText(q) // runs onSearch on this goroutine, as a key press would
		window = append(window, time.Since(start))
		start = time.Now()
		matched += len(workflow.Filter(shares, q))
		baseline = append(baseline, time.Since(start))
	}
	b.StopTimer()
	if matched == 0 {
		b.Fatal("the searches matched nothing")
	}
	// The median, beside the mean: on a machine shared with other work a
	// few preempted keystrokes would otherwise decide the figure.
	b.ReportMetric(ms(median(window)), "ms/keystroke")
	b.ReportMetric(ms(mean(window)), "ms/keystroke-mean")
	b.ReportMetric(ms(median(baseline)), "ms/unindexed")
	b.ReportMetric(float64(median(window))/float64(median(baseline)), "ratio")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func mean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

// TestScreen_KeptListShowsAtOnce: the list kept from the last run shows
// before Graph answers, says how old it is, can be searched, and is
// replaced by the fresh list (keeping the statuses read meanwhile) once
// that is complete.
func TestScreen_KeptListShowsAtOnce(t *testing.T) {
	f := signedInFake()
	f.hold = make(chan struct{}) // Graph's list does not come yet
	kept := slices.Clone(seedPrinters()[0])
	kept = append(kept, workflow.PrinterRow{ID: "gone", Name: "Removed Since", Location: "Old wing"})
	f.cached, f.cachedAt = kept, time.Now().Add(-3*time.Minute)
	h := newHarness(t, f, Options{})
	h.until("the kept list", func() bool { return len(h.w.printers.all) == 3 })
	if got := h.w.printers.info.Text; got != "3 of 3 printers · Updated 3 min ago · Refreshing…" {
		t.Fatalf("info while refreshing: %q", got)
	}
	test.Type(h.w.printers.search, "removed")
	if got := names(h.w.printers.shown); got != "Removed Since" {
		t.Fatalf("searching the kept list shows %s", got)
	}
	h.w.printers.search.SetText("")
	h.until("the kept rows' statuses", func() bool { return h.checked("s1", "s2") })

	close(f.hold)
	h.until("the fresh list", func() bool { return !h.w.printers.loading })
	if got := names(h.w.printers.all); got != "Atelier Color, Reception Mono, Finance Laser, Archive Plotter" {
		t.Fatalf("after the refresh the list is %s", got)
	}
	if !h.checked("s1", "s2") {
		t.Fatal("the fresh list dropped the statuses read meanwhile")
	}
	if got := h.w.printers.info.Text; got != "4 of 4 printers · Updated just now" {
		t.Fatalf("info after the refresh: %q", got)
	}
}
