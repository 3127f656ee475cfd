package ui

import (
	"os"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// TestEmulator_FileListSaysWhatAFileBecomes: a PNG queued for the demo's
// PDF-only printer reads "1 page, as PDF" (counted when the file was
// checked, off the UI goroutine); a PDF reads as it did, and Print is
// enabled for both.
func TestEmulator_FileListSaysWhatAFileBecomes(t *testing.T) {
	e := newEmuEnv(t)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	pdfOnly := emulator.DemoShareID(8)
	h.w.printers.selectID(pdfOnly)
	h.until("details", func() bool { return h.w.state.printer != nil && h.w.state.printer.ID == pdfOnly })

	dir := t.TempDir()
	photo := testenv.WritePNG(t, dir, "photo.png", 3000, 2000)
	fi, _ := os.Stat(photo)
	memo := writePDF(t, dir, "memo.pdf", 1000)
	mi, _ := os.Stat(memo)
	h.w.OpenFiles([]string{photo, memo})
	h.until("queued", func() bool { return len(h.w.state.queue) == 2 })
	want := "photo.png, " + units.Bytes(fi.Size()) + ": 1 page, as PDF\nmemo.pdf, " + units.Bytes(mi.Size())
	if got := h.w.files.list.Text; got != want {
		t.Fatalf("file list %q, want %q", got, want)
	}
	if h.w.files.print.Disabled() {
		t.Fatalf("Print is disabled for a PNG the printer takes as PDF: %q", h.w.state.fit)
	}
}
