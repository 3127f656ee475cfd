package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// resumePanel offers uploads a previous run left unfinished (a crash, a
// closed laptop): resume one, keeping the bytes already sent, or discard it.
type resumePanel struct {
	m     resumeHost
	root  *fyne.Container
	text  *widget.Label
	items []workflow.Interrupted
	// checked counts the checks that came back (tests wait for one).
	checked int
}

func newResumePanel(m *Window) *resumePanel {
	p := &resumePanel{m: m}
	p.text = widget.NewLabel("")
	p.text.Wrapping = fyne.TextWrapWord
	resume := pdwidget.NewButtonWithIcon(lang.L("Resume"), theme.MediaPlayIcon(), p.onResume)
	resume.Importance = widget.HighImportance
	discard := pdwidget.NewButtonWithIcon(lang.L("Discard"), theme.DeleteIcon(), p.onDiscard)
	p.root = container.NewVBox(heading(lang.L("Unfinished upload")), p.text, container.NewHBox(resume, discard))
	p.root.Hide()
	return p
}

// check looks for interrupted uploads off the UI goroutine: it reads the
// local disk, and cancels the jobs of records that can no longer resume.
func (p *resumePanel) check() {
	b := p.m.be()
	var items []workflow.Interrupted
	p.m.run(func(ctx context.Context) (err error) {
		items, err = b.Interrupted(ctx)
		return err
	}, func(err error) {
		if b != p.m.be() {
			return // another backend (the demo) took over meanwhile
		}
		p.checked++
		if err != nil {
			items = nil
		}
		p.items = items
		p.show()
	})
}

func (p *resumePanel) show() {
	if len(p.items) == 0 {
		p.root.Hide()
		p.m.relayout()
		return
	}
	it := p.items[0]
	where := p.m.printerName(it.ShareID)
	msg := lang.L("{{.File}} ({{.Size}}) did not finish uploading to {{.Printer}}. Resume keeps what was already sent.",
		args{"File": it.Name, "Size": units.Bytes(it.Size), "Printer": where})
	if n := len(p.items) - 1; n > 0 {
		msg += " " + lang.XN("resume.more", "{{.Count}} more after this one.", n, args{"Count": n})
	}
	p.text.SetText(msg)
	p.root.Show()
	p.m.relayout()
}

// onResume chooses the upload's printer and queues its file: Print then
// continues where the upload stopped.
func (p *resumePanel) onResume() {
	if len(p.items) == 0 {
		return
	}
	it := p.items[0]
	p.items = p.items[1:]
	p.m.resumeUpload(it)
	p.show()
}

func (p *resumePanel) onDiscard() {
	if len(p.items) == 0 {
		return
	}
	it := p.items[0]
	p.items = p.items[1:]
	p.show()
	b := p.m.be()
	p.m.run(func(ctx context.Context) error { return b.Discard(ctx, it) }, p.m.showError)
}
