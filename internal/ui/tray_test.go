package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"printdrop/internal/workflow"
)

// trayItems are the labels of a tray menu, disabled ones in brackets.
func trayItems(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		switch {
		case it.IsSeparator:
			out = append(out, "---")
		case it.Disabled:
			out = append(out, "["+it.Label+"]")
		default:
			out = append(out, it.Label)
		}
	}
	return out
}

func trayItem(t *testing.T, m *fyne.Menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range m.Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no %q in the tray menu %q", label, trayItems(m))
	return nil
}

// TestTray_MenuBuiltUnderTheTestDriver: the tray menu opens the window
// and the jobs view, lists the printers used lately (choosing one shows it
// in the window) and the jobs under way, at most five of each.
func TestTray_MenuBuiltUnderTheTestDriver(t *testing.T) {
	f := signedInFake()
	f.pages[1][0].LastUsed = jobsNow.Add(-time.Hour) // Finance Laser
	f.jobs = sampleJobs()
	h := newHarness(t, f, Options{})
	var menu *fyne.Menu
	sets, raised := 0, 0
	h.w.ShowTray(func(m *fyne.Menu) { menu = m; sets++ }, func() { raised++ })
	if got := strings.Join(trayItems(menu), " | "); got != "Open PrintDrop | Your print jobs | --- | [Recent printers] | [None yet] | --- | [Jobs under way] | [None]" {
		t.Fatalf("tray before anything loaded: %s", got)
	}
	h.until("printers listed", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	trayItem(t, menu, "Your print jobs").Action()
	h.until("jobs loaded", func() bool { return !h.w.jobs.loading && len(h.w.jobs.jobs) == 7 })
	if raised != 1 || !h.w.jobsShown() {
		t.Fatalf("Your print jobs: raised %d times, jobs view shown %v", raised, h.w.jobsShown())
	}
	want := "Open PrintDrop | Your print jobs | --- | [Recent printers] | Finance Laser | --- | [Jobs under way] | " +
		"thesis.pdf → Atelier Color: uploading | invoice-0412.pdf → Finance Laser: held for release | " +
		"visitor-badges.pdf → Reception Mono: waiting for the printer | poster-a3.pdf → Atelier Color: printing | " +
		"budget-2027.pdf → Finance Laser: stopped"
	if got := strings.Join(trayItems(menu), " | "); got != want {
		t.Fatalf("tray after loading:\n%s\nwant\n%s", got, want)
	}
	trayItem(t, menu, "Finance Laser").Action()
	h.until("the recent printer chosen", func() bool { return h.w.state.printer != nil && h.w.state.printer.ID == "s3" })
	if raised != 2 || h.w.jobsShown() {
		t.Fatalf("a recent printer: raised %d times, jobs view still shown %v", raised, h.w.jobsShown())
	}

	more := sampleJobs()
	for i := range 3 {
		e := more[0]
		e.ID = e.ID + string(rune('a'+i))
		more = append(more, e)
	}
	f.setJobs(more)
	h.w.showJobs()
	h.until("more jobs loaded", func() bool { return !h.w.jobs.loading && len(h.w.jobs.jobs) == 10 })
	if items := trayItems(menu); items[len(items)-1] != "3 more…" {
		t.Fatalf("8 jobs under way end the tray with %q, want \"3 more…\"", items[len(items)-1])
	}
}

// TestJobsWatch_NotifiesWhatNeedsTheUser: with the watch on and the jobs
// view closed, a job that becomes held for release is notified with what
// to do, and its end after that; a job that stops at the printer too;
// once nothing is under way, the watch stops loading.
func TestJobsWatch_NotifiesWhatNeedsTheUser(t *testing.T) {
	f := signedInFake()
	waiting := workflow.JobEntry{ID: "j1", ShareID: "s1", Printer: "Atelier Color", DocumentName: "payslip.pdf",
		Created: jobsNow, Phase: workflow.PhaseWaiting, Words: "Waiting for the printer to take it."}
	f.jobs = []workflow.JobEntry{waiting}
	h := newHarness(t, f, Options{WatchJobs: true, JobsWatchEvery: time.Hour}) // the test ticks
	calls := func() int { f.mu.Lock(); defer f.mu.Unlock(); return f.jobsCalls }
	h.until("the first look", func() bool { return calls() == 1 && !h.w.jobs.loading })
	tick := func(what string, jobs []workflow.JobEntry) {
		t.Helper()
		f.setJobs(jobs)
		n := calls()
		h.w.jobs.watchTick()
		h.until(what, func() bool { return calls() == n+1 && !h.w.jobs.loading })
	}
	held := waiting
	held.Phase, held.Words = workflow.PhaseHeld, "Held for release. "+workflow.HeldSentence
	test.AssertNotificationSent(t, fyne.NewNotification("Held for release",
		"payslip.pdf → Atelier Color: "+workflow.HeldSentence), func() { tick("held", []workflow.JobEntry{held}) })
	printed := held.WithFinished(true)
	printed.Phase, printed.Words = workflow.PhasePrinted, "Printed."
	stopped := workflow.JobEntry{ID: "j2", ShareID: "s3", Printer: "Finance Laser", DocumentName: "budget.pdf",
		Phase: workflow.PhaseFailed, Words: "Stopped at the printer. Paper jam in tray 2."}
	test.AssertNotificationSent(t, fyne.NewNotification("2 print jobs changed",
		"PrintDrop's jobs view (Jobs > Your print jobs) shows each one."), func() {
		tick("printed, and another stopped", []workflow.JobEntry{printed, stopped})
	})
	aborted := stopped.WithFinished(true)
	aborted.Words = "Failed. Paper jam in tray 2."
	test.AssertNotificationSent(t, fyne.NewNotification("Not printed", "budget.pdf → Finance Laser: Failed. Paper jam in tray 2."), func() {
		tick("aborted", []workflow.JobEntry{printed, aborted})
	})
	n := calls()
	h.w.jobs.watchTick()
	settle(h, 50*time.Millisecond)
	if calls() != n {
		t.Fatal("the watch loaded the jobs with nothing under way")
	}
	h.w.jobs.kick() // a print begins
	h.w.jobs.watchTick()
	h.until("a load after a print began", func() bool { return calls() == n+1 })
}
