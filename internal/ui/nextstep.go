package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// drawBar has the action bar show the buttons the print's phase calls for
// and the sentence for where things stand. UI goroutine only.
func (m *Window) drawBar() {
	s := &m.state
	f, u, st := m.files, m.upload, m.status
	before := s.print == noPrint || s.failed
	f.print.Hidden, f.clear.Hidden = !before, !before
	running := s.print == printing && u.stop != nil
	u.pause.Hidden, u.resume.Hidden, u.cancel.Hidden = !running, !running, !running
	st.another.Hidden = s.print != printEnded || s.failed
	m.bar.say(m.nextStep())
}

// drawFiles draws the queue and, with it, the bar's Print and sentence.
func (m *Window) drawFiles() {
	m.files.render()
	m.drawBar()
	m.relayout() // the queue's lines came or went
}

// nextStep is the bar's sentence: what is happening, or what to do next.
// Empty while the error panel above it says what went wrong.
func (m *Window) nextStep() (string, fyne.Resource, widget.Importance) {
	s := &m.state
	info, warn := theme.InfoIcon(), theme.NewWarningThemedResource(theme.WarningIcon())
	switch {
	case s.print == printEnded && s.failed:
		return "", info, widget.MediumImportance
	case s.print != noPrint && s.job != nil:
		line := s.req.File.Name + ": " + stateWord(s.job.State)
		switch {
		case s.job.Terminal && s.job.Succeeded:
			return line + ".", theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance
		case s.job.Terminal:
			return line + ".", warn, widget.WarningImportance
		}
		return line, info, widget.MediumImportance
	case s.print == printing:
		return m.upload.summary(), info, widget.MediumImportance
	case s.chosen == "":
		return lang.L("Choose a printer on the left."), info, widget.MediumImportance
	case s.printer == nil:
		return lang.L("Loading the printer's options…"), info, widget.MediumImportance
	case s.fit != "":
		return s.fit, warn, widget.DangerImportance
	case !s.printer.Readiness.CanPrint():
		return s.printer.Readiness.Sentence, warn, widget.WarningImportance
	case len(s.queue) == 0:
		return lang.L("Add a file: drop it on this window, or press Ctrl+O to choose one."), info, widget.MediumImportance
	case len(s.queue) == 1:
		return lang.L("Ready to print {{.File}} on {{.Printer}}.", args{"File": s.queue[0].Name, "Printer": s.printer.Name}),
			info, widget.MediumImportance
	}
	return lang.XN("bar.filesReady", "{{.Count}} files ready to print on {{.Printer}}, one after the other.", len(s.queue),
		args{"Count": len(s.queue), "Printer": s.printer.Name}), info, widget.MediumImportance
}
