package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// errorPanel shows a problem in place: what happened, what to do next, and
// the technical details one click away (never a raw HTTP dump up front).
type errorPanel struct {
	root     *fyne.Container
	headline *widget.Label
	next     *widget.Label
	details  *widget.Label
	more     *widget.Accordion
}

func newErrorPanel() *errorPanel {
	p := &errorPanel{}
	p.headline = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.headline.Importance = widget.DangerImportance
	p.headline.Wrapping = fyne.TextWrapWord
	p.next = widget.NewLabel("")
	p.next.Wrapping = fyne.TextWrapWord
	p.details = widget.NewLabel("")
	p.details.Wrapping = fyne.TextWrapWord
	p.details.TextStyle = fyne.TextStyle{Monospace: true}
	p.more = widget.NewAccordion(widget.NewAccordionItem(lang.L("Details"), p.details))
	p.root = container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))), nil,
		container.NewVBox(p.headline, p.next, p.more))
	p.root.Hide()
	return p
}

func (p *errorPanel) show(headline, next, details string) {
	p.headline.SetText(headline)
	p.next.SetText(next)
	p.next.Hidden = next == ""
	p.details.SetText(details)
	p.more.CloseAll()
	p.more.Hidden = details == ""
	p.root.Show()
	p.root.Refresh()
}

func (p *errorPanel) clear() { p.root.Hide() }
