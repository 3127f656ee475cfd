package workflow

import (
	"context"
	"strings"
	"sync"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestFollowSurfacesStoppedPrinter: a printer that stops while the job
// waits is reported with its reason, and the job is followed on until it
// completes once the printer is fixed.
func TestFollowSurfacesStoppedPrinter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	// OnEvent runs on the task's goroutine, where t.Fatal must not be
	// called: Do reports a refused change instead.
	setStatus := func(s emutest.PrinterStatus) {
		if _, err := e.Do("PUT", "/printers/"+emulator.DemoPrinterID(1)+"/status", s, nil); err != nil {
			t.Error(err)
		}
	}
	path, _ := writeFile(t, t.TempDir(), "a.pdf", 999)
	p := e.printer(emulator.ShareDefault)
	var mu sync.Mutex
	var stoppedMsg string
	var once, fixed sync.Once
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		switch {
		case ev.Stage == StageStarting:
			once.Do(func() {
				setStatus(emutest.PrinterStatus{State: "stopped", Details: []string{"mediaEmpty"}})
			})
		case ev.Stage == StageWaiting && ev.JobState == "stopped":
			mu.Lock()
			stoppedMsg = ev.Message
			mu.Unlock()
			fixed.Do(func() { setStatus(emutest.PrinterStatus{State: "idle", Details: []string{}}) })
		}
	}})
	must(t, err)
	res, err := task.Wait()
	if err != nil || res.State != "completed" {
		t.Fatalf("after the printer was fixed: %+v, %v", res, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(stoppedMsg, "out of paper") {
		t.Fatalf("stopped message = %q, want the printer's reason", stoppedMsg)
	}
}

// TestFollowStopsQuietlyOnCancel: cancelling while the job prints stops
// watching; the job itself is left to print.
func TestFollowStopsQuietlyOnCancel(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{JobProcessing: 1 << 40})
	path, _ := writeFile(t, t.TempDir(), "a.pdf", 999)
	p := e.printer(emulator.ShareDefault)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	task, err := e.svc.Print(ctx, PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, OnEvent: func(ev Event) {
		if ev.Stage == StageWaiting {
			cancel() // the caller's context cancels the task too
		}
	}})
	must(t, err)
	res, err := task.Wait()
	if err == nil || res.JobID == "" {
		t.Fatalf("Wait = %+v, %v; want cancellation", res, err)
	}
	if st := e.JobState(res.JobID); st != "processing" {
		t.Fatalf("job is %s after the watcher left, want processing", st)
	}
}
