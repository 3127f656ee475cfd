package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"printdrop/internal/workflow"
)

// The jobs watch: with Options.WatchJobs, the user's jobs are loaded on a
// slow interval even while the jobs view is not shown (the window hidden
// or minimised, the tray showing jobs under way), but only while a job is
// unfinished or a print has just begun: a user with nothing under way
// costs nothing. Each load is compared with the one before, and the
// desktop is told when a job is held for release, stops at the printer
// with a reason, or ends after either. (Ends of the window's own prints
// and of prints from other apps are told by their panels already.)

// watch starts the slow interval after sign-in; the first load only notes
// how the jobs stand.
func (p *jobsPanel) watch() {
	every := p.m.options().JobsWatchEvery
	if !p.m.options().WatchJobs || every <= 0 || p.stopWatch != nil {
		return
	}
	p.kicked = true
	p.stopWatch = p.m.tickEvery(every, func() { p.m.do(p.watchTick) })
	p.m.do(p.watchTick)
}

// unwatch stops the slow interval (signed out).
func (p *jobsPanel) unwatch() {
	if p.stopWatch != nil {
		p.stopWatch()
		p.stopWatch = nil
	}
}

// kick asks for a load on the next slow tick: a print has begun.
func (p *jobsPanel) kick() { p.kicked = true }

// watchTick loads while something may change; the shown view has its own
// faster interval.
func (p *jobsPanel) watchTick() {
	if p.visible || p.loading || !(p.kicked || p.underWay()) {
		return
	}
	p.kicked = false
	p.load()
}

// underWay reports whether a job of the last load is unfinished.
func (p *jobsPanel) underWay() bool {
	for _, e := range p.jobs {
		if e.Unfinished() {
			return true
		}
	}
	return false
}

// noteChanges compares a load with the last one and tells the desktop
// what needs the user: one notification for one job, one that counts them
// when several change at once.
func (p *jobsPanel) noteChanges(jobs []workflow.JobEntry) {
	before := p.seen
	p.seen = make(map[string]workflow.JobPhase, len(jobs))
	for _, e := range jobs {
		p.seen[e.ID] = e.Phase
	}
	if before == nil {
		return // the first look: nothing changed yet
	}
	var notes []*fyne.Notification
	for _, e := range jobs {
		if n := changeNote(e, before); n != nil {
			notes = append(notes, n)
		}
	}
	switch len(notes) {
	case 0:
		return
	case 1:
		p.m.fyneApp().SendNotification(notes[0])
	default:
		p.m.fyneApp().SendNotification(fyne.NewNotification(lang.XN("notify.jobsChanged", "{{.Count}} print jobs changed", len(notes), args{"Count": len(notes)}),
			lang.L("PrintDrop's jobs view (Jobs > Your print jobs) shows each one.")))
	}
}

// stoppedAtPrinter reports whether a job stopped with a reason and may
// still go on (a job aborted has ended).
func stoppedAtPrinter(e workflow.JobEntry) bool {
	return e.Phase == workflow.PhaseFailed && e.Unfinished()
}

// changeNote is the notification for e given how the jobs stood before,
// or nil when nothing needs saying.
func changeNote(e workflow.JobEntry, before map[string]workflow.JobPhase) *fyne.Notification {
	prev, known := before[e.ID]
	title := jobTitle(e)
	switch {
	case e.Phase == workflow.PhaseHeld && prev != workflow.PhaseHeld:
		return fyne.NewNotification(lang.L("Held for release"), title+": "+lang.L(workflow.HeldSentence))
	case stoppedAtPrinter(e) && prev != workflow.PhaseFailed:
		return fyne.NewNotification(lang.L("Stopped at the printer"), title+": "+e.Words)
	case !known || e.Unfinished() || (prev != workflow.PhaseHeld && prev != workflow.PhaseFailed):
		return nil // only a job the user was told about is followed to its end
	case e.Phase == workflow.PhasePrinted:
		return fyne.NewNotification(lang.L("Printed"), lang.L("{{.Document}} has printed.", args{"Document": title}))
	case e.Phase == workflow.PhaseCanceled:
		return fyne.NewNotification(lang.L("Cancelled"), lang.L("{{.Document}} was cancelled.", args{"Document": title}))
	}
	return fyne.NewNotification(lang.L("Not printed"), title+": "+e.Words)
}
