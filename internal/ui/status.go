package ui

import (
	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/workflow"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusPanel follows the job after its upload: uploaded, processing,
// completed, or stopped/aborted with the printer's reason.
type statusPanel struct {
	m       *Window
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
	p.another = pdwidget.NewButtonWithIcon("Print another", theme.ContentAddIcon(), m.printAnother)
	p.another.Importance = widget.HighImportance
	p.another.Hide() // in the action bar, once a print has ended
	p.root = container.NewVBox(heading("Status"),
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

// show draws s, the status of req's job.
func (p *statusPanel) show(req workflow.PrintOrder, s workflow.JobStatus) {
	words, ok := stateWords[s.State]
	if !ok {
		words = s.State
	}
	p.state.SetText(req.File.Name + ": " + words)
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
	title := "Printed"
	body := req.File.Name + " has printed."
	if !s.Succeeded {
		title = "Not printed"
		body = req.File.Name + ": " + stateWords[s.State]
		if s.Description != "" {
			body += ": " + s.Description
		}
	}
	p.m.app.SendNotification(fyne.NewNotification(title, body))
}
