package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"printdrop/internal/ranges"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

func TestScreen_SignedOut(t *testing.T) {
	h := newHarness(t, &fakeBackend{}, Options{})
	h.until("sign-in button", func() bool { return findButton(h.w.account.root, "Sign in") != nil })
	test.AssertRendersToMarkup(t, "screens/signed_out.xml", h.fw.Canvas())
}

func TestScreen_FirstRunOffersDemo(t *testing.T) {
	demo := 0
	h := newHarness(t, &fakeBackend{needsClient: true}, Options{OnTryDemo: func() { demo++ }})
	b := findButton(h.w.account.root, "Try the demo")
	if b == nil {
		t.Fatal("first run without a client ID shows no \"Try the demo\"")
	}
	test.Tap(b)
	if demo != 1 {
		t.Fatalf("Try the demo ran %d times, want 1", demo)
	}
}

func TestScreen_PrintersLoading(t *testing.T) {
	f := signedInFake()
	f.hold, f.holdAfter = make(chan struct{}), 1
	defer close(f.hold)
	h := newHarness(t, f, Options{})
	h.until("first page and its statuses", func() bool { return len(h.w.printers.all) == 2 && h.statusesIn() })
	if !strings.HasPrefix(h.w.printers.info.Text, "Loading printers…") {
		t.Fatalf("info while loading = %q", h.w.printers.info.Text)
	}
	test.AssertRendersToMarkup(t, "screens/printers_loading.xml", h.fw.Canvas())
}

// TestScreen_JobFormLaidOutWhenDetailsComeLast: the printer's details
// arrive after the list and its statuses were drawn, so nothing else lays
// the window out again; the job form must still get its height (it once
// kept the height of "Loading…", the form squeezed to nothing).
func TestScreen_JobFormLaidOutWhenDetailsComeLast(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	f.detailsGate = make(chan struct{})
	h := newHarness(t, f, Options{})
	h.until("list and statuses drawn, details pending", func() bool {
		return len(h.w.printers.all) > 0 && !h.w.printers.loading && h.statusesIn() && h.w.state.chosen == "s1"
	})
	close(f.detailsGate)
	h.until("details", func() bool { return h.w.state.printer != nil })
	body := h.w.job.body
	if got, want := body.Size().Height, body.MinSize().Height; want == 0 || got < want {
		t.Fatalf("the job form is %.0f px high, want its %.0f px: the column was not laid out again", got, want)
	}
}

func TestScreen_PrinterChosen(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s3" // on the second page: preselected when it arrives
	f.details.Readiness = seedPrinters()[1][0].Readiness
	h := newHarness(t, f, Options{})
	h.until("details of the last share", func() bool { return h.w.state.printer != nil && !h.w.printers.loading && h.statusesIn() })
	if h.w.state.chosen != "s3" || h.w.state.printer.ID != "s3" {
		t.Fatalf("chosen %q, details %q; want the last share s3 preselected", h.w.state.chosen, h.w.state.printer.ID)
	}
	test.AssertRendersToMarkup(t, "screens/printer_chosen.xml", h.fw.Canvas())
}

func TestScreen_SearchFiltersAsYouType(t *testing.T) {
	h := newHarness(t, signedInFake(), Options{})
	h.until("all printers", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	test.Type(h.w.printers.search, "paris")
	if got := names(h.w.printers.shown); got != "Finance Laser, Archive Plotter" {
		t.Fatalf("after typing \"paris\": %s", got)
	}
	h.w.printers.search.SetText("")
	test.Type(h.w.printers.search, "contoso")
	if got := names(h.w.printers.shown); got != "Atelier Color, Finance Laser" {
		t.Fatalf("after typing \"contoso\" (model): %s", got)
	}
	test.Type(h.w.printers.search, "zzz")
	if len(h.w.printers.shown) != 0 || !strings.Contains(h.w.printers.info.Text, "No printer matches") {
		t.Fatalf("no match: shown %d, info %q", len(h.w.printers.shown), h.w.printers.info.Text)
	}
}

func TestScreen_DropQueuesFilesAndRefusesAtOnce(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	h.until("printer chosen", func() bool { return h.w.state.printer != nil })
	dir := t.TempDir()
	a := writeFile(t, dir, "report.pdf", 2_400_000)
	b := writeFile(t, dir, "slides.pdf", 1200)
	h.w.Drop([]fyne.URI{storage.NewFileURI(a), storage.NewFileURI(dir), storage.NewFileURI(b)})
	// The whole drop is checked in one go, off the UI goroutine: queue and
	// refusal appear together, with nothing else for the user to do.
	h.until("the drop checked", func() bool { return len(h.w.state.queue) > 0 || !h.w.files.refused.Hidden })
	if len(h.w.state.queue) != 2 {
		t.Fatalf("queued %d files, want 2 (the folder refused)", len(h.w.state.queue))
	}
	if got := h.w.files.list.Text; got != "report.pdf, 2.40 MB\nslides.pdf, 1.20 kB" {
		t.Fatalf("queue shows %q", got)
	}
	if h.w.files.refused.Hidden || !strings.Contains(h.w.files.refused.Text, "is a folder") {
		t.Fatalf("refusal not shown at once: %q", h.w.files.refused.Text)
	}
	if h.w.files.print.Disabled() {
		t.Fatal("Print stays disabled with a printer and files ready")
	}
}

// startUpload brings a window to a print in progress on report.pdf.
func startUpload(t *testing.T, f *fakeBackend, h *harness) {
	t.Helper()
	h.until("printer chosen", func() bool { return h.w.state.printer != nil && h.statusesIn() })
	path := writeFile(t, t.TempDir(), "report.pdf", 40_000_000)
	h.w.OpenFiles([]string{path})
	h.until("file queued", func() bool { return len(h.w.state.queue) == 1 })
	// Ctrl+Enter prints, like the Print button.
	h.fw.Canvas().(interface {
		TypedShortcut(fyne.Shortcut)
	}).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	<-f.printing.started
	h.until("printing handle", func() bool { return h.w.upload.printing != nil })
}

func TestScreen_UploadingWithGaps(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	startUpload(t, f, h)
	if len(f.printReqs) != 1 || f.printReqs[0].JobSettings.DuplexMode != "flipOnLongEdge" || f.printReqs[0].Printer.ID != "s1" {
		t.Fatalf("print request %+v", f.printReqs)
	}
	const mb = 1_000_000
	f.printing.onEvent(uploading("Uploading", upload.Progress{
		Acked: 24 * mb, Total: 40 * mb, Rate: 4.2 * mb, Remaining: 4_000_000_000,
		Missing:  ranges.Set{{Start: 8 * mb, End: 12*mb - 1}, {Start: 20 * mb, End: 24*mb - 1}, {Start: 32 * mb, End: 40*mb - 1}},
		InFlight: ranges.Set{{Start: 8 * mb, End: 12*mb - 1}, {Start: 32 * mb, End: 36*mb - 1}},
	}))
	h.w.upload.flush()
	if got := h.w.upload.missing.Text; got != "Still missing 16.0 MB: 8.00 MB to 12.0 MB, 20.0 MB to 24.0 MB, 32.0 MB to 40.0 MB" {
		t.Fatalf("missing text %q", got)
	}
	test.AssertRendersToMarkup(t, "screens/uploading_gaps.xml", h.fw.Canvas())

	test.Tap(h.w.upload.pause)
	if !f.printing.paused || !h.w.upload.pause.Disabled() || h.w.upload.resume.Disabled() {
		t.Fatal("Pause did not pause the print or did not swap the buttons")
	}
	test.Tap(h.w.upload.resume)
	if f.printing.paused {
		t.Fatal("Resume did not resume")
	}
}

func TestScreen_Completed(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	startUpload(t, f, h)
	f.printing.onEvent(uploading("Uploaded", upload.Progress{Acked: 40_000_000, Total: 40_000_000}))
	h.w.upload.flush()
	test.AssertNotificationSent(t, fyne.NewNotification("Printed", "report.pdf has printed."), func() {
		f.printing.end <- workflow.JobStatus{State: "completed", Terminal: true, Succeeded: true}
		h.until("completed", func() bool { return h.w.upload.printing == nil && !h.w.status.root.Hidden })
	})
	if h.w.status.another.Hidden {
		t.Fatal("no \"Print another\" after the job ended")
	}
	test.AssertRendersToMarkup(t, "screens/completed.xml", h.fw.Canvas())
}

func TestScreen_EscCancels(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	startUpload(t, f, h)
	h.fw.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.until("cancelled", func() bool { return h.w.upload.printing == nil && h.w.status.state.Text != "" })
	if f.printing.ctx.Err() == nil {
		t.Fatal("Esc did not cancel the print's context")
	}
	if !strings.Contains(h.w.status.state.Text, "Cancelled") {
		t.Fatalf("status after Esc: %q", h.w.status.state.Text)
	}
}

func TestScreen_CtrlOChooses(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "memo.pdf", 10)
	h := newHarness(t, signedInFake(), Options{ChooseFile: func(chosen func(string)) { chosen(path) }})
	h.fw.Canvas().(interface {
		TypedShortcut(fyne.Shortcut)
	}).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault})
	h.until("the chosen file checked", func() bool { return len(h.w.state.queue) > 0 || !h.w.files.refused.Hidden })
	if len(h.w.state.queue) != 1 || h.w.state.queue[0].Name != "memo.pdf" {
		t.Fatalf("Ctrl+O queued %+v", h.w.state.queue)
	}
}

func TestScreen_Error(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	f.detailsErr = errors.New("the printer's details could not be read")
	h := newHarness(t, f, Options{})
	h.until("error shown", func() bool { return !h.w.errs.root.Hidden && h.statusesIn() })
	test.AssertRendersToMarkup(t, "screens/error.xml", h.fw.Canvas())
}

func TestProgressRedrawIsDecoupledFromEvents(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	startUpload(t, f, h)
	before := h.w.upload.frames
	for i := range 10_000 {
		f.printing.onEvent(uploading("Uploading", upload.Progress{Acked: int64(i), Total: 40_000_000}))
	}
	if h.w.upload.frames != before {
		t.Fatalf("events drew %d frames by themselves; only the ticker may draw", h.w.upload.frames-before)
	}
	h.w.upload.flush()
	h.w.upload.flush() // nothing new: no second frame
	if got := h.w.upload.frames - before; got != 1 {
		t.Fatalf("10,000 events then two ticks drew %d frames, want 1", got)
	}
	if h.w.upload.bar.Value != 9999.0/40_000_000 {
		t.Fatalf("the frame did not show the latest event: %v", h.w.upload.bar.Value)
	}
}

func names(ps []workflow.PrinterRow) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name)
	}
	return strings.Join(s, ", ")
}

func writeFile(t *testing.T, dir, name string, size int64) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestScreen_ResumeInterruptedUpload(t *testing.T) {
	path := writeFile(t, t.TempDir(), "thesis.pdf", 30_000_000)
	f := signedInFake()
	f.interrupted = []workflow.Interrupted{
		{Path: path, Name: "thesis.pdf", ShareID: "s2", Size: 30_000_000},
		{Path: "/gone/old.pdf", Name: "old.pdf", ShareID: "s1", Size: 10},
	}
	h := newHarness(t, f, Options{})
	h.until("offer to resume", func() bool { return !h.w.resume.root.Hidden })
	want := "thesis.pdf (30.0 MB) did not finish uploading to Reception Mono. Resume keeps what was already sent. 1 more after this one."
	if got := h.w.resume.text.Text; got != want {
		t.Fatalf("resume offer %q, want %q", got, want)
	}
	test.Tap(findButton(h.w.resume.root, "Resume"))
	h.until("printer chosen and file queued", func() bool { return h.w.state.printer != nil && len(h.w.state.queue) > 0 })
	if h.w.state.chosen != "s2" || len(h.w.state.queue) != 1 || h.w.state.queue[0].Path != path {
		t.Fatalf("after Resume: share %q, queue %+v", h.w.state.chosen, h.w.state.queue)
	}
	test.Tap(findButton(h.w.resume.root, "Discard"))
	h.until("discarded", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.discarded) == 1
	})
	if !h.w.resume.root.Hidden || f.discarded[0] != "/gone/old.pdf" {
		t.Fatalf("discarded %v, offer still shown: %v", f.discarded, !h.w.resume.root.Hidden)
	}
}

func TestScreen_SearchHasFocusAfterSignIn(t *testing.T) {
	h := newHarness(t, signedInFake(), Options{})
	h.until("all printers", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	if h.fw.Canvas().Focused() != h.w.printers.search {
		t.Fatalf("focused %T, want the search box", h.fw.Canvas().Focused())
	}
	test.Type(h.fw.Canvas().Focused(), "lyon") // what the keyboard reaches
	if got := names(h.w.printers.shown); got != "Atelier Color, Reception Mono" {
		t.Fatalf("typing on the window filtered to %s", got)
	}
}

// TestProgressRedrawsAtMostOncePerTick floods the panel with events from
// a worker while the real ticker runs: every frame is drawn by a tick,
// never by an event, so frames <= ticks however many events arrive.
func TestProgressRedrawsAtMostOncePerTick(t *testing.T) {
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{RedrawEvery: 2 * time.Millisecond})
	startUpload(t, f, h)
	const events = 200_000
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := range events {
			f.printing.onEvent(uploading("Uploading", upload.Progress{Acked: int64(i + 1), Total: events}))
		}
	}()
	h.until("all events sent and drawn", func() bool {
		select {
		case <-sent:
			return h.w.upload.bar.Value == 1
		default:
			return false
		}
	})
	before := h.w.upload.frames // includes startUpload's first frame
	h.w.upload.mu.Lock()
	ticks := h.w.upload.ticks
	h.w.upload.mu.Unlock()
	if before > ticks+1 {
		t.Fatalf("%d frames for %d ticks: frames are not bounded by the ticker", before, ticks)
	}
	if before > events/100 {
		t.Fatalf("%d frames for %d events: redraws follow the event rate", before, events)
	}
	t.Logf("%d events, %d ticks, %d frames", events, ticks, before)
}

// Checking a dropped file reads it (a fingerprint of a few MiB), which a
// network drive can make slow: the window must keep reacting meanwhile, and
// the file is queued once the check ends.
func TestScreen_SlowFileCheckDoesNotBlockTheWindow(t *testing.T) {
	f := signedInFake()
	f.checkGate = make(chan struct{})
	h := newHarness(t, f, Options{})
	h.until("all printers", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	path := writeFile(t, t.TempDir(), "report.pdf", 1000)
	h.w.Drop([]fyne.URI{storage.NewFileURI(path)})
	// With the check on the UI goroutine, Drop would not have returned.
	test.Type(h.w.printers.search, "paris")
	if got := names(h.w.printers.shown); got != "Finance Laser, Archive Plotter" {
		t.Fatalf("while a file is being checked, typing \"paris\" shows %s", got)
	}
	if len(h.w.state.queue) != 0 {
		t.Fatal("the file was queued before its check ended")
	}
	close(f.checkGate)
	h.until("file queued", func() bool { return len(h.w.state.queue) == 1 })
}
