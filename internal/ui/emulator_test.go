package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/secret"
	"printdrop/internal/workflow"
)

// emuEnv is the in-process emulator and the real workflow signed in to it.
type emuEnv struct {
	*emutest.Env
	svc     *workflow.Service
	soffice string // LibreOffice's program for services made after it is set; "" finds it
}

func newEmuEnv(t *testing.T) *emuEnv {
	t.Helper()
	return newEmuEnvWith(t, emulator.Config{JobProcessing: 50 * time.Millisecond})
}

// newEmuEnvWith is newEmuEnv on an emulator configured by cfg.
func newEmuEnvWith(t testing.TB, cfg emulator.Config) *emuEnv {
	t.Helper()
	e := &emuEnv{Env: emutest.Start(t, cfg)}
	e.svc = e.service(t, t.TempDir(), t.TempDir())
	return e
}

// service is a new run of the real workflow on e, signed in as the demo
// user, keeping interrupted uploads and the share list in the folders given.
func (e *emuEnv) service(t testing.TB, checkpointDir, shareCacheDir string) *workflow.Service {
	t.Helper()
	info := e.Info
	s := workflow.DefaultSettings()
	s.Cloud, s.GraphURL, s.AuthorityURL, s.ClientID = workflow.CloudCustom, info.GraphURL, info.AuthorityURL, info.ClientID
	svc, err := workflow.New(workflow.Params{
		Settings:      s,
		TokenSource:   oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token(), TokenType: "Bearer"}),
		Secrets:       secret.Memory(),
		CheckpointDir: checkpointDir,
		ShareCacheDir: shareCacheDir,
		PollEvery:     10 * time.Millisecond, PollMax: 50 * time.Millisecond,
		Soffice: e.soffice,
	})
	if err != nil {
		t.Fatalf("workflow.New: %v", err)
	}
	return svc
}

// TestEmulator_PrintAFileEndToEnd drives the window with the real workflow:
// the list loads from the emulator, a dropped PDF uploads, the job prints,
// and the emulator holds exactly the bytes of the file. The window's stage
// follows each step, and "Print another" brings the file area back.
func TestEmulator_PrintAFileEndToEnd(t *testing.T) {
	e := newEmuEnv(t)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	if findLabel(h.w.account.root, "Ana Example") == nil {
		t.Fatal("the signed-in user is not shown")
	}
	wantScreen := func(want Screen) {
		t.Helper()
		if got := h.w.Screen(); got != want {
			t.Fatalf("the window's stage is %q, want %q", got, want)
		}
	}
	wantScreen(ScreenSignedIn)
	h.w.printers.selectID(emulator.ShareDefault)
	h.until("details", func() bool { return h.w.state.printer != nil })
	wantScreen(ScreenPrinterChosen)

	dir := t.TempDir()
	pdf := writePDF(t, dir, "report.pdf", 3_000_000)
	h.w.Drop([]fyne.URI{storage.NewFileURI(pdf), storage.NewFileURI(dir)})
	h.until("the drop checked", func() bool { return len(h.w.state.queue) > 0 || !h.w.files.refused.Hidden })
	if len(h.w.state.queue) != 1 || h.w.files.refused.Hidden {
		t.Fatalf("queue %d, refused %q: want the PDF queued and the folder refused", len(h.w.state.queue), h.w.files.refused.Text)
	}
	wantScreen(ScreenFileQueued)
	test.Tap(h.w.files.print)
	wantScreen(ScreenUploading)
	if !h.w.files.root.Hidden || h.w.upload.root.Hidden {
		t.Fatal("while uploading, the upload panel must take the file area's place")
	}
	h.until("job ended", func() bool {
		return h.w.upload.printing == nil && h.w.upload.stop == nil && !h.w.status.root.Hidden && !h.w.status.another.Hidden
	})
	wantScreen(ScreenCompleted)
	if got := h.w.status.state.Text; got != "report.pdf: Printed" {
		t.Fatalf("status %q; error %q", got, h.w.errs.headline.Text)
	}
	if h.w.upload.bar.Value != 1 {
		t.Fatalf("progress bar at %v after completion", h.w.upload.bar.Value)
	}
	test.Tap(h.w.status.another)
	wantScreen(ScreenPrinterChosen)
	if h.w.files.root.Hidden || !h.w.upload.root.Hidden || !h.w.status.root.Hidden {
		t.Fatal("Print another must show the file area again and hide the finished print")
	}
}

// TestEmulator_UIStaysResponsiveWhileGraphHangs holds every Graph response
// in the emulator, picks a printer (its details request now hangs) and
// types into the search box: the list must filter at once. If any Graph
// call ran on the UI goroutine, typing would wait for the held request.
func TestEmulator_UIStaysResponsiveWhileGraphHangs(t *testing.T) {
	e := newEmuEnv(t)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	total := len(h.w.printers.all)

	e.Fault(emutest.Fault{Kind: "hold", Host: "graph"})
	released := false
	defer func() {
		if !released {
			e.ClearFaults()
		}
	}()
	h.w.printers.selectID(emulator.ShareDefault)
	if !strings.HasPrefix(h.w.job.status.Text, "Loading") {
		t.Fatalf("job panel while loading: %q", h.w.job.status.Text)
	}
	test.Type(h.w.printers.search, "lyon")
	shown := len(h.w.printers.shown)
	if shown == 0 || shown >= total {
		t.Fatalf("typing while Graph hangs: %d of %d shown; the search box did not filter", shown, total)
	}
	if h.w.state.printer != nil {
		t.Fatal("details arrived although Graph is held: the hold fault did not apply")
	}
	e.ClearFaults()
	released = true
	h.until("details after release", func() bool { return h.w.state.printer != nil })
}

func writePDF(t *testing.T, dir, name string, size int) string {
	t.Helper()
	body := []byte("%PDF-1.4\n% PrintDrop test document\n")
	body = append(body, bytes.Repeat([]byte("0123456789abcdef\n"), size/17)...)
	body = append(body, []byte("\n%%EOF\n")...)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEmulator_StoppedPrinterCannotPrint: choosing the demo's stopped
// printer says why in the job panel and keeps Print disabled, while the
// file stays queued for another printer; an OXPS-only printer refuses a
// dropped PDF at once, saying what to do.
func TestEmulator_StoppedPrinterCannotPrint(t *testing.T) {
	e := newEmuEnv(t)
	h := newHarness(t, workflow.NewDesktop(e.svc), Options{})
	h.until("shares listed", func() bool { return len(h.w.printers.all) > 0 && !h.w.printers.loading })
	h.w.printers.selectID(emulator.ShareStopped)
	h.until("details", func() bool { return h.w.state.printer != nil })
	pdf := writePDF(t, t.TempDir(), "memo.pdf", 10_000)
	h.w.OpenFiles([]string{pdf})
	h.until("queued", func() bool { return len(h.w.state.queue) == 1 })
	if !h.w.files.print.Disabled() {
		t.Fatal("Print is enabled on a stopped printer")
	}
	if !strings.Contains(strings.ToLower(h.w.job.status.Text), "paper jam") {
		t.Fatalf("job panel on a stopped printer says %q; want the reason", h.w.job.status.Text)
	}

	h.w.printers.selectID(emulator.ShareOXPSOnly)
	h.until("details", func() bool { return h.w.state.printer != nil && h.w.state.printer.ID == emulator.ShareOXPSOnly })
	h.w.clearQueue()
	h.w.OpenFiles([]string{pdf})
	h.until("refusal", func() bool { return !h.w.files.refused.Hidden })
	if len(h.w.state.queue) != 0 || !strings.Contains(h.w.files.refused.Text, "memo.pdf") {
		t.Fatalf("OXPS-only printer: queue %d, refusal %q", len(h.w.state.queue), h.w.files.refused.Text)
	}
}
