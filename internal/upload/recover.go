package upload

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"printdrop/internal/ranges"
)

// maxRenewals bounds renewals in a row whose session got no further than an
// earlier one, so a server whose sessions die at once, or always at the same
// point, cannot loop forever.
const maxRenewals = 3

// maxQuickResyncs is how many 416s in a row are resolved by asking at once;
// after that they are treated as transient failures with backoff and the
// RetryFor bound, so an inconsistent server cannot make us spin.
const maxQuickResyncs = 3

// sync asks the server what it still needs and takes its answer as the truth.
func (e *Engine) sync(ctx context.Context, s *run) error {
	e.emit(Resyncing, nil)
	missing, expires, err := e.Target().Status(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.lastErr, s.lastRange = err, nil
		if err := e.unusableAnswer(s, err); err != nil {
			return err
		}
		switch classify(err) {
		case classRenew:
			s.renewWhy = err
		case classRetry, classResync:
			s.failure, s.failRange = err, nil
		default:
			return &Error{Name: e.doc.Name(), Op: "status", Status: statusOf(err), Attempts: s.attempts + 1,
				Waited: e.opt.now().Sub(s.progressAt), Err: err}
		}
		return nil
	}
	s.needSync = false
	s.expires = expires
	s.owed = 0 // the session is alive: its transient failures stay uncharged
	e.acknowledge(s, missing)
	if len(missing) == 0 {
		s.done = true // the draft protocol reports an empty set once complete
	}
	return nil
}

// resync handles a 416 (or anything else that says "ask the server").
func (e *Engine) resync(s *run, err error, r ranges.Range) {
	if s.attempts >= maxQuickResyncs {
		if s.failure == nil {
			s.failure, s.failRange = err, &r
		}
		return
	}
	s.attempts++
	s.needSync = true
}

// backoff waits before trying again after a transient failure: the server's
// Retry-After when it gave one, else exponential backoff with full jitter.
// When the wait would take the time without progress past RetryFor, the
// failure is final.
func (e *Engine) backoff(ctx context.Context, s *run) error {
	s.attempts++
	delay, fromServer := retryAfterOf(s.failure)
	if !fromServer {
		delay = e.opt.Jitter(backoff(s.attempts))
	}
	if e.opt.now().Sub(s.progressAt)+delay > e.opt.RetryFor {
		return e.finalError(s)
	}
	reason := describe(s.failure)
	e.emit(Retrying, func(p *Progress) { p.RetryIn, p.Reason, p.Attempt = delay, reason, s.attempts })
	if err := e.opt.Sleep(ctx, delay); err != nil {
		return err
	}
	s.failure, s.failRange, s.needSync = nil, nil, true // the failed PUT may have landed: ask
	return nil
}

func (e *Engine) finalError(s *run) error {
	err := &Error{Name: e.doc.Name(), Op: "status", Status: statusOf(s.failure), Attempts: s.attempts,
		Waited: e.opt.now().Sub(s.progressAt), Err: s.failure}
	if s.failRange != nil {
		err.Op, err.Range = "PUT", *s.failRange
	}
	return err
}

// renew asks the caller for a new session after the old one expired or vanished.
func (e *Engine) renew(ctx context.Context, s *run) error {
	why := s.renewWhy
	fail := func(err error) error {
		return &Error{Name: e.doc.Name(), Op: "renew", Status: statusOf(why), Attempts: s.fruitless + 1,
			Waited: e.opt.now().Sub(s.progressAt), Err: err}
	}
	if e.opt.Renew == nil {
		return fail(why)
	}
	if s.lastSent && why != errExpired {
		s.vanished++ // gone after the chunk that completes the document: the 201 never came
	}
	if got := s.seen.Size(); got > s.best {
		s.best, s.fruitless = got, 0
	} else {
		s.fruitless++
	}
	s.lastErr, s.lastRange = why, nil
	s.sent, s.owed = s.sent+s.owed, 0 // bytes sent into a session that is gone were spent
	if s.fruitless > maxRenewals {
		s.fruitless--
		return e.stuck(s, TooManyRenewals, why)
	}
	e.emit(Renewing, func(p *Progress) { p.Reason, p.Attempt = describe(why), s.fruitless })
	t, err := e.opt.Renew(ctx, why)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fail(err)
	}
	e.mu.Lock()
	e.target = t
	e.missing, e.confirmed = ranges.Full(e.doc.Size()), nil // a new session starts empty
	e.mu.Unlock()
	s.renewWhy, s.failure, s.failRange = nil, nil, nil
	s.needSync, s.expires = true, time.Time{}
	s.seen, s.lastSent = nil, false // progress is counted afresh in the new session
	e.adoptFresh(s)
	return nil
}

// pause waits for Resume (or cancel), then resyncs.
func (e *Engine) pause(ctx context.Context, s *run) error {
	e.emit(Paused, nil)
	for {
		select {
		case <-e.wake:
		case <-ctx.Done():
			return ctx.Err()
		}
		e.mu.Lock()
		paused := e.paused
		if !paused {
			e.meter.last = e.opt.now() // the pause is not a slow link
		}
		e.mu.Unlock()
		if !paused {
			break
		}
	}
	s.needSync, s.progressAt, s.checkedAt = true, e.opt.now(), time.Time{}
	return nil
}

// cancel cleans up after the caller's context ended: DELETE the session and,
// unless the caller keeps it, cancel the job, both at once under one short
// deadline. Failures here are quiet: the session expires on its own.
func (e *Engine) cancel(ctx context.Context) error {
	cctx, stop := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer stop()
	var wg sync.WaitGroup
	wg.Go(func() { _ = e.Target().Delete(cctx) })
	if !e.opt.KeepJob && e.opt.CancelJob != nil {
		wg.Go(func() { _ = e.opt.CancelJob(cctx) })
	}
	wg.Wait()
	e.emit(Cancelled, nil)
	return ctx.Err()
}

// describe says in a few words why a retry or renewal happens.
func describe(err error) string {
	if err == errExpired {
		return err.Error()
	}
	if s := statusOf(err); s != 0 {
		return fmt.Sprintf("the print service answered %d %s", s, http.StatusText(s))
	}
	return "network error: " + safeText(err)
}
