package upload

import (
	"context"
	"io"
	"time"

	"printdrop/internal/ranges"
)

// dispatch starts PUTs until Parallel are in flight or nothing is left
// (one at a time, lowest offset first, once the server wants ranges in order).
func (e *Engine) dispatch(wctx context.Context, s *run) error {
	started := 0
	fromEmpty := s.inflight == 0
	parallel, order := e.opt.Parallel, e.opt.Order
	if s.inOrder {
		parallel, order = 1, Sequential
	}
	for s.inflight < parallel {
		e.mu.Lock()
		todo := e.missing.Subtract(e.inflight)
		r, ok := nextChunk(todo, e.opt.ChunkSize, order)
		before, t := e.confirmed, e.target
		e.mu.Unlock()
		if !ok {
			break
		}
		if fromEmpty && !s.inOrder {
			r = e.ramp(r, started)
		}
		// Re-check the document now and then, and always before the chunk
		// that can complete the upload: a file edited mid-upload must never
		// be linked to the job as a mix of two versions.
		last := todo.Size() == r.Len()
		if last || e.opt.now().Sub(s.checkedAt) >= e.opt.CheckEvery {
			if err := e.doc.Check(); err != nil {
				return err
			}
			s.checkedAt = e.opt.now()
		}
		if s.sent+r.Len() > e.budget() {
			return e.stuck(s, TooManyBytes, s.lastErr)
		}
		s.sent += r.Len()
		s.lastSent = s.lastSent || last
		e.mu.Lock()
		e.inflight = e.inflight.Add(r)
		e.mu.Unlock()
		s.inflight++
		started++
		go e.put(wctx, t, r, before, s.inOrder, s.results)
	}
	if started > 0 {
		e.emit(Uploading, nil)
	}
	return nil
}

// ramp shortens the i-th chunk of a pipeline started from empty to
// (i+1)/Parallel of a chunk (in whole ChunkUnits). PUTs started together
// would share the link evenly, finish together and leave it idle for a round
// trip while all wait for their answers, every round; staggered sizes keep
// them out of step, so one is always sending. The rest of each grid cell
// is sent as its own chunk.
func (e *Engine) ramp(r ranges.Range, i int) ranges.Range {
	units := e.opt.ChunkSize / ChunkUnit
	if e.opt.Parallel < 2 || units < int64(e.opt.Parallel) {
		return r
	}
	n := units * int64(i+1) / int64(e.opt.Parallel) * ChunkUnit
	if r.Len() <= n {
		return r
	}
	if e.opt.Order == Reverse {
		return ranges.Range{Start: r.End - n + 1, End: r.End}
	}
	return ranges.Range{Start: r.Start, End: r.Start + n - 1}
}

func (e *Engine) put(ctx context.Context, t Target, r ranges.Range, before ranges.Set, inOrder bool, out chan<- putResult) {
	ctx, cancel := context.WithTimeout(ctx, e.opt.PutTimeout)
	defer cancel()
	missing, done, err := t.Put(ctx, r, io.NewSectionReader(e.doc, r.Start, r.Len()))
	out <- putResult{r: r, before: before, missing: missing, done: done, err: err, inOrder: inOrder}
}

// await waits for one PUT result, a pause/resume nudge, or the end of the
// no-progress window (the loop then stops the run, even if a PUT hangs).
func (e *Engine) await(ctx context.Context, s *run) error {
	window := time.NewTimer(max(s.progressAt.Add(e.opt.RetryFor).Sub(e.opt.now()), 0))
	defer window.Stop()
	select {
	case res := <-s.results:
		return e.onResult(s, res)
	case <-e.wake:
		return nil
	case <-window.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// onResult folds one PUT's answer into what we know.
func (e *Engine) onResult(s *run, res putResult) error {
	s.inflight--
	e.mu.Lock()
	e.inflight = e.inflight.Subtract(ranges.Set{res.r})
	e.mu.Unlock()
	if res.err != nil {
		if s.done {
			return nil // a straggler after the 201: the session is gone, nothing to do
		}
		s.lastErr, s.lastRange = res.err, &res.r
		if err := e.unusableAnswer(s, res.err); err != nil {
			return err
		}
		return e.onPutError(s, res)
	}
	if res.done {
		e.acknowledge(s, nil)
		s.done = true
		return nil
	}
	size := e.doc.Size()
	// The server's answer may not claim a byte is missing that it had
	// already confirmed before this PUT left, nor the range we just sent.
	if res.missing.Overlaps(res.r) || intersect(res.missing, res.before, size).Size() > 0 {
		// Counted as evidence, but no progress: a service that answers
		// every PUT this way runs into the window and the byte budget.
		if res.missing.Overlaps(res.r) {
			s.repeats++
		} else {
			s.retracted++
		}
		s.needSync = true
		return nil
	}
	e.mu.Lock()
	merged := intersect(e.missing, res.missing, size) // replies race; what arrived stays arrived
	e.mu.Unlock()
	e.acknowledge(s, merged)
	return nil
}

// acknowledge records the server's new missing set (nil: nothing missing)
// and the progress it means: only bytes this session never acknowledged
// before count (see bounds.go), so taking bytes back and acknowledging
// them again is no progress.
func (e *Engine) acknowledge(s *run, missing ranges.Set) {
	now := e.opt.now()
	confirmed := missing.Missing(e.doc.Size())
	if intersect(missing, s.seen, e.doc.Size()).Size() > 0 {
		s.retracted++
	}
	seen := s.seen.Union(confirmed)
	gained := seen.Size() - s.seen.Size()
	s.seen = seen
	e.mu.Lock()
	e.missing = missing
	e.confirmed = confirmed
	if gained > 0 {
		e.meter.add(gained, now)
	}
	e.mu.Unlock()
	if gained > 0 {
		s.progressAt, s.attempts = now, 0
	}
	e.emit(Uploading, nil)
}

func (e *Engine) onPutError(s *run, res putResult) error {
	r := res.r
	switch classify(res.err) {
	case classResync:
		if outOfOrder(res.err) && !res.inOrder {
			// A service that takes ranges only in order (as some upload
			// services do) refuses our parallel PUTs. That is no failure:
			// fall back to one PUT at a time from the first missing byte,
			// for the rest of the run. Refusals of the PUTs already out
			// are expected and not counted as resyncs.
			s.inOrder, s.needSync = true, true
			return nil
		}
		e.resync(s, res.err, r)
	case classRenew:
		s.renewWhy = res.err
	case classRetry:
		// Bytes the service refused with a transient status are paced by
		// the backoff and bounded by the window, not charged to the
		// budget, unless the session turns out to be gone (renew charges
		// them then): a short outage must not end a small document's
		// upload. A network failure or an unreadable answer is charged:
		// the bytes went out, and may even have been taken.
		if statusOf(res.err) != 0 {
			s.sent -= r.Len()
			s.owed += r.Len()
		}
		if s.failure == nil {
			s.failure, s.failRange = res.err, &r
		}
	default:
		return &Error{Name: e.doc.Name(), Op: "PUT", Range: r, Status: statusOf(res.err), Attempts: s.attempts + 1,
			Waited: e.opt.now().Sub(s.progressAt), Err: res.err}
	}
	return nil
}
