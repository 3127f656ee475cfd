package ui

import (
	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/workflow"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusPanel follows the job after its upload: uploaded, processing,
// completed, or stopped/aborted with the printer's reason.
type statusPanel struct {
	m       notifier
	root    *fyne.Container
	icon    *widget.Icon
	state   *widget.Label
	reason  *widget.Label
	another *pdwidget.Button
}

func newStatusPanel(m *Window) *statusPanel {
	p := &statusPanel{m: m}
	p.icon = widget.NewIcon(theme.InfoIcon())
	p.state = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.reason = widget.NewLabel("")
	p.reason.Wrapping = fyne.TextWrapWord
	p.another = pdwidget.NewButtonWithIcon(lang.L("Print another"), theme.ContentAddIcon(), m.printAnother)
	p.another.Importance = widget.HighImportance
	p.another.Hide() // in the action bar, once a print has ended
	p.root = container.NewVBox(heading(lang.L("Status")),
		container.NewBorder(nil, nil, p.icon, nil, p.state), p.reason)
	p.root.Hide()
	return p
}

// stateWords are the headline for each job state.
var stateWords = map[string]string{
	"uploaded":   "Uploaded: waiting for the printer",
	"pending":    "Waiting for the printer",
	"processing": "Printing…",
	"completed":  "Printed",
	"stopped":    "The printer stopped",
	"aborted":    "The job was aborted",
	"canceled":   "Cancelled",
}

// stateWord is a job state's headline in the user's language; a state
// PrintDrop does not know stays as the service wrote it.
func stateWord(state string) string {
	if w, ok := stateWords[state]; ok {
		return lang.L(w)
	}
	return state
}

// show draws s, the status of req's job.
func (p *statusPanel) show(req workflow.PrintOrder, s workflow.JobStatus) {
	p.state.SetText(req.File.Name + ": " + stateWord(s.State))
	p.reason.SetText(s.Description)
	p.reason.Hidden = s.Description == ""
	switch {
	case s.Terminal && s.Succeeded:
		p.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	case s.State == "stopped" || s.State == "aborted":
		p.icon.SetResource(theme.NewErrorThemedResource(theme.WarningIcon()))
	default:
		p.icon.SetResource(theme.InfoIcon())
	}
}

// notify tells the desktop when a job ends, for people in another window.
func (p *statusPanel) notify(req workflow.PrintOrder, s workflow.JobStatus) {
	if !s.Terminal {
		return
	}
	title := lang.L("Printed")
	body := lang.L("{{.File}} has printed.", args{"File": req.File.Name})
	if !s.Succeeded {
		title = lang.L("Not printed")
		body = req.File.Name + ": " + stateWord(s.State)
		if s.Description != "" {
			body += ": " + s.Description
		}
	}
	p.m.fyneApp().SendNotification(fyne.NewNotification(title, body))
}
