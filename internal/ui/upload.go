package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/workflow"
)

// uploadPanel shows a print in progress. Events may arrive hundreds of
// times a second from the upload workers; they only store the latest one,
// and a ticker draws it at most ~30 times a second (fyne-io/terminal's
// approach), so the UI goroutine never falls behind the network.
type uploadPanel struct {
	m    uploadHost
	root *fyne.Container
	*progressView

	// pause, resume and cancel sit in the action bar, which shows them
	// while a print runs.
	pause    *pdwidget.Button
	resume   *pdwidget.Button
	cancel   *pdwidget.Button
	printing workflow.Printing
	stop     context.CancelFunc

	mu     sync.Mutex // guards latest, dirty, ticks: written by workers
	latest workflow.Event
	dirty  bool
	ticks  int // ticker ticks, for the throttling test
	frames int // redraws done (UI goroutine only), for the throttling test
}

func newUploadPanel(m *Window) *uploadPanel {
	p := &uploadPanel{m: m, progressView: newProgressView()}
	p.pause = pdwidget.NewButtonWithIcon(lang.L("Pause"), theme.MediaPauseIcon(), p.onPause)
	p.resume = pdwidget.NewButtonWithIcon(lang.L("Resume"), theme.MediaPlayIcon(), p.onResume)
	p.cancel = pdwidget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), p.onCancel)
	p.root = container.NewVBox(append([]fyne.CanvasObject{heading(lang.L("Upload"))}, p.objects()...)...)
	p.root.Hide()
	return p
}

// begin starts printing req.
func (p *uploadPanel) begin(req workflow.PrintOrder) {
	ctx, cancel := context.WithCancel(p.m.context())
	p.stop = cancel
	p.mu.Lock()
	p.latest, p.dirty = workflow.Pending(req.File), true
	p.mu.Unlock()
	p.file.SetText(req.File.Name)
	p.pause.Enable()
	p.resume.Disable()
	p.cancel.Enable()
	p.flush()
	p.m.drawBar() // the bar follows the upload in one line

	b := p.m.be()
	var status workflow.JobStatus
	p.m.run(func(context.Context) error {
		pr, err := b.Print(ctx, req, p.onEvent)
		if err != nil {
			return err
		}
		p.m.do(func() { p.printing = pr })
		status, err = pr.Wait()
		return err
	}, func(err error) {
		p.done(err)
		p.m.printDone(status, err)
	})
}

// onEvent runs on a worker goroutine: remember, draw later.
func (p *uploadPanel) onEvent(e workflow.Event) {
	p.mu.Lock()
	p.latest, p.dirty = e, true
	p.mu.Unlock()
}

// startTicker draws pending progress every d until the returned stop runs.
func (p *uploadPanel) startTicker(d time.Duration) (stop func()) {
	return p.m.tickEvery(d, func() {
		p.mu.Lock()
		dirty := p.dirty
		p.ticks++
		p.mu.Unlock()
		if dirty {
			p.m.doWait(p.flush) // back-pressure: never queue frames
		}
	})
}

// flush draws the latest event; on the UI goroutine.
func (p *uploadPanel) flush() {
	p.mu.Lock()
	e, dirty := p.latest, p.dirty
	p.dirty = false
	p.mu.Unlock()
	if !dirty {
		return
	}
	p.frames++
	if p.draw(e) {
		p.m.relayout() // a line came or went: the column makes room for it
	}
	p.m.drawBar() // the bar follows the upload in one line
	if job := e.Job(); job != nil {
		p.pause.Disable()
		p.resume.Disable()
		p.m.jobReported(*job)
	}
}

// summary is the upload in one line for the action bar: the document, the
// phase and how much of it the service has.
func (p *uploadPanel) summary() string {
	u := p.shown.Upload
	line := p.file.Text + ": " + p.shown.Words()
	if u.Total > 0 && u.Acked > 0 && u.Acked < u.Total {
		line += fmt.Sprintf(" %d%%", u.Acked*100/u.Total)
	}
	return line
}

func (p *uploadPanel) onPause() {
	if p.printing == nil {
		return
	}
	p.printing.Pause()
	p.pause.Disable()
	p.resume.Enable()
}

func (p *uploadPanel) onResume() {
	if p.printing == nil {
		return
	}
	p.printing.Resume()
	p.resume.Disable()
	p.pause.Enable()
}

// onCancel stops the print in progress (Esc does the same).
func (p *uploadPanel) onCancel() {
	if p.stop != nil {
		p.cancel.Disable()
		p.phase.SetText(lang.L("Cancelling…"))
		p.stop()
	}
}

// done ends a print's upload panel: nothing is left to pause or cancel,
// and the phase says how the sending ended (the status panel says how the
// job did).
func (p *uploadPanel) done(err error) {
	p.flush()
	p.printing, p.stop = nil, nil
	p.speed.Hide()
	switch {
	case errors.Is(err, context.Canceled):
		p.phase.SetText(lang.L("Cancelled. Nothing more will print."))
	case err != nil:
		p.phase.SetText(lang.L("Stopped."))
	}
}
