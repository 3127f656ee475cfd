package ui

import (
	"context"
	"errors"

	"printdrop/internal/bridgelink"
	"printdrop/internal/workflow"
)

// The Window's transitions. Panels call these when the user does something
// or their background work ends; each changes the view state, then has the
// panels concerned draw it. No panel reaches into another.

// signedIn shows the account's printers and puts the typing on the search.
func (m *Window) signedIn() {
	m.state.account = "signed-in"
	m.setLeftBody(m.printers.root)
	m.printers.load()
	m.jobs.watch()
	if c := m.win.Canvas(); c != nil {
		c.Focus(m.printers.search)
	}
}

// signedOut forgets everything that came with the account.
func (m *Window) signedOut() {
	m.printers.reset()
	m.jobs.reset()
	m.hideJobs()
	m.forgetPrinter()
}

// setAccountMode records what the account corner shows.
func (m *Window) setAccountMode(mode string) { m.state.account = mode }

// listChanged records how the share list stands, for Screen.
func (m *Window) listChanged(loading bool, rows int) {
	m.state.listing, m.state.listed = loading, rows
}

// listLoaded ends a read of the share list: a problem is said, and a
// complete list is when unfinished uploads can be named and offered.
func (m *Window) listLoaded(err error) {
	m.showError(err)
	if err == nil {
		m.resume.check()
	}
	m.drawTray() // its recent printers
}

// printerName is a share's name as listed, or its id when not listed.
func (m *Window) printerName(shareID string) string {
	if pr, ok := m.printers.find(shareID); ok {
		return pr.Name
	}
	return shareID
}

// choosePrinter makes pr the printer the window works with and loads its
// form. Its details count only once they arrive for this same choice.
func (m *Window) choosePrinter(pr workflow.PrinterRow) {
	if pr.ID == m.state.chosen {
		return
	}
	m.state.chosen, m.state.printer, m.state.waiting = pr.ID, nil, nil
	m.refit()
	m.drawFiles()
	m.job.load(pr)
}

// printerLoaded takes the details the job form asked for, unless the user
// has chosen another printer meanwhile (then they are dropped: a late
// answer must not become the printer files are checked against or the one
// remembered for next time).
func (m *Window) printerLoaded(d workflow.PrinterDetails, waiting []workflow.WaitingJob) bool {
	if d.ID != m.state.chosen {
		return false
	}
	m.state.printer, m.state.waiting = &d, waiting
	m.be().RememberShare(d.ID)
	if d.StatusChecked { // the chosen printer's row shows what was just read
		m.printers.setStatus(d.ID, d.Readiness)
	}
	m.refit()
	m.drawFiles()
	return true
}

// forgetPrinter clears the choice (sign-out, another backend).
func (m *Window) forgetPrinter() {
	m.state.chosen, m.state.printer, m.state.waiting = "", nil, nil
	m.job.reset()
	m.refit()
	m.drawFiles()
}

// queueFiles adds checked files to the queue and says why others were refused.
func (m *Window) queueFiles(ok []workflow.FileInfo, refused []string) {
	m.state.queue = append(m.state.queue, ok...)
	m.files.showRefused(refused)
	m.refit()
	m.drawFiles()
}

// clearQueue empties the queue.
func (m *Window) clearQueue() {
	m.state.queue = nil
	m.files.showRefused(nil)
	m.refit()
	m.drawFiles()
}

// startPrint sends the first queued file with the form's settings.
func (m *Window) startPrint() {
	if !m.state.canPrint() {
		return
	}
	printer, settings, jobID, err := m.job.request()
	if err != nil {
		m.showError(err)
		return
	}
	m.showError(nil)
	req := workflow.PrintOrder{Printer: printer, File: m.state.queue[0], JobSettings: settings, JobID: jobID}
	m.state.queue = m.state.queue[1:]
	m.refit()
	m.state.print, m.state.req, m.state.job, m.state.failed = printing, req, nil, false
	m.showPanels()
	m.drawFiles()
	m.upload.begin(req)
	m.jobs.kick() // the watch follows the new job (held for release, stopped)
}

// jobReported takes a status the service gave for the print's job.
func (m *Window) jobReported(s workflow.JobStatus) {
	if m.state.print != printing {
		return
	}
	m.state.job = &s
	m.status.show(m.state.req, s)
	m.showPanels()
}

// printDone ends the print: the outcome stays on screen, and after a
// success the next queued file starts at once.
func (m *Window) printDone(s workflow.JobStatus, err error) {
	req := m.state.req
	m.state.print = printEnded
	switch {
	case errors.Is(err, context.Canceled):
		s = workflow.JobStatus{State: "canceled", Terminal: true}
		m.state.job = &s
		m.status.show(req, s)
	case err != nil:
		m.state.failed = true
		m.showError(err)
	default:
		m.state.job = &s
		m.status.show(req, s)
		m.status.notify(req, s)
	}
	m.showPanels()
	m.drawFiles()
	if err == nil && s.Succeeded && len(m.state.queue) > 0 {
		m.startPrint()
	}
}

// printAnother clears the finished print and brings the file area back.
func (m *Window) printAnother() {
	m.state.print, m.state.job, m.state.failed = noPrint, nil, false
	m.showError(nil)
	m.showPanels()
	m.drawFiles()
}

// resumeUpload chooses the interrupted upload's printer and queues its file:
// Print then continues where the upload stopped.
func (m *Window) resumeUpload(it workflow.Interrupted) {
	m.printers.reveal(it.ShareID)
	m.files.add([]string{it.Path})
}

// showInPrintDialogs records whether a printer appears in every app's
// Print dialog, and has a running bridge serve the new choice.
func (m *Window) showInPrintDialogs(shareID string, on bool) {
	bridgelink.Show(m.opts.Bridge.Prefs, shareID, on)
	m.dialogs.sharesChanged()
}

// showPanels shows the right-hand column's panels the print phase calls
// for: the file area until a print starts (and again after one failed, to
// try again), the upload from then on, the job's status once known.
func (m *Window) showPanels() {
	s := &m.state
	m.files.root.Hidden = s.print != noPrint && !s.failed
	m.upload.root.Hidden = s.print == noPrint
	m.status.root.Hidden = s.job == nil || s.failed
	m.drawBar()
	m.relayout()
}

// refit asks again whether the printer shown takes every queued file, so
// that a refusal is known, and said beside a disabled Print, before Print
// is pressed: a file queued before the printer was chosen, or kept while
// the user picked another printer, is checked against the one shown.
func (m *Window) refit() {
	s := &m.state
	s.fit = ""
	if s.printer == nil {
		return
	}
	for _, f := range s.queue {
		if err := s.printer.Takes(f); err != nil {
			h, next, _ := m.be().Explain(err)
			s.fit = sentences(h, next)
			return
		}
	}
}

// showJobs puts the jobs view in place of the right-hand side and loads
// the jobs (again, when it already shows).
func (m *Window) showJobs() {
	if m.split.Trailing != m.jobs.root {
		m.split.Trailing = m.jobs.root
		m.split.Refresh()
		m.win.Canvas().Unfocus() // the search box would keep Esc from leaving the view
	}
	m.jobs.shown()
}

// hideJobs brings the right-hand side back: the print under way, the files.
func (m *Window) hideJobs() {
	if m.split == nil || m.split.Trailing == m.right {
		return
	}
	m.jobs.hidden()
	m.split.Trailing = m.right
	m.split.Refresh()
}

// jobsShown reports whether the jobs view is on screen.
func (m *Window) jobsShown() bool { return m.split.Trailing == m.jobs.root }
