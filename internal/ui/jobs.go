package ui

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
	"printdrop/internal/workflow"
)

// jobsPanel is the print center: the user's recent jobs across their
// recent printers, newest first, each with its state in words, when it was
// sent, Cancel while it is unfinished and Print again. It takes the
// right-hand side of the window while shown (Jobs > Your print jobs).
//
// Cost: one load (workflow's Jobs, whose request budget is stated there)
// when the view opens, once after each action, on Refresh, and on a calm
// interval while the view is shown; never two at once, never per job. It
// builds rows for the newest jobsPage jobs, and a page more each time the
// user asks, so a person with 500 recent jobs does not wait for 500 rows.
type jobsPanel struct {
	m       jobsHost
	root    fyne.CanvasObject
	info    *widget.Label
	list    *fyne.Container
	refresh *pdwidget.Button
	back    *pdwidget.Button
	more    *pdwidget.Button // "Show 50 more" under the rows shown, while there are more
	moreBox fyne.CanvasObject
	limit   int // how many of the jobs have rows: jobsPage, plus a page per "more"

	now func() time.Time // the clock ages are measured against (tests fix it)

	visible bool
	loading bool
	again   bool   // a load was asked for while one ran
	gen     int    // bumped by reset: a load begun before it is dropped
	stop    func() // ends the interval's loads

	stopWatch func()                       // ends the slow watch (jobwatch.go)
	kicked    bool                         // a load is wanted on the next slow tick
	seen      map[string]workflow.JobPhase // each job's phase at the last load; nil before the first

	jobs  []workflow.JobEntry
	rows  map[string]*jobRow   // by job id
	boxes []fyne.CanvasObject  // the rows in the list, in order
	notes map[string]string    // what an action on a job came to, by job id
	acts  map[string]jobAction // the action under way on a job, by job id
}

// jobAction is what the user asked of a job.
type jobAction int

const (
	actCancel jobAction = iota + 1
	actAgain
)

func newJobsPanel(m *Window) *jobsPanel {
	p := &jobsPanel{m: m, now: time.Now, rows: map[string]*jobRow{}, notes: map[string]string{},
		acts: map[string]jobAction{}, limit: jobsPage}
	p.more = pdwidget.NewButtonWithIcon("", theme.MoreVerticalIcon(), p.showMore)
	p.moreBox = container.NewCenter(p.more)
	p.info = widget.NewLabel("")
	p.info.Wrapping = fyne.TextWrapWord
	p.list = container.NewVBox()
	p.refresh = pdwidget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), p.load)
	p.back = pdwidget.NewButtonWithIcon(lang.L("Back to printing"), theme.NavigateBackIcon(), m.hideJobs)
	head := container.NewBorder(nil, nil, nil, container.NewHBox(p.refresh, p.back), heading(lang.L("Your print jobs")))
	p.root = container.NewBorder(container.NewVBox(head, p.info), nil, nil, nil, container.NewVScroll(p.list))
	return p
}

// shown starts the view: a load now, then one on every interval while it
// stays shown.
func (p *jobsPanel) shown() {
	if p.visible {
		p.load()
		return
	}
	p.visible = true
	p.load()
	every := p.m.options().JobsRefreshEvery
	if every <= 0 {
		return
	}
	// Queued, not waited for: a tick while a load runs is skipped by tick.
	p.stop = p.m.tickEvery(every, func() { p.m.do(p.tick) })
}

// hidden stops the interval's loads.
func (p *jobsPanel) hidden() {
	p.visible = false
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
}

// tick is the interval's load: skipped while one runs or the view is gone.
func (p *jobsPanel) tick() {
	if p.visible && !p.loading {
		p.load()
	}
}

// reset forgets the jobs of an account that is no longer signed in.
func (p *jobsPanel) reset() {
	p.gen++
	p.loading, p.again = false, false
	p.jobs, p.seen = nil, nil
	p.notes, p.acts = map[string]string{}, map[string]jobAction{}
	p.limit = jobsPage
	p.unwatch()
	p.draw()
}

// load reads the jobs off the UI goroutine; a load asked for while one
// runs happens once after it.
func (p *jobsPanel) load() {
	if p.loading {
		p.again = true
		return
	}
	p.loading = true
	if p.jobs == nil {
		p.info.SetText(lang.L("Loading your print jobs…"))
	}
	p.refresh.Disable()
	gen := p.gen
	var jobs []workflow.JobEntry
	p.m.run(func(ctx context.Context) (err error) {
		jobs, err = p.m.be().Jobs(ctx)
		return err
	}, func(err error) {
		if gen != p.gen {
			return
		}
		p.loading = false
		p.refresh.Enable()
		if err != nil {
			h, next, _ := p.m.be().Explain(err)
			p.info.SetText(jobSentence(h, next))
		} else {
			p.noteChanges(jobs)
			p.jobs = jobs
			p.draw()
			p.m.jobsLoaded()
		}
		if p.again {
			p.again = false
			p.load()
		}
	})
}

// draw shows the jobs last loaded, reusing the rows of jobs still there.
func (p *jobsPanel) draw() {
	switch n := len(p.jobs); {
	case n == 0 && p.loading:
	case n == 0:
		p.info.SetText(lang.L("No recent print jobs on your printers. Jobs you print appear here, newest first."))
	case n == 1:
		p.info.SetText(lang.XN("jobs.count", "{{.Count}} jobs, newest first.", 1, args{"Count": 1}))
	default:
		p.info.SetText(lang.XN("jobs.count", "{{.Count}} jobs, newest first.", n, args{"Count": n}))
	}
	now := p.now()
	shown := p.jobs[:min(len(p.jobs), p.limit)]
	keep := make(map[string]bool, len(shown))
	boxes := make([]fyne.CanvasObject, 0, len(shown)+1)
	for _, e := range shown {
		keep[e.ID] = true
		r, ok := p.rows[e.ID]
		if !ok {
			r = newJobRow(p, e.ID)
			p.rows[e.ID] = r
		}
		r.draw(e, now, p.notes[e.ID], p.acts[e.ID])
		boxes = append(boxes, r.box)
	}
	for id := range p.rows {
		if !keep[id] {
			delete(p.rows, id)
		}
	}
	if rest := len(p.jobs) - len(shown); rest > 0 {
		page := min(rest, jobsPage)
		p.more.SetText(lang.XN("jobs.more", "Show {{.Count}} more", page, args{"Count": page}))
		boxes = append(boxes, p.moreBox)
	}
	if slices.Equal(boxes, p.boxes) {
		return // the same rows in the same order: only their texts may have changed
	}
	p.boxes = boxes
	objs := make([]fyne.CanvasObject, 0, 2*len(boxes))
	for i, b := range boxes {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, b)
	}
	p.list.Objects = objs
	p.list.Refresh()
}

// jobsPage is how many jobs get rows at a time: a screenful many times
// over, and a tenth of the 500 a busy person may have.
const jobsPage = 50

// showMore gives the next page of jobs their rows.
func (p *jobsPanel) showMore() {
	p.limit += jobsPage
	p.draw()
}

// entry is the job with that id as last loaded.
func (p *jobsPanel) entry(id string) (workflow.JobEntry, bool) {
	for _, e := range p.jobs {
		if e.ID == id {
			return e, true
		}
	}
	return workflow.JobEntry{}, false
}

// act runs a cancel or a print again off the UI goroutine, then says what
// it came to on the job's row and loads the jobs once more.
func (p *jobsPanel) act(id string, what jobAction) {
	e, ok := p.entry(id)
	if !ok || p.acts[id] != 0 {
		return
	}
	p.acts[id] = what
	delete(p.notes, id)
	p.draw()
	gen := p.gen
	var again workflow.Reprinted
	p.m.run(func(ctx context.Context) (err error) {
		if what == actCancel {
			return p.m.be().CancelJob(ctx, e)
		}
		again, err = p.m.be().PrintAgain(ctx, e)
		return err
	}, func(err error) {
		if gen != p.gen {
			return
		}
		delete(p.acts, id)
		switch {
		case err != nil:
			h, next, _ := p.m.be().Explain(err)
			p.notes[id] = jobSentence(h, next)
		case what == actAgain && again.FromService:
			p.notes[id] = lang.L("Sent again from the service's copy (the file on this computer is gone or has changed): the new job is at the top.")
		case what == actAgain:
			p.notes[id] = lang.L("Sent again: the new job is at the top.")
		}
		p.draw()
		p.load()
	})
}

// jobSentence joins a headline and its next step into one text.
func jobSentence(headline, next string) string {
	if next == "" {
		return lang.L("{{.Headline}}.", args{"Headline": headline})
	}
	return workflow.Sentences(headline, next)
}
