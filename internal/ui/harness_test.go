package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"printdrop/internal/workflow"
)

// harness runs a Window in the Fyne test driver. Background work runs on
// its own goroutines as in the app; what it sends back to the UI is queued
// and run on the test goroutine by until, so widgets are only ever touched
// by one goroutine and every golden is taken at a settled state.
type harness struct {
	t     testing.TB
	app   fyne.App
	fw    fyne.Window
	w     *Window
	queue chan func()
}

func newHarness(t testing.TB, b Backend, opts Options) *harness {
	t.Helper()
	h := &harness{t: t, app: test.NewTempApp(t), queue: make(chan func(), 4096)}
	h.fw = test.NewTempWindow(t, nil)
	if opts.RedrawEvery == 0 {
		opts.RedrawEvery = -1 // frames only when a test flushes
	}
	if opts.JobsRefreshEvery == 0 {
		opts.JobsRefreshEvery = -1 // the jobs view loads only when a test acts
	}
	closed := make(chan struct{})
	t.Cleanup(func() { close(closed) })
	wait := func(f func()) { // like fyne.DoAndWait, but never outliving the test
		done := make(chan struct{})
		select {
		case h.queue <- func() { f(); close(done) }:
		case <-closed:
			return
		}
		select {
		case <-done:
		case <-closed:
		}
	}
	h.w = newWindow(h.app, h.fw, b, opts, func(f func()) { h.queue <- f }, wait)
	h.fw.Resize(fyne.NewSize(980, 680))
	t.Cleanup(func() {
		h.w.Close()
		// The work the window began writes into the test's folders as it
		// ends (checkpoints, the record of sent jobs): wait for it before
		// they are removed.
		if !h.w.Settle(10 * time.Second) {
			t.Error("the window's background work did not end within 10 s of closing it")
		}
	})
	return h
}

// until runs queued UI work until cond holds. The deadline only guards
// against a hung test; nothing is measured against it.
func (h *harness) until(what string, cond func() bool) {
	h.t.Helper()
	h.untilWithin(20*time.Second, what, cond)
}

// untilWithin is until with another guard against a hung test, for work
// that is slow under the race detector on a busy machine (10,000 shares).
func (h *harness) untilWithin(guard time.Duration, what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(guard)
	tick := time.NewTicker(5 * time.Millisecond) // cond may turn on work off the UI queue
	defer tick.Stop()
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-tick.C:
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// seedPrinters are fixed rows for goldens: stable names and states.
func seedPrinters() [][]workflow.PrinterRow {
	ready := workflow.PrinterReadiness{State: workflow.Ready, Sentence: "Ready to print."}
	return [][]workflow.PrinterRow{
		{
			{ID: "s1", Name: "Atelier Color", Location: "Building A, floor 1, Lyon", Model: "Contoso ColorJet 5000", Readiness: ready},
			{ID: "s2", Name: "Reception Mono", Location: "Building A, floor 0, Lyon", Model: "Fabrikam Mono 300", Readiness: workflow.PrinterReadiness{State: workflow.Busy, Sentence: "Printing other jobs: yours waits its turn."}},
		},
		{
			{ID: "s3", Name: "Finance Laser", Location: "Tower 2, floor 9, Paris", Model: "Contoso LaserPro 400", Readiness: workflow.PrinterReadiness{State: workflow.Stopped, Reason: "paper jam", Sentence: "Stopped: paper jam. Ask someone nearby to fix it."}},
			{ID: "s4", Name: "Archive Plotter", Location: "Basement, Paris", Model: "Northwind Plot 36", Readiness: workflow.PrinterReadiness{State: workflow.NotAccepting, Sentence: "Not accepting jobs right now."}},
		},
	}
}

func seedDetails() workflow.PrinterDetails {
	return workflow.PrinterDetails{
		Options: workflow.JobOptions{
			MinCopies: 1, MaxCopies: 99,
			ColorModes:   []string{"color", "grayscale"},
			DuplexModes:  []string{"oneSided", "flipOnLongEdge", "flipOnShortEdge"},
			MediaSizes:   []string{"A4", "A3", "North America Letter"},
			Orientations: []string{"portrait", "landscape"},
			PageRanges:   true,
		},
		Defaults: workflow.JobSettings{Copies: 1, ColorMode: "color", DuplexMode: "flipOnLongEdge", MediaSize: "A4", Orientation: "portrait"},
	}
}

func signedInFake() *fakeBackend {
	return &fakeBackend{
		account:  workflow.Account{Name: "Adele Vance", UPN: "adele@contoso.example"},
		pages:    seedPrinters(),
		details:  seedDetails(),
		printing: newFakePrinting(),
	}
}
