package ui

import (
	"context"
	"sync"

	"printdrop/internal/workflow"
)

// A share list leaves the printers' status out for normal users, so each
// row's status is read on its own once its page has arrived. statusFeed
// runs those reads off the UI goroutine and lands each answer on its row
// as it comes, whatever the search box shows at that moment.

// statusFeed reads the statuses of rows as their pages arrive. Pages queue
// up and are read one Backend.Statuses call at a time, so the backend's
// bound on parallel reads holds across pages. Its fields are touched only
// on the UI goroutine.
type statusFeed struct {
	gen    int                // answers of an older feed are dropped
	cancel context.CancelFunc // stops the running feed; nil when none runs
}

// statusQueue is one feed's inbox, safe to use from any goroutine.
type statusQueue struct {
	ctx  context.Context
	ids  chan []string
	once sync.Once
}

// start stops the running feed and starts one whose answers update p's
// rows; it ends when the queue is closed and read, or the window closes.
func (f *statusFeed) start(p *printersPanel, b Backend) *statusQueue {
	f.stop()
	gen := f.gen
	ctx, cancel := context.WithCancel(p.m.ctx)
	f.cancel = cancel
	q := &statusQueue{ctx: ctx, ids: make(chan []string, 8)}
	got := func(id string, r workflow.PrinterReadiness) {
		p.m.do(func() {
			if gen == f.gen {
				p.setStatus(id, r)
			}
		})
	}
	go func() {
		defer cancel()
		for ids := range q.ids {
			ids = append(ids, q.queued()...) // pages that came meanwhile: one call
			// A failed read is reported per row ("Status unknown"); the
			// call itself only fails when ctx ends.
			if b.Statuses(ctx, ids, got) != nil && ctx.Err() != nil {
				return
			}
		}
	}()
	return q
}

// stop cancels the running feed's reads and drops its answers still queued
// for the UI.
func (f *statusFeed) stop() {
	f.gen++
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
}

// add queues the rows of page that still need their status.
func (q *statusQueue) add(page []Printer) {
	var ids []string
	for _, pr := range page {
		if !pr.StatusChecked {
			ids = append(ids, pr.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	select {
	case q.ids <- ids:
	case <-q.ctx.Done(): // the feed was replaced or the window closed
	}
}

// close says no page will follow.
func (q *statusQueue) close() { q.once.Do(func() { close(q.ids) }) }

// queued takes whatever pages wait in the queue without blocking.
func (q *statusQueue) queued() []string {
	var out []string
	for {
		select {
		case ids, ok := <-q.ids:
			if !ok {
				return out
			}
			out = append(out, ids...)
		default:
			return out
		}
	}
}

// setStatus lands one printer's status on its row, visible or filtered out.
func (p *printersPanel) setStatus(id string, r workflow.PrinterReadiness) {
	for i := range p.all {
		if p.all[i].ID == id {
			p.all[i].Readiness, p.all[i].StatusChecked = r, true
		}
	}
	for i := range p.shown {
		if p.shown[i].ID == id {
			p.shown[i].Readiness, p.shown[i].StatusChecked = r, true
			p.list.RefreshItem(i)
		}
	}
}

// onRefresh reads every listed printer's status again; the rows keep
// their last status until the new one arrives.
func (p *printersPanel) onRefresh() {
	if p.loading || len(p.all) == 0 {
		return
	}
	q := p.statuses.start(p, p.m.be())
	stale := make([]Printer, len(p.all))
	for i, pr := range p.all {
		stale[i] = Printer{ID: pr.ID} // StatusChecked false: read again
	}
	q.add(stale) // the new queue is empty: this does not block
	q.close()
}

// Statuses implements Backend: with no app registration nothing is listed.
// It sits here, beside the feed that calls it, rather than in script.go.
func (NoClientBackend) Statuses(context.Context, []string, func(string, workflow.PrinterReadiness)) error {
	return errNoClient
}

// Every Backend the app can hand the window must stay complete.
var (
	_ Backend = NoClientBackend{}
	_ Backend = (*ServiceBackend)(nil)
)
