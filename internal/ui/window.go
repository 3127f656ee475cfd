package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Title is the window's title, also how the Xvfb test finds it.
const Title = "PrintDrop"

// Options tune the window; the zero value is right for the app.
type Options struct {
	// RedrawEvery bounds how often upload progress is drawn (default 33 ms,
	// about 30 per second, whatever the event rate). Negative: never by a
	// ticker; tests then call flushProgress themselves for exact frames.
	RedrawEvery time.Duration
	// OnTryDemo runs when a first-run user asks for the demo; nil hides it.
	OnTryDemo func()
	// ChooseFile replaces the Fyne file dialog (tests); nil uses the dialog.
	ChooseFile func(onChosen func(path string))
	// Setup reads and changes the app registration: the first-run form
	// and "App registration…". Nil shows neither (the demo, goldens).
	Setup *Setup
	// Bridge connects the window to printdrop bridge: prints from other
	// apps and the switches that put printers in their Print dialogs.
	// Nil shows none of it (Windows, the demo, goldens).
	Bridge *Bridge
	// JobsRefreshEvery is how often the jobs view loads the jobs again
	// while it is shown (default 15 s). Negative: only when it opens, after
	// an action and on Refresh (tests).
	JobsRefreshEvery time.Duration
	// WatchJobs loads the user's jobs every JobsWatchEvery (default 60 s)
	// while one is unfinished, also with the jobs view closed, to notify
	// the desktop and keep the tray's jobs under way current (the app).
	WatchJobs      bool
	JobsWatchEvery time.Duration
	// Version is shown by Help > About ("0.1.0 (build …)"); empty hides it.
	Version string
}

// Window is the PrintDrop main window.
type Window struct {
	app  fyne.App
	win  *dropWindow
	opts Options

	ctx    context.Context // ends when the window closes: cancels all work
	cancel context.CancelFunc
	work   sync.WaitGroup // the goroutines run started (Settle waits for them)

	mu      sync.Mutex // guards backend, swapped by SetBackend from any goroutine
	backend Backend

	state viewState // what the window shows; UI goroutine only (state.go)

	account  *accountPanel
	printers *printersPanel
	job      *jobPanel
	files    *filesPanel
	upload   *uploadPanel
	status   *statusPanel
	errs     *errorPanel
	resume   *resumePanel
	apps     *appPrintsPanel    // prints from other apps, through printdrop bridge
	dialogs  *printDialogsPanel // the bridge's switch, under the printers
	bar      *actionBar         // the foot of the right-hand column, never scrolled away
	jobs     *jobsPanel         // the print center, in place of the right-hand side while shown
	dialog   dialog.Dialog      // the dialog on top, which Esc closes; nil when none

	stopTicker func()
	tray       func(*fyne.Menu)  // sets the system tray's menu; nil without a tray (tray.go)
	raise      func()            // shows and focuses the window, from the tray
	column     *fyne.Container   // the right-hand column, whose panels come and go
	left       *fyne.Container   // the left-hand column: the account over the printers (or the setup form)
	split      *container.Split  // the left-hand column beside the right-hand side
	right      fyne.CanvasObject // the right-hand side while printing (the jobs view takes its place)
	leftBody   fyne.CanvasObject

	// onUI runs f on the UI goroutine: fyne.Do in the app. Screen tests
	// queue f instead and run it on the test goroutine, so background work
	// stays truly concurrent while widgets are only touched by one goroutine.
	onUI func(f func())
	// onUIWait is onUI that returns once f has run: fyne.DoAndWait in the app.
	onUIWait func(f func())
}

// New builds the window on w and starts restoring the session. Call it on
// the UI goroutine; Close (or closing the window) stops everything it runs.
func New(a fyne.App, w fyne.Window, b Backend, opts Options) *Window {
	return newWindow(a, w, b, opts, fyne.Do, fyne.DoAndWait)
}

func newWindow(a fyne.App, w fyne.Window, b Backend, opts Options, do, doWait func(func())) *Window {
	if opts.RedrawEvery == 0 {
		opts.RedrawEvery = 33 * time.Millisecond
	}
	if opts.JobsRefreshEvery == 0 {
		opts.JobsRefreshEvery = 15 * time.Second
	}
	if opts.JobsWatchEvery == 0 {
		opts.JobsWatchEvery = time.Minute
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Window{app: a, win: &dropWindow{Window: w}, opts: opts, ctx: ctx, cancel: cancel, backend: b, onUI: do, onUIWait: doWait}
	m.errs = newErrorPanel()
	m.account = newAccountPanel(m)
	m.printers = newPrintersPanel(m)
	m.job = newJobPanel(m)
	m.files = newFilesPanel(m)
	m.upload = newUploadPanel(m)
	m.status = newStatusPanel(m)
	m.resume = newResumePanel(m)
	m.apps = newAppPrintsPanel(m)
	m.dialogs = newPrintDialogsPanel(m)
	m.jobs = newJobsPanel(m)
	m.bar = newActionBar([]fyne.CanvasObject{m.errs.root, m.files.refused},
		m.files.print, m.files.clear, m.upload.pause, m.upload.resume, m.upload.cancel, m.status.another)
	m.drawFiles()

	m.leftBody = m.printers.root
	left := stacked(m.account.root, m.leftBody, m.dialogs.root)
	m.left = left
	m.column = container.NewVBox(
		m.resume.root,
		m.job.root,
		m.files.root,
		m.status.root, // above the upload: the outcome and "Print another" first
		m.upload.root,
		m.apps.root,
	)
	right := container.NewBorder(nil, m.bar.root, nil, nil, container.NewVScroll(m.column))
	split := container.NewHSplit(left, right)
	split.Offset = 0.38
	m.split, m.right = split, right
	w.SetTitle(Title)
	w.SetContent(split)
	w.Resize(m.rememberedSize()) // until FitScreen knows the screen
	m.win.SetOnDropped(m.onDropped)
	m.bindKeys()
	w.SetOnClosed(m.Close)
	if opts.RedrawEvery > 0 {
		m.stopTicker = m.upload.startTicker(opts.RedrawEvery)
	}
	m.account.start()
	if b := opts.Bridge; b != nil {
		if b.Watch != nil {
			m.apps.start(b.Watch)
		}
		m.dialogs.start()
	}
	return m
}

// Close cancels everything the window started. Safe to call twice.
func (m *Window) Close() {
	if m.ctx.Err() == nil {
		m.rememberSize()
	}
	m.cancel()
	if m.stopTicker != nil {
		m.stopTicker()
		m.stopTicker = nil
	}
}

// Settle stops the background work the window started, if Close has not
// (the app may quit without closing the window), and waits at most d for
// it to end: an upload stopped that way writes its checkpoint (to resume
// next time) and the record of the job sent, so the process should not
// exit under it. It reports whether all ended. It touches no widget: call
// it off the UI goroutine, or once the app's loop has ended.
func (m *Window) Settle(d time.Duration) bool {
	m.cancel()
	ended := make(chan struct{})
	go func() { m.work.Wait(); close(ended) }()
	select {
	case <-ended:
		return true
	case <-time.After(d):
		return false
	}
}

// SetBackend swaps the layer below (the demo does it after "Try the demo")
// and starts over from the account. Call it on the UI goroutine.
func (m *Window) SetBackend(b Backend) {
	m.swapBackend(b)
	m.account.start()
}

// swapBackend replaces the layer below and clears what came from the old
// one, leaving the account corner to the caller.
func (m *Window) swapBackend(b Backend) {
	m.mu.Lock()
	m.backend = b
	m.mu.Unlock()
	m.signedOut()
}

// be returns the current backend.
func (m *Window) be() Backend {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.backend
}

// Content is the window's root object (for tests and screenshots).
func (m *Window) Content() fyne.CanvasObject { return m.win.Content() }

// Canvas is the window's canvas.
func (m *Window) Canvas() fyne.Canvas { return m.win.Canvas() }

// Drop delivers files as if dropped on the window (tests, scripted demo).
func (m *Window) Drop(uris []fyne.URI) { m.win.drop(uris) }

// OpenFiles queues files given on the command line or by a second launch.
// Safe from any goroutine.
func (m *Window) OpenFiles(paths []string) {
	m.do(func() { m.files.add(paths) })
}

// run calls f off the UI goroutine, then done on it with f's error. Work is
// bound to the window's context, so closing the window cancels it quietly.
func (m *Window) run(f func(ctx context.Context) error, done func(err error)) {
	m.work.Add(1)
	go func() {
		err := f(m.ctx)
		m.work.Done()
		if m.ctx.Err() != nil {
			return
		}
		m.do(func() { done(err) })
	}()
}

// tickEvery calls f every d on a goroutine of its own until the returned
// stop runs or the window closes; f must hand widget changes to do.
func (m *Window) tickEvery(d time.Duration, f func()) (stop func()) {
	ctx, cancel := context.WithCancel(m.ctx)
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				f()
			}
		}
	}()
	return cancel
}

// setLeftBody puts o under the account corner in the left column: the
// printers (nil), or the setup form (which has no printers to share the
// room with, and needs a scroll of its own on a small screen).
func (m *Window) setLeftBody(o fyne.CanvasObject) {
	if m.left == nil {
		return
	}
	if o == nil {
		o = m.printers.root
	}
	for i, obj := range m.left.Objects {
		if obj == m.leftBody && obj != o {
			m.left.Objects[i] = o
			m.leftBody = o
			m.left.Refresh()
			return
		}
	}
}

// relayout lays the right-hand column out again after a panel was shown or
// hidden (Show alone does not resize the panel's siblings).
func (m *Window) relayout() {
	if m.column != nil {
		m.column.Refresh()
	}
	if m.left != nil {
		m.left.Refresh()
	}
}

// showError shows err in place, explained; nil clears it.
func (m *Window) showError(err error) {
	m.state.problem = err != nil
	if err == nil {
		m.errs.clear()
		m.drawBar()
		return
	}
	h, next, details := m.be().Explain(err)
	m.errs.show(h, next, details)
	m.drawBar()
	m.relayout()
}

// heading is a section title.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// stacked lays top over center over bottom, center taking the room left,
// as container.NewBorder does, but keeps the objects in reading order,
// which is the order Tab moves through them: NewBorder puts the centre
// first, so Tab went from the printer list to the account's Sign out.
func stacked(top, center, bottom fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewBorderLayout(top, bottom, nil, nil), top, center, bottom)
}
