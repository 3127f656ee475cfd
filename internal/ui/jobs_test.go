package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"printdrop/internal/workflow"
)

// jobsNow is the moment the jobs goldens are drawn at.
var jobsNow = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// sampleJobs are one job in each phase, newest first, as Jobs lists them.
func sampleJobs() []workflow.JobEntry {
	at := func(d time.Duration) time.Time { return jobsNow.Add(-d) }
	return []workflow.JobEntry{
		{ID: "j1", ShareID: "s1", Printer: "Atelier Color", DocumentName: "thesis.pdf", Created: at(20 * time.Second),
			Phase: workflow.PhaseUploading, Words: "Uploading: the document is not all sent yet.", FromHere: true},
		{ID: "j2", ShareID: "s3", Printer: "Finance Laser", DocumentName: "invoice-0412.pdf", Created: at(3 * time.Minute),
			Phase: workflow.PhaseHeld, Words: "Held for release. " + workflow.HeldSentence, FromHere: true, Fetchable: true},
		{ID: "j3", ShareID: "s2", Printer: "Reception Mono", DocumentName: "visitor-badges.pdf", Created: at(9 * time.Minute),
			Phase: workflow.PhaseWaiting, Words: "Waiting for the printer to take it."},
		{ID: "j4", ShareID: "s1", Printer: "Atelier Color", DocumentName: "poster-a3.pdf", Created: at(14 * time.Minute),
			Phase: workflow.PhasePrinting, Words: "Printing.", FromHere: true},
		{ID: "j5", ShareID: "s3", Printer: "Finance Laser", DocumentName: "budget-2027.pdf", Created: at(2 * time.Hour),
			Phase: workflow.PhaseFailed, Words: "Stopped at the printer. Paper jam in tray 2. The printer reports: paper jam.",
			Reason: "Paper jam in tray 2.", PrinterState: "paper jam"},
		workflow.JobEntry{ID: "j6", ShareID: "s1", Printer: "Atelier Color", DocumentName: "report.pdf", Created: at(26 * time.Hour),
			Phase: workflow.PhasePrinted, Words: "Printed.", FromHere: true}.WithFinished(true),
		workflow.JobEntry{ID: "j7", ShareID: "s2", Printer: "Reception Mono", DocumentName: "draft.pdf", Created: at(72 * time.Hour),
			Phase: workflow.PhaseCanceled, Words: "Canceled."}.WithFinished(true),
	}
}

// jobsShownWith opens the jobs view of a window on f and waits for it.
func jobsShownWith(t *testing.T, f *fakeBackend) *harness {
	t.Helper()
	h := newHarness(t, f, Options{})
	h.until("printers listed with their statuses", func() bool {
		return len(h.w.printers.all) == 4 && !h.w.printers.loading && h.statusesIn()
	})
	h.w.jobs.now = func() time.Time { return jobsNow }
	h.fw.MainMenu().Items[2].Items[0].Action() // Jobs > Your print jobs
	h.until("jobs drawn", func() bool { return !h.w.jobs.loading && len(h.w.jobs.rows) == len(f.jobs) })
	return h
}

// TestScreen_JobsView: Jobs > Your print jobs puts every job in place of
// the right-hand side, newest first, each in words with its age, Cancel
// only on unfinished ones; light and dark goldens.
func TestScreen_JobsView(t *testing.T) {
	for _, variant := range []string{"light", "dark"} {
		t.Run(variant, func(t *testing.T) {
			f := signedInFake()
			f.jobs = sampleJobs()
			h := jobsShownWith(t, f)
			v := theme.VariantLight
			if variant == "dark" {
				v = theme.VariantDark
			}
			h.app.Settings().SetTheme(variantTheme{Theme(), v})
			if !h.w.jobsShown() || h.w.split.Trailing != h.w.jobs.root {
				t.Fatal("the jobs view is not shown")
			}
			held := h.w.jobs.rows["j2"]
			if held.words.Text != "Held for release. "+workflow.HeldSentence || held.when.Text != "Sent 3 min ago from this computer" {
				t.Fatalf("held row says %q / %q", held.words.Text, held.when.Text)
			}
			for id, wantCancel := range map[string]bool{"j1": true, "j2": true, "j5": true, "j6": false, "j7": false} {
				if got := !h.w.jobs.rows[id].cancel.Hidden; got != wantCancel {
					t.Errorf("job %s: Cancel shown %v, want %v", id, got, wantCancel)
				}
			}
			if got := h.w.jobs.info.Text; got != "7 jobs, newest first." {
				t.Errorf("info %q", got)
			}
			h.fw.Content().Refresh()
			test.AssertImageMatches(t, "jobs/"+variant+".png", h.fw.Canvas().Capture())
		})
	}
}

// TestJobsView_ActionsThenBack: Cancel and Print again reach the backend
// with the job, each followed by one load; a job with no copy says why on
// its row; Esc goes back to printing without cancelling anything, and the
// jobs are not loaded again while hidden.
func TestJobsView_ActionsThenBack(t *testing.T) {
	f := signedInFake()
	f.jobs = sampleJobs()
	h := jobsShownWith(t, f)
	calls := func() int { f.mu.Lock(); defer f.mu.Unlock(); return f.jobsCalls }
	if n := calls(); n != 1 {
		t.Fatalf("opening the view loaded the jobs %d times, want 1", n)
	}
	test.Tap(h.w.jobs.rows["j2"].cancel)
	h.until("cancel sent and jobs loaded again", func() bool { return calls() == 2 && !h.w.jobs.loading })
	if len(f.canceled) != 1 || f.canceled[0] != "j2" {
		t.Fatalf("canceled %v, want [j2]", f.canceled)
	}
	test.Tap(h.w.jobs.rows["j7"].again)
	h.until("reprint refused", func() bool { return !h.w.jobs.rows["j7"].note.Hidden && calls() == 3 && !h.w.jobs.loading })
	if got := h.w.jobs.rows["j7"].note.Text; !strings.Contains(got, "cannot be printed again") || !strings.Contains(got, "Print the file again") {
		t.Fatalf("no-copy note %q", got)
	}
	f.printAgain = func(e workflow.JobEntry) (workflow.Reprinted, error) {
		return workflow.Reprinted{JobID: "j8", FromService: true}, nil
	}
	test.Tap(h.w.jobs.rows["j6"].again)
	h.until("reprinted", func() bool {
		return strings.HasPrefix(h.w.jobs.rows["j6"].note.Text, "Sent again") && !h.w.jobs.loading
	})
	if !strings.Contains(h.w.jobs.rows["j6"].note.Text, "service's copy") {
		t.Fatalf("note %q does not say the service's copy was printed", h.w.jobs.rows["j6"].note.Text)
	}
	pressKey(h, fyne.KeyEscape)
	if h.w.jobsShown() || h.w.split.Trailing != h.w.right {
		t.Fatal("Esc did not go back to printing")
	}
	before := calls()
	h.w.jobs.tick()
	if calls() != before {
		t.Fatal("the hidden jobs view loaded the jobs")
	}
}

// TestJobsView_RefreshesOnlyWhileShown: on its interval the view loads the
// jobs again, one load at a time, and not at all once it is left.
func TestJobsView_RefreshesOnlyWhileShown(t *testing.T) {
	f := signedInFake()
	f.jobs = sampleJobs()
	h := newHarness(t, f, Options{JobsRefreshEvery: 5 * time.Millisecond})
	calls := func() int { f.mu.Lock(); defer f.mu.Unlock(); return f.jobsCalls }
	h.until("printers listed", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	if calls() != 0 {
		t.Fatal("the jobs were loaded before the view was opened")
	}
	h.w.showJobs()
	h.until("three loads on the interval", func() bool { return calls() >= 3 })
	h.w.hideJobs()
	h.until("the load under way ended", func() bool { return !h.w.jobs.loading })
	n := calls()
	end := time.Now().Add(100 * time.Millisecond) // 20 intervals
	h.until("a while with the view hidden", func() bool { return time.Now().After(end) })
	if got := calls(); got != n {
		t.Fatalf("the hidden view loaded the jobs %d more times", got-n)
	}
}

// TestJobsViewPages: 120 jobs get rows for the newest 50 and a button for
// 50 more, then 100 and a button for the last 20, then all 120 and no
// button; the count above them is always all 120.
func TestJobsViewPages(t *testing.T) {
	f := signedInFake()
	f.jobs = manyJobs(120)
	h := newHarness(t, f, Options{})
	h.fw.MainMenu().Items[2].Items[0].Action() // Jobs > Your print jobs
	p := h.w.jobs
	h.until("jobs drawn", func() bool { return !p.loading && len(p.rows) > 0 })
	for _, want := range []struct {
		rows int
		more string
	}{{50, "Show 50 more"}, {100, "Show 20 more"}, {120, ""}} {
		if len(p.rows) != want.rows || p.rows["0"] == nil || p.rows[fmt.Sprint(want.rows-1)] == nil {
			t.Fatalf("%d rows, want the newest %d", len(p.rows), want.rows)
		}
		shown := len(p.boxes) > 0 && p.boxes[len(p.boxes)-1] == p.moreBox
		if shown != (want.more != "") || shown && p.more.Text != want.more {
			t.Fatalf("with %d rows the button is shown %v as %q, want %q", want.rows, shown, p.more.Text, want.more)
		}
		if p.info.Text != "120 jobs, newest first." {
			t.Fatalf("the count says %q", p.info.Text)
		}
		if shown {
			test.Tap(p.more)
		}
	}
}
