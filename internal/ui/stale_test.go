package ui

import (
	"context"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/workflow"
)

// lateWaits tells the test when the window's load of a printer has come
// back from the service (WaitingJobs is the load's last call), so a stale
// answer can be let through at a known moment.
type lateWaits struct {
	Backend
	done chan string
}

func (b lateWaits) WaitingJobs(ctx context.Context, shareID string) ([]workflow.WaitingJob, error) {
	jobs, err := b.Backend.WaitingJobs(ctx, shareID)
	b.done <- shareID
	return jobs, err
}

// TestEmulator_StalePrinterAnswerChangesNothing: printer A (OXPS only) is
// chosen and its details are held in the emulator; printer B (takes PDF)
// is chosen and loads; then A's answer arrives late. The window must stay
// on B: a dropped PDF is checked against B (and queued), and B is the
// share saved for next time.
func TestEmulator_StalePrinterAnswerChangesNothing(t *testing.T) {
	a, b := emulator.ShareOXPSOnly, emulator.ShareDefault
	e := newEmuEnv(t)
	be := lateWaits{Backend: workflow.NewDesktop(e.svc), done: make(chan string, 16)}
	h := newHarness(t, be, Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })

	hold := e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "GET", PathSuffix: "/shares/" + a, Count: 100})
	released := false
	defer func() {
		if !released {
			e.ClearFaults()
		}
	}()
	h.w.printers.selectID(a)
	h.w.printers.selectID(b)
	h.until("B's details", func() bool { return h.w.state.printer != nil && h.w.state.printer.ID == b })

	e.DeleteFault(hold)
	released = true
	h.until("A's late answer", func() bool {
		select {
		case id := <-be.done:
			return id == a
		default:
			return false
		}
	})

	pdf := writePDF(t, t.TempDir(), "memo.pdf", 10_000)
	h.w.OpenFiles([]string{pdf})
	h.until("the drop checked", func() bool { return len(h.w.state.queue) > 0 || !h.w.files.refused.Hidden })
	if d := h.w.state.printer; d == nil || d.ID != b {
		t.Fatalf("the job panel shows %+v after A's late answer; want B (%s)", d, b)
	}
	if len(h.w.state.queue) != 1 || !h.w.files.refused.Hidden {
		t.Fatalf("a PDF dropped on B was checked against A: queue %d, refusal %q", len(h.w.state.queue), h.w.files.refused.Text)
	}
	if got := e.svc.Settings().LastShareID; got != b {
		t.Fatalf("the share saved as the last one is %q; want B (%s)", got, b)
	}
}
