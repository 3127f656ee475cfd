package upload

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"printdrop/internal/ranges"
)

// cleanupTimeout bounds the DELETE and the job cancel after the caller's
// context ended. Whoever pressed Ctrl+C or Cancel expects PrintDrop to stop
// at once, so the two run side by side within this one deadline: a healthy
// service answers each in a round trip or two, and a session that a silent
// service leaves behind expires by itself.
const cleanupTimeout = 750 * time.Millisecond

// Engine uploads one document into one (possibly renewed) session. Create
// it with New, call Run once; Pause, Resume and Snapshot are safe from any
// goroutine.
type Engine struct {
	doc Document
	opt Options

	running atomic.Bool
	wake    chan struct{} // Pause/Resume nudge the coordinator

	mu        sync.Mutex // guards the fields below
	target    Target
	missing   ranges.Set // what the server last said it needs
	confirmed ranges.Set // what the server has confirmed it holds
	inflight  ranges.Set
	paused    bool
	progress  Progress // phase and retry details of the last event
	meter     meter
}

// New checks the options and returns an engine for doc into t.
func New(doc Document, t Target, o Options) (*Engine, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if doc.Size() <= 0 {
		return nil, fmt.Errorf("%s is empty: there is nothing to upload", doc.Name())
	}
	return &Engine{
		doc: doc, opt: o, target: t,
		missing:  ranges.Full(doc.Size()),
		wake:     make(chan struct{}, 1),
		progress: Progress{Phase: Starting},
	}, nil
}

// Pause lets the PUTs in flight finish and starts no new ones.
func (e *Engine) Pause() {
	e.mu.Lock()
	e.paused = true
	e.mu.Unlock()
	e.nudge()
}

// Resume continues a paused upload, asking the server where it stands first.
func (e *Engine) Resume() {
	e.mu.Lock()
	e.paused = false
	e.mu.Unlock()
	e.nudge()
}

func (e *Engine) nudge() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Target is the session in use (a renewal replaces the one given to New).
func (e *Engine) Target() Target {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.target
}

// Snapshot returns the current progress.
func (e *Engine) Snapshot() Progress {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshotLocked()
}

func (e *Engine) snapshotLocked() Progress {
	p := e.progress
	p.Name = e.doc.Name()
	p.Total = e.doc.Size()
	p.Acked = e.confirmed.Size()
	p.InFlight = e.inflight
	p.Missing = e.missing
	p.Rate = e.meter.rate
	p.Remaining = e.meter.eta(p.Total - p.Acked)
	return p
}

// emit records the phase (and retry details) and sends an event.
func (e *Engine) emit(phase Phase, set func(*Progress)) {
	e.mu.Lock()
	e.progress = Progress{Phase: phase}
	if set != nil {
		set(&e.progress)
	}
	p := e.snapshotLocked()
	e.mu.Unlock()
	if e.opt.OnEvent != nil {
		e.opt.OnEvent(p)
	}
}

// putResult is what a PUT worker hands back to the coordinator.
type putResult struct {
	r       ranges.Range
	before  ranges.Set // what the server had confirmed when the PUT was sent
	missing ranges.Set
	done    bool
	err     error
	inOrder bool // sent after the server asked for ranges in order
}

// run holds the coordinator's own state for one Run.
type run struct {
	results    chan putResult
	inflight   int
	needSync   bool
	renewWhy   error         // non-nil: renew before anything else
	failure    error         // the transient error waiting for a backoff
	failRange  *ranges.Range // the range it hit, for the final error
	attempts   int           // consecutive failures without progress
	progressAt time.Time     // last progress (or start/resume); see bounds.go
	lastErr    error         // the last failure, for the final error's details
	lastRange  *ranges.Range // the PUT range lastErr hit; nil for a status check
	// The evidence the bounds rest on (bounds.go).
	seen      ranges.Set // bytes this session has acknowledged at least once
	best      int64      // the furthest (seen.Size()) any earlier session got
	fruitless int        // renewals in a row whose session got no further than best
	sent      int64      // bytes charged to the budget: in flight, taken, or lost with a session
	owed      int64      // bytes of transient failures, charged if the session then vanishes
	repeats   int        // answers listing as missing the range just sent
	retracted int        // answers listing as missing bytes acknowledged before
	vanished  int        // sessions gone after the completing chunk was sent
	lastSent  bool       // this session was sent the chunk that can complete the document
	expires   time.Time
	checkedAt time.Time
	done      bool
	// inOrder: the server refused a range as out of order, so from then on
	// one PUT at a time goes out, always at the first missing byte.
	inOrder bool
}

// Run uploads until the server has every byte (nil), the context is
// cancelled (ctx.Err(), after DELETE and the CancelJob hook), or a failure
// is final (*Error, *ChangedError, or Renew's error).
func (e *Engine) Run(ctx context.Context) error {
	if !e.running.CompareAndSwap(false, true) {
		return errors.New("upload: Run called twice on one engine")
	}
	wctx, stopWorkers := context.WithCancel(ctx)
	defer stopWorkers()
	now := e.opt.now()
	e.mu.Lock()
	e.meter.reset(now)
	e.mu.Unlock()
	s := &run{results: make(chan putResult, e.opt.Parallel), needSync: true, progressAt: now}
	e.emit(Starting, nil)
	e.adoptFresh(s)

	err := e.loop(ctx, wctx, s)
	stopWorkers()
	for s.inflight > 0 { // never leave a worker writing into a dead channel reader
		e.onResult(s, <-s.results)
	}
	switch {
	case err == nil:
		e.emit(Completed, nil)
		return nil
	case ctx.Err() != nil:
		return e.cancel(ctx)
	default:
		e.emit(Failed, func(p *Progress) { p.Err = err })
		return err
	}
}

func (e *Engine) loop(ctx, wctx context.Context, s *run) error {
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e.mu.Lock()
		paused := e.paused
		e.mu.Unlock()
		if !paused && !s.done && e.stalled(s) {
			// Whatever the answers said, nothing new arrived for the
			// whole window: a loop of resyncs or a hung request ends here.
			return e.windowSpent(s)
		}
		barrier := s.needSync || s.renewWhy != nil || s.failure != nil || paused || s.done
		if s.inflight > 0 && barrier {
			// Something is in doubt: let the PUTs in flight land before
			// deciding, so a resync sees their bytes and none is sent twice.
			if err := e.await(ctx, s); err != nil {
				return err
			}
			continue
		}
		switch {
		case s.done:
			if err := e.doc.Check(); err != nil {
				return err
			}
			return nil
		case paused:
			if err := e.pause(ctx, s); err != nil {
				return err
			}
			continue
		case s.renewWhy != nil:
			if err := e.renew(ctx, s); err != nil {
				return err
			}
			continue
		case s.failure != nil:
			if err := e.backoff(ctx, s); err != nil {
				return err
			}
			continue
		case s.needSync:
			if err := e.sync(ctx, s); err != nil {
				return err
			}
			continue
		}
		if !s.expires.IsZero() && e.opt.now().After(s.expires) {
			s.renewWhy = errExpired
			continue
		}
		if err := e.dispatch(wctx, s); err != nil {
			return err
		}
		if s.inflight == 0 {
			// Nothing left to send, nothing in flight, and no 201: our
			// picture disagrees with the server's. Ask it.
			s.needSync = true
			continue
		}
		if err := e.await(ctx, s); err != nil {
			return err
		}
	}
}
