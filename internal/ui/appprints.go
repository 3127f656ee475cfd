package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/bridgelink"
	"printdrop/internal/safetext"
	pdwidget "printdrop/internal/ui/widget"
)

// appPrintsPanel shows what other applications print through printdrop
// bridge: each print with the same progress, rate, missing parts and final
// status as the window's own, and a Cancel while it runs. It stays hidden
// while there is none.
type appPrintsPanel struct {
	m    bridgeHost
	root *fyne.Container
	list *fyne.Container

	rows map[int]*appPrintRow // by the bridge's job id
	seen map[int]bool         // ids seen running: their end is notified

	mu      sync.Mutex // guards latest and pending: written by the watcher
	latest  []bridgelink.Print
	pending bool // a draw is queued on the UI goroutine
}

// appPrintRow is one print from another application.
type appPrintRow struct {
	box    *fyne.Container
	view   *progressView
	icon   *widget.Icon
	cancel *pdwidget.Button
	ended  bool
}

func newAppPrintsPanel(m *Window) *appPrintsPanel {
	p := &appPrintsPanel{m: m, rows: map[int]*appPrintRow{}, seen: map[int]bool{}}
	p.list = container.NewVBox()
	p.root = container.NewVBox(heading(lang.L("From other apps")), p.list)
	p.root.Hide()
	return p
}

// start follows the bridge's prints for as long as the window is open.
func (p *appPrintsPanel) start(watch func(context.Context, func([]bridgelink.Print)) error) {
	go func() { _ = watch(p.m.context(), p.got) }()
}

// got runs on the watcher's goroutine: keep the newest snapshot and queue
// one draw; snapshots arriving before it runs replace each other.
func (p *appPrintsPanel) got(prints []bridgelink.Print) {
	p.mu.Lock()
	p.latest = prints
	queue := !p.pending
	p.pending = true
	p.mu.Unlock()
	if queue {
		p.m.do(p.flush)
	}
}

// flush draws the newest snapshot; on the UI goroutine.
func (p *appPrintsPanel) flush() {
	p.mu.Lock()
	prints := p.latest
	p.pending = false
	p.mu.Unlock()

	var ended []bridgelink.Print
	defer func() { p.notify(ended) }()
	keep := make(map[int]bool, len(prints))
	resized := false
	objs := make([]fyne.CanvasObject, 0, len(prints))
	for _, ap := range prints {
		ap = shownSafely(ap)
		keep[ap.ID] = true
		row, ok := p.rows[ap.ID]
		if !ok {
			row = p.newRow(ap.ID)
			p.rows[ap.ID] = row
			resized = true
		}
		if row.draw(ap) {
			resized = true
		}
		if !ap.Ended {
			p.seen[ap.ID] = true
		} else if p.seen[ap.ID] {
			delete(p.seen, ap.ID) // it ended while the window watched: say so once
			ended = append(ended, ap)
		}
		objs = append(objs, row.box)
	}
	for id := range p.rows {
		if !keep[id] {
			delete(p.rows, id)
			delete(p.seen, id)
			resized = true
		}
	}
	p.list.Objects = objs
	p.list.Refresh()
	if p.root.Hidden != (len(objs) == 0) {
		p.root.Hidden = len(objs) == 0
		resized = true
	}
	if resized {
		p.m.relayout()
	}
}

func (p *appPrintsPanel) newRow(id int) *appPrintRow {
	r := &appPrintRow{view: newProgressView(), icon: widget.NewIcon(theme.DocumentPrintIcon())}
	r.cancel = pdwidget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { p.onCancel(id, r) })
	head := container.NewBorder(nil, nil, r.icon, nil, r.view.file)
	r.box = container.NewVBox(append(append([]fyne.CanvasObject{head}, r.view.objects()[1:]...), container.NewHBox(r.cancel))...)
	return r
}

// draw shows ap: its progress as the window's own print shows it, then its
// outcome once ended. It reports whether the row changed height.
func (r *appPrintRow) draw(ap bridgelink.Print) (resized bool) {
	e := ap.Event()
	if ap.Ended {
		e.Message, e.Upload.Rate, e.Upload.Remaining = appPrintOutcome(ap), 0, 0
	}
	resized = r.view.draw(e)
	r.view.file.SetText(appPrintTitle(ap))
	switch {
	case ap.Ended && ap.Succeeded:
		r.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	case ap.Ended:
		r.icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
	}
	if ap.Ended != r.ended {
		r.ended = ap.Ended
		r.cancel.Hidden = ap.Ended
		resized = true
	}
	return resized
}

// shownSafely is ap with every text made safe to show: whatever answers on
// the bridge's port may not be the user's bridge (another program can
// listen there while it is off), and names come from other applications.
func shownSafely(ap bridgelink.Print) bridgelink.Print {
	for _, s := range []*string{&ap.ShareID, &ap.Printer, &ap.Document, &ap.User, &ap.Phase,
		&ap.JobState, &ap.JobDescription, &ap.Outcome} {
		*s = safetext.Show(*s)
	}
	return ap
}

// appPrintTitle is "Quarterly report → Finance Laser".
func appPrintTitle(ap bridgelink.Print) string { return docOnPrinter(ap.Document, ap.Printer) }

// appPrintOutcome is how an ended print went, in the status panel's words.
func appPrintOutcome(ap bridgelink.Print) string {
	if ap.Outcome != "" {
		return ap.Outcome
	}
	if ap.Succeeded {
		return stateWord("completed")
	}
	return lang.L("Not printed")
}

// notify tells the desktop when prints from other apps end, as the window
// does for its own: one notification for one print, and one that counts
// them when several end together (a feed that ends thousands at once must
// not flood the desktop).
func (p *appPrintsPanel) notify(ended []bridgelink.Print) {
	switch len(ended) {
	case 0:
		return
	case 1:
		ap := ended[0]
		title, body := lang.L("Printed"), appPrintTitle(ap)
		if !ap.Succeeded {
			title, body = lang.L("Not printed"), body+": "+appPrintOutcome(ap)
		}
		p.m.fyneApp().SendNotification(fyne.NewNotification(title, body))
		return
	}
	failed := 0
	for _, ap := range ended {
		if !ap.Succeeded {
			failed++
		}
	}
	title := lang.XN("notify.appPrintsEnded", "{{.Count}} prints from other apps have ended", len(ended), args{"Count": len(ended)})
	body := lang.L("Printed: {{.Printed}}. Not printed: {{.Failed}}. PrintDrop's window shows each one.",
		args{"Printed": len(ended) - failed, "Failed": failed})
	if failed == 0 {
		body = lang.L("All of them printed.")
	}
	p.m.fyneApp().SendNotification(fyne.NewNotification(title, body))
}

// onCancel asks the bridge to cancel a print; the feed then shows it ended.
func (p *appPrintsPanel) onCancel(id int, r *appPrintRow) {
	cancel := p.m.options().Bridge.Cancel
	if cancel == nil {
		return
	}
	r.cancel.Disable()
	p.m.run(func(ctx context.Context) error { return cancel(ctx, id) }, func(err error) {
		if err != nil {
			r.cancel.Enable()
			p.m.showError(err)
		}
	})
}
