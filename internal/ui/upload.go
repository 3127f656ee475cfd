package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/ranges"
	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// uploadPanel shows a print in progress. Events may arrive hundreds of
// times a second from the upload workers; they only store the latest one,
// and a ticker draws it at most ~30 times a second (fyne-io/terminal's
// approach), so the UI goroutine never falls behind the network.
type uploadPanel struct {
	m    *Window
	root *fyne.Container

	file     *widget.Label
	phase    *widget.Label
	bar      *widget.ProgressBar
	speed    *widget.Label
	ranges   *pdwidget.RangeBar
	missing  *widget.Label
	pause    *widget.Button
	resume   *widget.Button
	cancel   *widget.Button
	buttons  *fyne.Container
	printing workflow.Printing
	stop     context.CancelFunc

	mu     sync.Mutex // guards latest, dirty, ticks: written by workers
	latest workflow.Progress
	dirty  bool
	ticks  int // ticker ticks, for the throttling test
	frames int // redraws done (UI goroutine only), for the throttling test
}

func newUploadPanel(m *Window) *uploadPanel {
	p := &uploadPanel{m: m}
	p.file = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.file.Truncation = fyne.TextTruncateEllipsis
	p.phase = widget.NewLabel("")
	p.bar = widget.NewProgressBar()
	p.bar.TextFormatter = func() string { return p.bytesText() }
	p.speed = widget.NewLabel("")
	p.speed.SizeName = theme.SizeNameCaptionText
	p.ranges = pdwidget.NewRangeBar()
	p.missing = widget.NewLabel("")
	p.missing.Wrapping = fyne.TextWrapWord
	p.missing.SizeName = theme.SizeNameCaptionText
	p.pause = widget.NewButtonWithIcon("Pause", theme.MediaPauseIcon(), p.onPause)
	p.resume = widget.NewButtonWithIcon("Resume", theme.MediaPlayIcon(), p.onResume)
	p.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), p.onCancel)
	p.buttons = container.NewHBox(p.pause, p.resume, p.cancel)
	p.root = container.NewVBox(heading("Upload"), p.file, p.phase, p.bar, p.speed, p.ranges, p.missing, p.buttons)
	p.root.Hide()
	return p
}

func (p *uploadPanel) bytesText() string {
	p.mu.Lock()
	e := p.latest
	p.mu.Unlock()
	if e.Total == 0 {
		return ""
	}
	return units.Bytes(e.Acked) + " of " + units.Bytes(e.Total)
}

// begin starts printing req.
func (p *uploadPanel) begin(req workflow.PrintOrder) {
	ctx, cancel := context.WithCancel(p.m.ctx)
	p.stop = cancel
	p.mu.Lock()
	p.latest, p.dirty = workflow.Progress{Phase: "Starting…", Total: req.File.Size}, true
	p.mu.Unlock()
	p.file.SetText(req.File.Name)
	p.pause.Enable()
	p.resume.Disable()
	p.cancel.Enable()
	p.buttons.Show()
	p.flush()

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
func (p *uploadPanel) onEvent(e workflow.Progress) {
	p.mu.Lock()
	p.latest, p.dirty = e, true
	p.mu.Unlock()
}

// startTicker draws pending progress every d until the returned stop runs.
func (p *uploadPanel) startTicker(d time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(p.m.ctx)
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				p.mu.Lock()
				dirty := p.dirty
				p.ticks++
				p.mu.Unlock()
				if dirty {
					p.m.doWait(p.flush) // back-pressure: never queue frames
				}
			}
		}
	}()
	return cancel
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
	wasSpeed, wasMissing := p.speed.Hidden, p.missing.Hidden
	p.phase.SetText(e.Phase)
	if e.Total > 0 {
		p.bar.SetValue(float64(e.Acked) / float64(e.Total))
	}
	p.speed.SetText(speedText(e.Rate, e.ETA))
	p.speed.Hidden = p.speed.Text == ""
	p.ranges.SetState(e.Total, e.Missing, e.InFlight)
	if len(e.Missing) > 0 && e.Acked > 0 {
		p.missing.SetText(missingWords(e.Missing))
	} else {
		p.missing.SetText("")
	}
	p.missing.Hidden = p.missing.Text == ""
	if wasSpeed != p.speed.Hidden || wasMissing != p.missing.Hidden {
		p.m.relayout() // a line came or went: the column makes room for it
	}
	if e.Job != nil {
		p.pause.Disable()
		p.resume.Disable()
		p.m.jobReported(*e.Job)
	}
}

// missingWords says which parts of the document the service still needs,
// in the units people read ("Still missing: 8.19 MB to 12.3 MB, 20.0 MB to
// 24.0 MB"); the exact byte ranges are in the range bar's description.
func missingWords(set ranges.Set) string {
	const limit = 4
	parts := make([]string, 0, limit+1)
	for i, r := range set {
		if i == limit {
			parts = append(parts, fmt.Sprintf("and %d more", len(set)-limit))
			break
		}
		parts = append(parts, units.Bytes(r.Start)+" to "+units.Bytes(r.End+1))
	}
	return fmt.Sprintf("Still missing %s: %s", units.Bytes(set.Size()), strings.Join(parts, ", "))
}

// speedText is "2.10 MB/s · about 12 s left"; empty when unknown.
func speedText(rate float64, eta time.Duration) string {
	if rate <= 0 {
		return ""
	}
	s := units.Rate(rate)
	if eta > 0 {
		s += " · about " + units.Duration(eta) + " left"
	}
	return s
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
		p.phase.SetText("Cancelling…")
		p.stop()
	}
}

// done ends a print's upload panel: nothing is left to pause or cancel,
// and the phase says how the sending ended (the status panel says how the
// job did).
func (p *uploadPanel) done(err error) {
	p.flush()
	p.printing, p.stop = nil, nil
	p.buttons.Hide()
	p.speed.Hide()
	switch {
	case errors.Is(err, context.Canceled):
		p.phase.SetText("Cancelled. Nothing more will print.")
	case err != nil:
		p.phase.SetText("Stopped.")
	}
}
