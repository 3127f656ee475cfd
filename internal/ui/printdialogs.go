package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"printdrop/internal/bridgelink"
	"printdrop/internal/workflow"
)

// Words of the switches, also how tests find them.
const (
	everyAppLabel    = "Show my Universal Print printers in every app"
	printDialogLabel = "Show in every app's Print dialog"
)

// reloadAfter gathers changes of the chosen shares into one restart of a
// running bridge (and gives the preferences time to reach the disk, where
// the bridge reads them).
const reloadAfter = time.Second

// printDialogsPanel is the switch under the printers that runs printdrop
// bridge as a user service, so the printers chosen with "Show in every
// app's Print dialog" appear in every application. It shows only where
// the service is installed.
type printDialogsPanel struct {
	m    bridgeHost
	root *fyne.Container

	on   *widget.Check
	note *widget.Label

	state    bridgelink.UnitState
	applying bool // the check is being set to what systemd says
	asked    bool // systemd's first answer came

	mu     sync.Mutex
	reload *time.Timer // a pending restart after the chosen shares changed
}

func newPrintDialogsPanel(m *Window) *printDialogsPanel {
	p := &printDialogsPanel{m: m}
	p.on = widget.NewCheck(lang.L(everyAppLabel), p.onSwitch)
	p.note = widget.NewLabel("")
	p.note.Wrapping = fyne.TextWrapWord
	p.note.SizeName = theme.SizeNameCaptionText
	p.root = container.NewVBox(widget.NewSeparator(), p.on, p.note)
	p.root.Hide()
	return p
}

// unit is the bridge's service, or nil when the window has none.
func (p *printDialogsPanel) unit() BridgeUnit {
	if b := p.m.options().Bridge; b != nil {
		return b.Unit
	}
	return nil
}

// start reads whether the service is installed and on.
func (p *printDialogsPanel) start() {
	u := p.unit()
	if u == nil {
		return
	}
	var st bridgelink.UnitState
	p.m.run(func(ctx context.Context) (err error) {
		st, err = u.State(ctx)
		return err
	}, func(err error) {
		p.asked = true
		if err != nil || !st.Installed {
			p.root.Hide() // no systemd session or no service: nothing to switch
			p.m.relayout()
			return
		}
		p.show(st)
	})
}

// show draws the service's state.
func (p *printDialogsPanel) show(st bridgelink.UnitState) {
	p.state = st
	p.applying = true
	p.on.SetChecked(st.Enabled)
	p.applying = false
	p.note.SetText(p.noteText())
	p.root.Show()
	p.m.relayout()
}

// noteText says what the switch does now.
func (p *printDialogsPanel) noteText() string {
	n := 0
	if b := p.m.options().Bridge; b != nil && b.Prefs != nil {
		n = len(bridgelink.Shares(b.Prefs))
	}
	switch {
	case p.state.Enabled && p.state.Active && n == 0:
		return lang.L("On: the printer you used last appears in every app's Print dialog.")
	case p.state.Enabled && p.state.Active:
		return lang.XN("dialogs.onChosen", "On: {{.Count}} printers chosen with “{{.Switch}}” and the printer you used last appear in every app's Print dialog.",
			n, args{"Count": n, "Switch": lang.L(printDialogLabel)})
	case p.state.Enabled:
		return lang.L("On, but not running ({{.Activity}}): see journalctl --user -u printdrop-bridge.", args{"Activity": p.state.Activity})
	case n == 0:
		return lang.L("Off. When on, the printer you used last appears in every app's Print dialog.")
	}
	return lang.XN("dialogs.offChosen", "Off. When on, {{.Count}} printers chosen with “{{.Switch}}” appear in every app's Print dialog.",
		n, args{"Count": n, "Switch": lang.L(printDialogLabel)})
}

func (p *printDialogsPanel) onSwitch(on bool) {
	if p.applying {
		return
	}
	u := p.unit()
	p.on.Disable()
	var st bridgelink.UnitState
	p.m.run(func(ctx context.Context) (err error) {
		if on {
			err = u.Enable(ctx)
		} else {
			err = u.Disable(ctx)
		}
		if err == nil {
			st, err = u.State(ctx)
		}
		return err
	}, func(err error) {
		p.on.Enable()
		p.m.showError(err)
		if err != nil {
			st = p.state // unchanged as far as the window knows
		}
		p.show(st)
	})
}

// sharesChanged restarts a running bridge, once changes stop coming, so it
// serves the printers chosen now. It asks whether or not the window saw the
// service running: it may have been started from a terminal since, and a
// restart of a stopped service does nothing (systemctl try-restart).
func (p *printDialogsPanel) sharesChanged() {
	p.note.SetText(p.noteText())
	u := p.unit()
	if u == nil || !p.state.Installed {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reload != nil {
		p.reload.Stop()
	}
	p.reload = time.AfterFunc(reloadAfter, func() {
		if p.m.context().Err() != nil {
			return
		}
		ctx, cancel := context.WithCancel(p.m.context())
		defer cancel()
		if err := u.Reload(ctx); err != nil && p.m.context().Err() == nil {
			p.m.do(func() { p.m.showError(err) })
		}
	})
}

// printDialogCheck is the job form's "Show in every app's Print dialog"
// for the printer d; nil where the window keeps no such choice.
func (p *jobPanel) printDialogCheck(d workflow.PrinterDetails) *widget.Check {
	b := p.m.options().Bridge
	if b == nil || b.Prefs == nil {
		return nil
	}
	c := widget.NewCheck(lang.L(printDialogLabel), nil)
	c.SetChecked(bridgelink.Shown(b.Prefs, d.ID))
	c.OnChanged = func(on bool) { p.m.showInPrintDialogs(d.ID, on) }
	return c
}
