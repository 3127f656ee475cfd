package ui

import (
	"context"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"printdrop/internal/emulator"
	"printdrop/internal/workflow"
)

// withQRRelease reseeds e with QR-code release on the default share: its
// started jobs wait in releaseWait until released.
func withQRRelease(e *emuEnv) {
	seed := emulator.DemoSeed()
	seed.Printers[0].Share.ReleaseMechanisms = []string{"qrCode"}
	e.Control("POST", "/seed", seed, nil)
}

// jobRowWhere loads the jobs view (as its interval would) until a row
// matches and no action is under way (its answer could still change the
// row), and returns that job and its row.
func jobRowWhere(h *harness, what string, match func(workflow.JobEntry, *jobRow) bool) (workflow.JobEntry, *jobRow) {
	h.t.Helper()
	var got workflow.JobEntry
	var row *jobRow
	h.until(what, func() bool {
		if len(h.w.jobs.acts) > 0 {
			return false
		}
		for _, e := range h.w.jobs.jobs {
			if r := h.w.jobs.rows[e.ID]; r != nil && match(e, r) {
				got, row = e, r
				return true
			}
		}
		h.w.jobs.tick()
		return false
	})
	return got, row
}

// TestEmulator_JobsViewHeldThenPrinted: a file printed from the window to
// a printer with QR-code release shows in the jobs view (Ctrl+J) as held,
// with the sentence saying what to do; once released at the printer (the
// emulator's control API) the same row says it printed.
func TestEmulator_JobsViewHeldThenPrinted(t *testing.T) {
	e := newEmuEnv(t)
	withQRRelease(e)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	h.w.printers.selectID(emulator.ShareDefault)
	h.until("details", func() bool { return h.w.state.printer != nil })
	h.w.OpenFiles([]string{writePDF(t, t.TempDir(), "payslip.pdf", 20_000)})
	h.until("queued", func() bool { return len(h.w.state.queue) == 1 })
	h.w.startPrint()
	h.until("job created", func() bool { return len(e.svc.SentJobs()) == 1 })
	id := e.svc.SentJobs()[0].JobID

	pressShortcut(h, fyne.KeyJ)
	if !h.w.jobsShown() {
		t.Fatal("Ctrl+J did not show the jobs view")
	}
	_, row := jobRowWhere(h, "the job held for release", func(j workflow.JobEntry, _ *jobRow) bool {
		return j.ID == id && j.Phase == workflow.PhaseHeld
	})
	if want := "Held for release. " + workflow.HeldSentence; row.words.Text != want {
		t.Fatalf("held row says %q, want %q", row.words.Text, want)
	}
	if !strings.HasPrefix(row.title.Text, "payslip.pdf → ") || !strings.HasSuffix(row.when.Text, "from this computer") || row.cancel.Hidden {
		t.Fatalf("held row: title %q, when %q, cancel hidden %v", row.title.Text, row.when.Text, row.cancel.Hidden)
	}

	e.Control("POST", "/jobs/"+id+"/release", nil, nil)
	_, row = jobRowWhere(h, "the released job printed", func(j workflow.JobEntry, _ *jobRow) bool {
		return j.ID == id && j.Phase == workflow.PhasePrinted
	})
	if row.words.Text != "Printed." || !row.cancel.Hidden {
		t.Fatalf("printed row says %q, cancel hidden %v", row.words.Text, row.cancel.Hidden)
	}
}

// TestEmulator_JobsViewCancelAndPrintAgain: from the jobs view, Print
// again on a held job makes a second job on the same printer from the
// kept file; Cancel cancels the first; with its file deleted and the
// service keeping no copy of a cancelled job, Print again says why not.
func TestEmulator_JobsViewCancelAndPrintAgain(t *testing.T) {
	e := newEmuEnv(t)
	withQRRelease(e)
	path := writePDF(t, t.TempDir(), "memo.pdf", 8_000)
	p, err := e.svc.Printer(context.Background(), emulator.ShareDefault)
	if err != nil {
		t.Fatal(err)
	}
	task, err := e.svc.Print(context.Background(), workflow.PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults, NoWait: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := task.Wait()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	h.w.showJobs()
	_, first := jobRowWhere(h, "the job held", func(j workflow.JobEntry, _ *jobRow) bool {
		return j.ID == res.JobID && j.Phase == workflow.PhaseHeld
	})

	test.Tap(first.again)
	again, _ := jobRowWhere(h, "a second job from the kept file", func(j workflow.JobEntry, _ *jobRow) bool {
		return j.ID != res.JobID && j.Phase == workflow.PhaseHeld && j.DocumentName == "memo.pdf"
	})
	if got := h.w.jobs.jobs[0].ID; got != again.ID || again.ShareID != emulator.ShareDefault {
		t.Fatalf("newest job %s on %s, want the reprint %s first on the default share", got, again.ShareID, again.ID)
	}
	if first.note.Text != "Sent again: the new job is at the top." {
		t.Fatalf("note after Print again: %q", first.note.Text)
	}
	if size, _, ok := e.Document(again.ID); !ok || size != fileSize(t, path) {
		t.Fatalf("the reprint's document: %d bytes (stored %v), want the file's", size, ok)
	}

	test.Tap(first.cancel)
	jobRowWhere(h, "the first job canceled", func(j workflow.JobEntry, r *jobRow) bool {
		return j.ID == res.JobID && j.Phase == workflow.PhaseCanceled && r.cancel.Hidden
	})
	if st := e.JobState(res.JobID); st != "canceled" {
		t.Fatalf("the emulator has the job %s", st)
	}

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	test.Tap(first.again)
	jobRowWhere(h, "why it cannot print again", func(j workflow.JobEntry, r *jobRow) bool {
		return j.ID == res.JobID && strings.Contains(r.note.Text, "cannot be printed again")
	})
	if !strings.Contains(first.note.Text, "gone or has changed") {
		t.Fatalf("the reason %q does not name the missing file", first.note.Text)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
