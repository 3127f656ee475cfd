package workflow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestPrintRefusals: every input PrintDrop must refuse is refused with a
// sentence saying what to do, and no job is created on the service.
func TestPrintRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	dir := t.TempDir()
	pdf, _ := writeFile(t, dir, "ok.pdf", 2000)
	oxps, _ := writeFile(t, dir, "doc.oxps", 2000)

	folder := filepath.Join(dir, "folder.pdf")
	must(t, os.Mkdir(folder, 0o700))
	fifo := filepath.Join(dir, "pipe.pdf")
	fifoErr := mkfifo(fifo) // Windows has no FIFOs
	if fifoErr != nil && !errors.Is(fifoErr, errors.ErrUnsupported) {
		t.Fatal(fifoErr)
	}
	link := filepath.Join(dir, "link.pdf")
	// Windows needs a privilege to make symbolic links, and Wine's read as
	// missing: the case is Unix only.
	linkErr := errors.ErrUnsupported
	if runtime.GOOS != "windows" {
		must(t, os.Symlink(folder, link))
		linkErr = nil
	}
	empty := filepath.Join(dir, "empty.pdf")
	must(t, os.WriteFile(empty, nil, 0o600))
	huge := filepath.Join(dir, "huge.pdf") // sparse: takes no disk space
	f, err := os.Create(huge)
	must(t, err)
	must(t, f.Truncate(1_000_000_001))
	f.Close()

	ok := e.printer(emulator.ShareDefault)
	type refusalCase struct {
		name   string
		path   string
		share  string
		reason Refusal
		want   string // part of the sentence that says what to do
	}
	tests := []refusalCase{
		{"directory", folder, emulator.ShareDefault, RefusedFile, "choose a file inside it"},
		{"empty", empty, emulator.ShareDefault, RefusedFile, "nothing to print"},
		{"over 1 GB", huge, emulator.ShareDefault, RefusedFile, "1 GB"},
		{"missing", filepath.Join(dir, "nope.pdf"), emulator.ShareDefault, RefusedFile, "check the name"},
		{"PDF on an OXPS-only printer", pdf, emulator.ShareOXPSOnly, RefusedContentType, "save it as OpenXPS"},
		{"stopped printer", pdf, emulator.ShareStopped, RefusedStopped, "paper jam"},
		{"not accepting jobs", pdf, emulator.ShareNotAccepting, RefusedNotAccepting, "choose another printer"},
	}
	if fifoErr == nil {
		tests = append(tests, refusalCase{"fifo", fifo, emulator.ShareDefault, RefusedFile, "save the document to a file"})
	} else {
		t.Logf("no FIFO case: %v", fifoErr)
	}
	if linkErr == nil {
		tests = append(tests, refusalCase{"symlink to a directory", link, emulator.ShareDefault, RefusedFile, "choose a file inside it"})
	} else {
		t.Logf("no symlink case: %v", linkErr)
	}
	// Root reads anything, and Windows has no mode 000: the case cannot be built.
	if os.Geteuid() != 0 && runtime.GOOS != "windows" {
		unreadable := filepath.Join(dir, "secret.pdf")
		must(t, os.WriteFile(unreadable, []byte("%PDF-1"), 0o000))
		tests = append(tests, refusalCase{"unreadable", unreadable, emulator.ShareDefault, RefusedFile, "check its permissions"})
	} else {
		t.Log("running as root: the unreadable-file case cannot be built here (internal/upload tests it too)")
	}
	for _, tt := range tests {
		p := ok
		if tt.share != emulator.ShareDefault {
			p = e.printer(tt.share)
		}
		// The window checks at once, without the network...
		err := e.svc.CheckFile(tt.path, p)
		var r *RefusedError
		if !errors.As(err, &r) || r.Reason != tt.reason || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: CheckFile = %v, want refusal %d saying %q", tt.name, err, tt.reason, tt.want)
		}
		// ...and Print refuses the same way before creating anything.
		task, err := e.svc.Print(context.Background(), PrintRequest{Path: tt.path, Printer: p, JobSettings: p.Defaults})
		if task != nil || !errors.As(err, &r) || r.Reason != tt.reason {
			t.Errorf("%s: Print = %v, %v; want refusal %d", tt.name, task, err, tt.reason)
		}
		if h, n, _ := Explain(err); h == "" || n == "" {
			t.Errorf("%s: Explain = %q / %q: no headline or next step", tt.name, h, n)
		}
	}
	// Bad settings are refused too.
	_, err = e.svc.Print(context.Background(), PrintRequest{Path: pdf, Printer: ok, JobSettings: JobSettings{Copies: 500}})
	if r := (*RefusedError)(nil); !errors.As(err, &r) || r.Reason != RefusedSettings || !strings.Contains(err.Error(), "at most 99 copies") {
		t.Errorf("500 copies: Print = %v", err)
	}
	if n := e.jobCreations(); n != 0 {
		t.Fatalf("refused inputs created %d jobs", n)
	}

	// OXPS on a printer that takes only PDF is accepted: the service converts it.
	pdfOnly := e.printer(emulator.SharePDFOnly)
	task, err := e.svc.Print(context.Background(), PrintRequest{Path: oxps, Printer: pdfOnly, JobSettings: pdfOnly.Defaults})
	if err != nil {
		t.Fatalf("OXPS to a PDF printer refused: %v", err)
	}
	if res, err := task.Wait(); err != nil || res.State != "completed" {
		t.Fatalf("OXPS to a PDF printer: %+v, %v", res, err)
	}
}

// TestPrintRefusesPrinterStoppedSinceListed: the status is reloaded before
// the job is created, so a printer that stopped after the list was loaded
// is refused.
func TestPrintRefusesPrinterStoppedSinceListed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	p := e.printer(emulator.ShareDefault)
	p.loaded = time.Now().Add(-PrinterFresh) // read a while ago, as a window's choice often is
	e.SetPrinterStatus(emulator.DemoPrinterID(1), emutest.PrinterStatus{State: "stopped", Details: []string{"coverOpen"}})
	path, _ := writeFile(t, t.TempDir(), "a.pdf", 100)
	_, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
	var r *RefusedError
	if !errors.As(err, &r) || r.Reason != RefusedStopped || !strings.Contains(err.Error(), "a cover is open") {
		t.Fatalf("Print = %v, want a stopped refusal naming the cover", err)
	}
	if n := e.jobCreations(); n != 0 {
		t.Fatalf("%d jobs created", n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
