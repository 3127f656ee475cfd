package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"printdrop/internal/workflow"
)

// A panel holds the window as the small interface of what it uses (the
// *Host types below), never as *Window: a panel cannot reach another
// panel, and what it may change in the window is listed where it is
// declared. Window implements them all.

// worker is what a panel that talks to the layer below uses: the backend,
// the background runner, the UI goroutine and the window's lifetime.
type worker interface {
	be() Backend
	run(f func(ctx context.Context) error, done func(err error))
	do(f func())
	context() context.Context
}

// accountHost is what the account corner uses.
type accountHost interface {
	worker
	fyneApp() fyne.App
	fyneWindow() fyne.Window
	options() Options
	showDialog(d dialog.Dialog)
	showError(err error)
	setAccountMode(mode string)
	setLeftBody(o fyne.CanvasObject)
	swapBackend(b Backend)
	signedIn()
	signedOut()
}

// printersHost is what the printer list uses.
type printersHost interface {
	worker
	view() *viewState
	choosePrinter(pr workflow.PrinterRow)
	listChanged(loading bool, rows int)
	listLoaded(err error)
}

// jobFormHost is what the job form uses.
type jobFormHost interface {
	worker
	view() *viewState
	showError(err error)
	relayout()
	options() Options
	printerLoaded(d workflow.PrinterDetails, waiting []workflow.WaitingJob) bool
	showInPrintDialogs(shareID string, on bool)
}

// filesHost is what the file queue uses.
type filesHost interface {
	be() Backend
	context() context.Context
	doWait(f func())
	fyneWindow() fyne.Window
	options() Options
	view() *viewState
	showDialog(d dialog.Dialog)
	queueFiles(ok []workflow.FileInfo, refused []string)
}

// uploadHost is what the upload panel uses.
type uploadHost interface {
	worker
	doWait(f func())
	relayout()
	drawBar()
	jobReported(s workflow.JobStatus)
	printDone(s workflow.JobStatus, err error)
	tickEvery(d time.Duration, f func()) (stop func())
}

// notifier is what a panel that tells the desktop uses.
type notifier interface {
	fyneApp() fyne.App
}

// resumeHost is what the offer to resume uses.
type resumeHost interface {
	worker
	relayout()
	showError(err error)
	printerName(shareID string) string
	resumeUpload(it workflow.Interrupted)
}

// bridgeHost is what the panels of printdrop bridge use (prints from
// other apps, the print-dialog switch).
type bridgeHost interface {
	worker
	fyneApp() fyne.App
	options() Options
	relayout()
	showError(err error)
	showInPrintDialogs(shareID string, on bool)
}

// jobsHost is what the jobs view uses.
type jobsHost interface {
	worker
	fyneApp() fyne.App
	options() Options
	jobsLoaded()
	tickEvery(d time.Duration, f func()) (stop func())
}

func (m *Window) do(f func())              { m.onUI(f) }
func (m *Window) doWait(f func())          { m.onUIWait(f) }
func (m *Window) context() context.Context { return m.ctx }
func (m *Window) options() Options         { return m.opts }
func (m *Window) fyneApp() fyne.App        { return m.app }
func (m *Window) fyneWindow() fyne.Window  { return m.win }
func (m *Window) view() *viewState         { return &m.state }
