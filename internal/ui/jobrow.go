package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/units"
	"printdrop/internal/workflow"
)

// jobRow is one job of the jobs view.
type jobRow struct {
	box    *fyne.Container
	icon   *widget.Icon
	title  *widget.Label
	words  *widget.Label
	when   *widget.Label
	note   *widget.Label
	cancel *pdwidget.Button
	again  *pdwidget.Button
	shown  jobRowText // what the row shows now: a redraw that changes nothing touches no widget
}

// jobRowText is everything a row shows.
type jobRowText struct {
	title, words, when, note string
	phase                    workflow.JobPhase
	unfinished               bool
	busy                     jobAction
}

func newJobRow(p *jobsPanel, id string) *jobRow {
	r := &jobRow{icon: widget.NewIcon(theme.DocumentPrintIcon())}
	r.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.words = widget.NewLabel("")
	r.words.Wrapping = fyne.TextWrapWord
	r.when = widget.NewLabel("")
	r.note = widget.NewLabel("")
	r.note.Wrapping = fyne.TextWrapWord
	r.note.Importance = widget.WarningImportance
	r.cancel = pdwidget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { p.act(id, actCancel) })
	r.again = pdwidget.NewButtonWithIcon(lang.L("Print again"), theme.DocumentPrintIcon(), func() { p.act(id, actAgain) })
	// The title with its age on one line; the state in words beside the
	// buttons: three lines a job, so a screen shows several.
	head := container.NewBorder(nil, nil, nil, r.when, r.title)
	state := container.NewBorder(nil, nil, nil, container.NewHBox(r.cancel, r.again), r.words)
	r.box = container.NewBorder(nil, nil, container.NewVBox(r.icon), nil, container.NewVBox(head, state, r.note))
	return r
}

// draw shows e as of now, with what an action on it came to (note) and
// the action under way, if any.
func (r *jobRow) draw(e workflow.JobEntry, now time.Time, note string, busy jobAction) {
	switch busy {
	case actCancel:
		note = lang.L("Cancelling…")
	case actAgain:
		note = lang.L("Sending it again…")
	}
	want := jobRowText{title: jobTitle(e), words: e.Words, when: jobWhen(e, now), note: note,
		phase: e.Phase, unfinished: e.Unfinished(), busy: busy}
	if want == r.shown {
		return
	}
	r.shown = want
	r.title.SetText(want.title)
	r.words.SetText(want.words)
	r.when.SetText(want.when)
	r.icon.SetResource(phaseIcon(e.Phase))
	r.note.SetText(note)
	r.note.Hidden = note == ""
	r.cancel.Hidden = !want.unfinished
	if busy != 0 {
		r.cancel.Disable()
		r.again.Disable()
	} else {
		r.cancel.Enable()
		r.again.Enable()
	}
	r.box.Refresh()
}

// jobWhen is "Sent 3 min ago from this computer".
func jobWhen(e workflow.JobEntry, now time.Time) string {
	switch {
	case !e.Created.IsZero() && e.FromHere:
		return lang.L("Sent {{.Age}} from this computer", args{"Age": units.Age(now.Sub(e.Created))})
	case !e.Created.IsZero():
		return lang.L("Sent {{.Age}}", args{"Age": units.Age(now.Sub(e.Created))})
	case e.FromHere:
		return lang.L("Sent from this computer")
	}
	return ""
}

// phaseIcon is the icon beside a job in each phase.
func phaseIcon(ph workflow.JobPhase) fyne.Resource {
	switch ph {
	case workflow.PhasePrinted:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case workflow.PhaseFailed:
		return theme.NewErrorThemedResource(theme.WarningIcon())
	case workflow.PhaseHeld:
		return theme.NewWarningThemedResource(theme.InfoIcon())
	case workflow.PhaseCanceled:
		return theme.CancelIcon()
	case workflow.PhaseUploading:
		return theme.UploadIcon()
	case workflow.PhaseWaiting:
		return theme.HistoryIcon()
	}
	return theme.DocumentPrintIcon()
}

// jobTitle is "memo.pdf → Finance Laser".
func jobTitle(e workflow.JobEntry) string { return docOnPrinter(e.DocumentName, e.Printer) }

// docOnPrinter is how the window names a print, its own or another
// app's: "memo.pdf → Finance Laser", the document alone when the printer
// is not known.
func docOnPrinter(doc, printer string) string {
	if doc == "" {
		doc = lang.L("Untitled document")
	}
	if printer == "" {
		return doc
	}
	return doc + " → " + printer
}
