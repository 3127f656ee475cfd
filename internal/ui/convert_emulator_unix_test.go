//go:build !windows

package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/test"

	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
	"printdrop/internal/workflow"
)

// TestEmulator_CancelEndsTheConversion prints an office document through
// a stand-in LibreOffice that hangs: the upload panel shows the
// conversion, and Cancel ends it, kills the program and creates no job.
func TestEmulator_CancelEndsTheConversion(t *testing.T) {
	testenv.RequireTools(t, "sh")
	e := newEmuEnv(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "soffice.pid")
	e.soffice = filepath.Join(dir, "soffice")
	script := "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 60\n"
	if err := os.WriteFile(e.soffice, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	e.svc = e.service(t, t.TempDir(), t.TempDir())
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	pdfOnly := emulator.DemoShareID(8)
	h.w.printers.selectID(pdfOnly)
	h.until("details", func() bool { return h.w.state.printer != nil && h.w.state.printer.ID == pdfOnly })
	letter := filepath.Join(dir, "letter.docx")
	if err := os.WriteFile(letter, []byte("PK\x03\x04 a stand-in document"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.w.OpenFiles([]string{letter})
	h.until("queued", func() bool { return len(h.w.state.queue) == 1 })
	if got := h.w.files.list.Text; !strings.HasSuffix(got, ": as PDF") {
		t.Fatalf("file list %q: want the document to say it prints as PDF", got)
	}
	test.Tap(h.w.files.print)
	h.until("converting", func() bool {
		h.w.upload.flush() // the harness draws progress only when asked
		_, err := os.Stat(pidFile)
		return err == nil && strings.HasPrefix(h.w.upload.phase.Text, "Converting")
	})
	b, _ := os.ReadFile(pidFile)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file: %q", b)
	}
	test.Tap(h.w.upload.cancel)
	h.until("cancelled", func() bool { return h.w.upload.printing == nil && h.w.upload.stop == nil })
	if got := h.w.upload.phase.Text; got != "Cancelled. Nothing more will print." {
		t.Fatalf("after Cancel the phase says %q", got)
	}
	if err := syscall.Kill(pid, 0); err == nil {
		t.Fatalf("the stand-in LibreOffice (pid %d) still runs after Cancel", pid)
	}
	for _, r := range e.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/jobs") {
			t.Fatal("a job was created for a print cancelled while converting")
		}
	}
}
