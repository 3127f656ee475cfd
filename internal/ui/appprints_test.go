package ui

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os/user"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/OpenPrinting/goipp"

	"printdrop/internal/bridge"
	"printdrop/internal/bridgelink"
	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/workflow"
)

// bridgeEnv is a real printdrop bridge on the emulator, over real HTTP: the
// window follows its feed as it follows a bridge started by systemd.
type bridgeEnv struct {
	*emuEnv
	addr    string
	printer workflow.Printer
}

func startBridgeEnv(t *testing.T) *bridgeEnv {
	t.Helper()
	e := newEmuEnv(t)
	p, err := e.svc.Printer(context.Background(), emulator.ShareDefault)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := bridge.New(bridge.Config{Service: e.svc, Printers: []workflow.Printer{p}, SpoolDir: t.TempDir(),
		PollEvery: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return &bridgeEnv{emuEnv: e, addr: l.Addr().String(), printer: p}
}

// options connects a window to the bridge.
func (b *bridgeEnv) options() Options {
	w := &bridgelink.Watcher{Addr: b.addr, MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
	return Options{Bridge: &Bridge{
		Watch:  w.Watch,
		Cancel: func(ctx context.Context, id int) error { return bridgelink.Cancel(ctx, b.addr, id) },
	}}
}

// printFromApp sends a PDF the way CUPS does for an application: an IPP
// Print-Job in the owner's name.
func (b *bridgeEnv) printFromApp(t *testing.T, title string, pdf []byte) {
	t.Helper()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	req := goipp.NewRequest(goipp.MakeVersion(2, 0), goipp.OpPrintJob, 1)
	op := func(name string, tag goipp.Tag, v goipp.Value) { req.Operation.Add(goipp.MakeAttribute(name, tag, v)) }
	op("attributes-charset", goipp.TagCharset, goipp.String("utf-8"))
	op("attributes-natural-language", goipp.TagLanguage, goipp.String("en"))
	op("printer-uri", goipp.TagURI, goipp.String("ipp://"+b.addr+"/printers/"+emulator.ShareDefault))
	op("requesting-user-name", goipp.TagName, goipp.String(u.Username))
	op("job-name", goipp.TagName, goipp.String(title))
	op("document-format", goipp.TagMimeType, goipp.String("application/pdf"))
	head, err := req.EncodeBytes()
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Post("http://"+b.addr+"/printers/"+emulator.ShareDefault, "application/ipp",
		io.MultiReader(bytes.NewReader(head), bytes.NewReader(pdf)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m goipp.Message
	if err := m.Decode(res.Body); err != nil {
		t.Fatalf("the bridge's answer: %v", err)
	}
	if goipp.Status(m.Code) != goipp.StatusOk {
		t.Fatalf("Print-Job answered %s", goipp.Status(m.Code))
	}
}

// bulkPDF is a document of n copies of line that starts and ends as the
// bridge checks a PDF does: large enough to watch, quick to make.
func bulkPDF(line string, n int) []byte {
	return append(bytes.Repeat([]byte(line), n), "startxref\n0\n%%EOF\n"...)
}

// onlyAppPrint is the one print from another app on screen, once there is.
func (h *harness) onlyAppPrint() *appPrintRow {
	if len(h.w.apps.rows) != 1 {
		return nil
	}
	for _, r := range h.w.apps.rows {
		return r
	}
	return nil
}

// TestBridge_PrintFromAnotherAppShowsInTheWindow: a document another
// application prints through the bridge appears in the window with its
// progress and missing parts, then its final status, as the window's own.
func TestBridge_PrintFromAnotherAppShowsInTheWindow(t *testing.T) {
	b := startBridgeEnv(t)
	// The first PUT is held, so the window sees the upload under way.
	hold := b.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 1})
	h := newHarness(t, workflow.NewDesktop(b.svc), b.options())
	if !h.w.apps.root.Hidden {
		t.Fatal("the panel shows with no print from another app")
	}
	pdf := bulkPDF("%PDF-1.4 memo\n", 1_200_000/14)
	b.printFromApp(t, "Board memo", pdf)

	h.until("the print under way", func() bool {
		r := h.onlyAppPrint()
		return r != nil && r.view.shown.Upload.Total > 0 && r.view.shown.Upload.Acked < r.view.shown.Upload.Total
	})
	r := h.onlyAppPrint()
	if h.w.apps.root.Hidden || r.cancel.Hidden {
		t.Fatal("a running print from another app is not shown with its Cancel")
	}
	if want := "Board memo → " + b.printer.Name(); r.view.file.Text != want {
		t.Fatalf("title %q, want %q", r.view.file.Text, want)
	}
	b.DeleteFault(hold)
	h.until("the print ended", func() bool { return h.onlyAppPrint().ended })
	r = h.onlyAppPrint()
	if r.view.bar.Value != 1 || !r.cancel.Hidden || r.view.phase.Text != appPrintOutcome(bridgelink.Print{Succeeded: true, Outcome: r.view.shown.Job().Description}) {
		t.Fatalf("ended print: bar %v, cancel hidden %v, phase %q", r.view.bar.Value, r.cancel.Hidden, r.view.phase.Text)
	}
	if job := r.view.shown.Job(); job == nil || !job.Succeeded {
		t.Fatalf("the ended print's status %+v: want success", job)
	}
}

// TestBridge_CancelFromTheWindow: Cancel on a print from another app ends
// it through the bridge: the row shows it ended without printing.
func TestBridge_CancelFromTheWindow(t *testing.T) {
	b := startBridgeEnv(t)
	b.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "PUT", Count: 1000})
	h := newHarness(t, workflow.NewDesktop(b.svc), b.options())
	b.printFromApp(t, "Held memo", bulkPDF("%PDF-1.4 x\n", 50_000))
	h.until("the print shown", func() bool { r := h.onlyAppPrint(); return r != nil && !r.cancel.Hidden })
	test.Tap(h.onlyAppPrint().cancel)
	h.until("the print ended", func() bool { return h.onlyAppPrint().ended })
	r := h.onlyAppPrint()
	if job := r.view.shown.Job(); job == nil || job.Succeeded {
		t.Fatalf("a cancelled print ended with %+v", job)
	}
	if !strings.Contains(strings.ToLower(r.view.phase.Text), "cancel") {
		t.Fatalf("a cancelled print says %q", r.view.phase.Text)
	}
}

// fakeUnit plays systemd's user manager: a systemd user session cannot
// run in the test's container, so its answers are played here.
type fakeUnit struct {
	mu      sync.Mutex // the window calls it off the UI goroutine
	state   bridgelink.UnitState
	fail    error
	calls   []string
	reloads chan struct{}
}

func (u *fakeUnit) State(context.Context) (bridgelink.UnitState, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, "state")
	return u.state, nil
}

func (u *fakeUnit) Enable(context.Context) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, "enable")
	if u.fail != nil {
		return u.fail
	}
	u.state.Enabled, u.state.Active, u.state.Activity = true, true, "active"
	return nil
}

func (u *fakeUnit) Disable(context.Context) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, "disable")
	u.state.Enabled, u.state.Active, u.state.Activity = false, false, "inactive"
	return nil
}

// now is what systemd would say now, and the calls so far.
func (u *fakeUnit) now() (bridgelink.UnitState, string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.state, strings.Join(u.calls, " ")
}

func (u *fakeUnit) Reload(context.Context) error {
	u.reloads <- struct{}{}
	return nil
}

// TestPrintDialogs_SwitchAndPerPrinterChoice: the switch under the
// printers turns the bridge's service on and off; a printer's "Show in
// every app's Print dialog" is kept in the preferences the bridge reads,
// and a running bridge is restarted once to serve it.
func TestPrintDialogs_SwitchAndPerPrinterChoice(t *testing.T) {
	unit := &fakeUnit{state: bridgelink.UnitState{Installed: true, Activity: "inactive"}, reloads: make(chan struct{}, 4)}
	prefs := workflow.NewMemoryPreferences()
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{Bridge: &Bridge{Unit: unit, Prefs: prefs}})
	h.until("the switch", func() bool { return !h.w.dialogs.root.Hidden })
	sw := findCheck(h.w.dialogs.root, everyAppLabel)
	if sw == nil || sw.Checked {
		t.Fatal("the switch is missing, or on while the service is off")
	}
	test.Tap(sw)
	h.until("switched on", func() bool { return !sw.Disabled() && func() bool { st, _ := unit.now(); return st.Enabled }() })
	if !sw.Checked || !strings.HasPrefix(h.w.dialogs.note.Text, "On:") {
		t.Fatalf("after switching on: checked %v, note %q", sw.Checked, h.w.dialogs.note.Text)
	}

	h.until("printer chosen", func() bool { return h.w.state.printer != nil })
	c := findCheck(h.w.job.root, printDialogLabel)
	if c == nil || c.Checked {
		t.Fatal("the chosen printer has no unchecked print-dialog choice")
	}
	test.Tap(c)
	test.Tap(c)
	test.Tap(c) // three changes: one restart
	if got := bridgelink.Shares(prefs); len(got) != 1 || got[0] != "s1" {
		t.Fatalf("shares kept for print dialogs: %v, want [s1]", got)
	}
	select {
	case <-unit.reloads:
	case <-time.After(10 * time.Second):
		t.Fatal("the running bridge was not restarted for the new choice")
	}
	select {
	case <-unit.reloads:
		t.Fatal("three quick changes restarted the bridge twice")
	case <-time.After(2 * reloadAfter):
	}

	test.Tap(sw)
	h.until("switched off", func() bool { return !sw.Disabled() && !func() bool { st, _ := unit.now(); return st.Enabled }() })
	if _, got := unit.now(); got != "state enable state disable state" {
		t.Fatalf("systemctl calls %q", got)
	}
}

// TestPrintDialogs_SwitchFailureIsSaid: when systemd refuses, the switch
// goes back to what is true and the window says why.
func TestPrintDialogs_SwitchFailureIsSaid(t *testing.T) {
	unit := &fakeUnit{state: bridgelink.UnitState{Installed: true, Activity: "inactive"},
		fail: &bridgelink.UnitError{Kind: bridgelink.UnitNoSystemd, Op: "enable"}}
	h := newHarness(t, signedInFake(), Options{Bridge: &Bridge{Unit: unit, Prefs: workflow.NewMemoryPreferences()}})
	h.until("the switch", func() bool { return !h.w.dialogs.root.Hidden })
	sw := findCheck(h.w.dialogs.root, everyAppLabel)
	test.Tap(sw)
	h.until("refused", func() bool { return !sw.Disabled() && !h.w.errs.root.Hidden })
	if sw.Checked {
		t.Fatal("the switch stays on after systemd refused")
	}
	if !strings.Contains(h.w.errs.headline.Text, "cannot switch") {
		t.Fatalf("headline %q", h.w.errs.headline.Text)
	}
}

// TestPrintDialogs_HiddenWithoutTheService: no switch where the service is
// not installed (a tar.xz install, another desktop).
func TestPrintDialogs_HiddenWithoutTheService(t *testing.T) {
	unit := &fakeUnit{state: bridgelink.UnitState{}}
	h := newHarness(t, signedInFake(), Options{Bridge: &Bridge{Unit: unit}})
	h.until("asked systemd", func() bool { return h.w.dialogs.asked })
	if !h.w.dialogs.root.Hidden {
		t.Fatal("the switch shows without the service")
	}
}

// TestAppPrintTextIsShownSafely: every text of the feed is shown through
// the one sanitizer, since any local program may answer on the bridge's
// port while the bridge is off.
func TestAppPrintTextIsShownSafely(t *testing.T) {
	feed := make(chan []bridgelink.Print, 1)
	watch := func(ctx context.Context, got func([]bridgelink.Print)) error {
		got(<-feed)
		<-ctx.Done()
		return ctx.Err()
	}
	h := newHarness(t, signedInFake(), Options{Bridge: &Bridge{Watch: watch}})
	bidi := "\u202egnp.exe"
	feed <- []bridgelink.Print{{ID: 1, Document: "memo" + bidi, Printer: "Floor\x1b[2J 2", Phase: "Sending\x07",
		Ended: true, Outcome: "Not printed: " + bidi}}
	h.until("the print shown", func() bool { return h.onlyAppPrint() != nil })
	r := h.onlyAppPrint()
	for _, text := range []string{r.view.file.Text, r.view.phase.Text} {
		if strings.ContainsAny(text, "\u202e\x1b\x07") {
			t.Errorf("shown raw: %q", text)
		}
	}
	if !strings.Contains(r.view.phase.Text, "Not printed") {
		t.Fatalf("the outcome is not shown: %q", r.view.phase.Text)
	}
}

// TestAppPrintEndsAreNotifiedTogether: many prints from other apps that
// end in one snapshot make one desktop notification that counts them, not
// one each (a hostile feed once ended 4,000 at once).
func TestAppPrintEndsAreNotifiedTogether(t *testing.T) {
	feed := make(chan []bridgelink.Print, 2)
	watch := func(ctx context.Context, got func([]bridgelink.Print)) error {
		for {
			select {
			case ps := <-feed:
				got(ps)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	h := newHarness(t, signedInFake(), Options{Bridge: &Bridge{Watch: watch}})
	const n = 50
	running := make([]bridgelink.Print, n)
	for i := range running {
		running[i] = bridgelink.Print{ID: i + 1, Document: "doc.pdf", Phase: "Sending"}
	}
	feed <- running
	h.until("the prints shown", func() bool { return len(h.w.apps.rows) == n })
	ended := make([]bridgelink.Print, n)
	for i, ap := range running {
		ap.Ended, ap.Succeeded = true, i >= 20
		ended[i] = ap
	}
	test.AssertNotificationSent(t, fyne.NewNotification("50 prints from other apps have ended",
		"Printed: 30. Not printed: 20. PrintDrop's window shows each one."), func() {
		feed <- ended
		h.until("the prints ended", func() bool {
			for _, r := range h.w.apps.rows {
				if !r.ended {
					return false
				}
			}
			return true
		})
	})
}
