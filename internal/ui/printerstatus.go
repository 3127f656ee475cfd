package ui

import (
	"context"
	"slices"
	"sync"
	"time"

	"printdrop/internal/workflow"
)

// A share list leaves the printers' status out for normal users, so each
// row's status is read on its own. On a tenant with thousands of shares,
// reading them all would cost thousands of requests, so only the rows the
// list draws are read: widget.List binds (UpdateItem) just the rows on
// screen, which is the "seen" signal. Rows seen within a short quiet time
// are asked for together, off the UI goroutine, and each answer lands on
// its row through fyne.Do. A row is asked for again only when it is drawn
// more than workflow.StatusTTL after it was last asked, so scrolling back
// and forth costs nothing and a window left open still shows fresh states
// for the rows someone looks at.

// statusDebounce gathers the rows bound by one scroll or one keystroke
// into one batch of reads.
const statusDebounce = 60 * time.Millisecond

// maxStatusBatch bounds one batch: after a fling through thousands of
// rows only the last ones bound, those now on screen, are read.
const maxStatusBatch = 64

// statusFeed reads the statuses of the rows on screen. Its fields are
// touched only on the UI goroutine.
type statusFeed struct {
	gen       int                  // answers of an older feed are dropped
	cancel    context.CancelFunc   // stops the running feed; nil when none runs
	asked     map[string]time.Time // when each id was last asked (since start or Refresh)
	pending   []string             // ids seen since the last flush, oldest first
	scheduled bool                 // a flush is due
	q         *statusQueue
	now       func() time.Time // the panel's clock
}

// statusQueue hands batches to the reader goroutine without blocking the
// UI goroutine.
type statusQueue struct {
	mu   sync.Mutex
	ids  []string
	wake chan struct{} // capacity 1: "there is work"
}

// start stops the running feed and starts one whose answers update p's rows.
func (f *statusFeed) start(p *printersPanel, b Backend) {
	f.stop()
	gen := f.gen
	ctx, cancel := context.WithCancel(p.m.context())
	f.cancel = cancel
	f.asked, f.pending, f.scheduled, f.now = map[string]time.Time{}, nil, false, p.now
	q := &statusQueue{wake: make(chan struct{}, 1)}
	f.q = q
	got := func(id string, r workflow.PrinterReadiness) {
		p.m.do(func() {
			if gen == f.gen {
				p.setStatus(id, r)
			}
		})
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-q.wake:
			}
			q.mu.Lock()
			ids := q.ids
			q.ids = nil
			q.mu.Unlock()
			// A failed read is reported per row ("Status unknown"); the
			// call itself only fails when ctx ends.
			if len(ids) > 0 && b.Statuses(ctx, ids, got) != nil && ctx.Err() != nil {
				return
			}
		}
	}()
}

// stop cancels the running feed's reads and drops its answers still queued
// for the UI.
func (f *statusFeed) stop() {
	f.gen++
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	f.asked, f.pending, f.scheduled, f.q = nil, nil, false, nil
}

// seen notes a row the list just drew; its status is asked for at the
// next flush unless it was already.
func (f *statusFeed) seen(p *printersPanel, pr workflow.PrinterRow) {
	if f.asked == nil || f.recent(pr.ID) {
		return
	}
	f.pending = append(f.pending, pr.ID)
	f.schedule(p)
}

func (f *statusFeed) schedule(p *printersPanel) {
	if f.scheduled {
		return
	}
	f.scheduled = true
	gen := f.gen
	time.AfterFunc(statusDebounce, func() {
		p.m.do(func() {
			if gen == f.gen {
				f.flush()
			}
		})
	})
}

// flush asks for the rows seen since the last flush, the most recent
// maxStatusBatch of them.
func (f *statusFeed) flush() {
	f.scheduled = false
	var ids []string
	now := f.now()
	for i := len(f.pending) - 1; i >= 0 && len(ids) < maxStatusBatch; i-- {
		id := f.pending[i]
		if !f.recent(id) {
			f.asked[id] = now
			ids = append(ids, id)
		}
	}
	f.pending = nil
	if len(ids) == 0 || f.q == nil {
		return
	}
	slices.Reverse(ids) // top row first
	f.q.mu.Lock()
	f.q.ids = append(f.q.ids, ids...)
	f.q.mu.Unlock()
	select {
	case f.q.wake <- struct{}{}:
	default: // the reader will take these with what already waits
	}
}

// recent reports an id asked less than workflow.StatusTTL ago.
func (f *statusFeed) recent(id string) bool {
	at, ok := f.asked[id]
	return ok && f.now().Sub(at) < workflow.StatusTTL
}

// again forgets which rows were asked, so the rows on screen are read
// again as the list redraws them (Refresh).
func (f *statusFeed) again() {
	if f.asked != nil {
		f.asked = map[string]time.Time{}
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

// onRefresh reads the list again in the background, keeping the rows on
// screen (and their last status) until it is complete, and reads the
// status of the rows on screen again.
func (p *printersPanel) onRefresh() {
	if p.loading || len(p.all) == 0 {
		return
	}
	p.m.be().ForgetStatuses()
	p.statuses.again()
	p.list.Refresh() // redraws the rows on screen: each is "seen" again
	p.fetch()
}

// Statuses implements Backend: with no app registration nothing is listed.
// It sits here, beside the feed that calls it, rather than in script.go.
func (NoClientBackend) Statuses(context.Context, []string, func(string, workflow.PrinterReadiness)) error {
	return errNoClient
}

// ForgetStatuses implements Backend: nothing is kept.
func (NoClientBackend) ForgetStatuses() {}

// CachedPrinters implements Backend: nothing is kept.
func (NoClientBackend) CachedPrinters() ([]workflow.PrinterRow, time.Time, bool) {
	return nil, time.Time{}, false
}

// Every Backend the app can hand the window must stay complete.
var (
	_ Backend = NoClientBackend{}
	_ Backend = (*workflow.Desktop)(nil)
)
