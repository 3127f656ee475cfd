package ui

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/workflow"
)

// listedThenChecked waits for a window's list and the resume check after it.
func listedThenChecked(h *harness) {
	h.until("shares listed and checked for uploads to resume", func() bool {
		return len(h.w.printers.all) > 0 && !h.w.printers.loading && h.w.resume.checked > 0
	})
}

// TestEmulator_ResumeOffersOnlyRealUploads: a start after another run shows
// no "Unfinished upload" for what is not one (the kept share list in the
// same folder); a real interrupted upload is offered with its file name,
// printer and size; once discarded, the next start offers nothing.
func TestEmulator_ResumeOffersOnlyRealUploads(t *testing.T) {
	e := newEmuEnv(t)
	dir := t.TempDir()
	t.Cleanup(func() {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error { t.Log("LEFT", p); return nil })
	})

	// First run: signs in and lists the printers (the list is kept in dir).
	first := e.service(t, dir, dir) // one folder for both, as the demo once had
	h1 := newHarness(t, workflow.NewDesktop(first), Options{})
	listedThenChecked(h1)
	if !h1.w.resume.root.Hidden {
		t.Fatalf("first run offers to resume: %q", h1.w.resume.text.Text)
	}
	h1.w.Close()

	// Second run: its folder now holds the kept list, and no upload.
	second := e.service(t, dir, dir)
	h2 := newHarness(t, workflow.NewDesktop(second), Options{})
	listedThenChecked(h2)
	if !h2.w.resume.root.Hidden {
		t.Fatalf("a start with no interrupted upload offers one: %q", h2.w.resume.text.Text)
	}

	// A print whose upload hangs, as a run killed mid-upload leaves it.
	e.Fault(emutest.Fault{Kind: "hold", Host: "upload"})
	t.Cleanup(e.ClearFaults) // before the windows close: nothing stays held
	h2.w.printers.selectID(emulator.ShareDefault)
	h2.until("details", func() bool { return h2.w.state.printer != nil })
	pdf := writePDF(t, t.TempDir(), "thesis.pdf", 3_000_000)
	h2.w.OpenFiles([]string{pdf})
	h2.until("queued", func() bool { return len(h2.w.state.queue) == 1 })
	h2.w.startPrint()
	h2.until("the upload kept for resuming", func() bool {
		cps, _ := second.Interrupted()
		return len(cps) == 1
	})

	// Third run, while the second hangs as if killed: the upload is offered.
	third := e.service(t, dir, dir)
	h3 := newHarness(t, workflow.NewDesktop(third), Options{})
	h3.until("offer to resume", func() bool { return !h3.w.resume.root.Hidden })
	name := h3.w.printerName(emulator.ShareDefault)
	want := "thesis.pdf (3.00 MB) did not finish uploading to " + name + "."
	if got := h3.w.resume.text.Text; !strings.HasPrefix(got, want) || name == emulator.ShareDefault {
		t.Fatalf("resume offer %q, want it to begin %q (the printer by name)", got, want)
	}
	findButton(h3.w.resume.root, "Discard").OnTapped()
	h3.until("discarded", func() bool {
		cps, _ := third.Interrupted()
		return len(cps) == 0 && h3.w.resume.root.Hidden
	})

	// Fourth run: nothing to offer.
	fourth := e.service(t, dir, dir)
	h4 := newHarness(t, workflow.NewDesktop(fourth), Options{})
	listedThenChecked(h4)
	if !h4.w.resume.root.Hidden {
		t.Fatalf("a discarded upload is offered again: %q", h4.w.resume.text.Text)
	}
}

// TestEmulator_PrinterThatCannotTakeTheFile: a PDF queued, then a printer
// chosen that takes only OpenXPS: Print is disabled with the sentence in
// the action bar before anyone presses it; choosing a printer that takes
// PDF enables it again, the file still queued.
func TestEmulator_PrinterThatCannotTakeTheFile(t *testing.T) {
	e := newEmuEnv(t)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	h.w.OpenFiles([]string{writePDF(t, t.TempDir(), "memo.pdf", 10_000)})
	h.until("queued", func() bool { return len(h.w.state.queue) == 1 })
	h.w.printers.selectID(emulator.ShareOXPSOnly)
	h.until("details", func() bool { return h.w.state.printer != nil })
	if !h.w.files.print.Disabled() {
		t.Fatal("Print is enabled for a printer that cannot take the queued PDF")
	}
	if msg := h.w.bar.message.Text; !strings.Contains(msg, "cannot print memo.pdf") || h.w.bar.message.Hidden {
		t.Fatalf("the action bar says %q, want why memo.pdf cannot print there", msg)
	}
	h.w.printers.selectID(emulator.ShareDefault)
	h.until("details", func() bool { return h.w.state.printer != nil && h.w.state.printer.ID == emulator.ShareDefault })
	if h.w.files.print.Disabled() || len(h.w.state.queue) != 1 {
		t.Fatalf("back on a PDF printer: Print disabled %v, queue %d", h.w.files.print.Disabled(), len(h.w.state.queue))
	}
}
