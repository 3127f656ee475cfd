package workflow

import (
	"context"
	"errors"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/say"
	"printdrop/internal/upload"
)

// send runs the upload engine until the service has every byte.
func (r *printRun) send(ctx context.Context, target upload.Target) error {
	s := r.s
	set := s.Settings()
	eng, err := upload.New(r.file, target, upload.Options{
		ChunkSize: set.ChunkSize,
		Parallel:  set.Parallel,
		RetryFor:  s.p.NoProgressWindow,
		Renew:     r.renew,
		KeepJob:   r.req.KeepJob,
		CancelJob: func(ctx context.Context) error {
			if !r.created {
				return nil // a job the user picked stays theirs
			}
			return s.graph.CancelJob(ctx, r.shareID, r.jobID)
		},
		OnEvent: func(p upload.Progress) {
			r.upload = p
			r.emit(StageUploading, nil)
		},
	})
	if err != nil {
		r.abandon(err)
		return err
	}
	r.t.mu.Lock()
	r.t.engine = eng
	if r.t.paused {
		eng.Pause()
	}
	r.t.mu.Unlock()

	err = eng.Run(ctx)
	r.t.mu.Lock()
	r.t.engine = nil
	r.t.mu.Unlock()
	switch {
	case err == nil:
		_ = s.checks.Remove(r.file.Path(), r.shareID)
		return nil
	case ctx.Err() != nil:
		// The engine deleted the session and, unless KeepJob, cancelled
		// the job. A kept job keeps its checkpoint: the next run for the
		// same file renews the session and carries on.
		if !r.req.KeepJob {
			_ = s.checks.Remove(r.file.Path(), r.shareID)
		}
		return ctx.Err()
	}
	// A failed upload must not leave a job waiting forever.
	dctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	_ = eng.Target().Delete(dctx)
	cancel()
	r.abandon(err)
	return asLimit(err, true)
}

// startedAnyway asks the job whether a start whose answer failed took effect
// anyway: a lost answer, a 5xx after the fact, or a 400/409 because a first
// start already moved the job on. It returns the job's status when it left
// the states a job waits in before its start (paused, pending); known is
// false when the job could not be read, and then it must be left alone,
// since it may print.
func (r *printRun) startedAnyway(ctx context.Context) (started *graph.JobStatus, known bool) {
	job, err := r.s.graph.Job(ctx, r.shareID, r.jobID)
	if err != nil {
		return nil, false
	}
	switch job.Status.State {
	case graph.JobProcessing, graph.JobStopped, graph.JobCompleted, graph.JobAborted, graph.JobCanceled:
		return &job.Status, true
	}
	return nil, true
}

// startAndFollow starts the job and, unless NoWait, follows its status to a
// final state, with backoff between checks.
func (r *printRun) startAndFollow(ctx context.Context) (Result, error) {
	s := r.s
	res := r.result()
	r.emit(StageStarting, nil)
	if err := r.writeAhead(StepStarting, r.jobID); err != nil {
		r.abandon(err)
		return res, err
	}
	st, err := s.graph.StartJob(ctx, r.shareID, r.jobID)
	if err != nil {
		if ctx.Err() != nil {
			return res, err
		}
		started, known := r.startedAnyway(ctx)
		if started == nil {
			if known { // the job is still waiting: the start really failed
				r.abandon(err)
			}
			return res, err
		}
		st = *started
	}
	r.created = false // the job is the service's now: never cancelled behind the user's back
	res = withStatus(res, st)
	r.emit(StageWaiting, func(e *Event) { setStatus(e, st) })
	if r.req.NoWait || st.Terminal() {
		return r.finish(res)
	}
	return r.follow(ctx, res, st.State)
}

// follow polls a started job until it ends, with backoff between checks.
// It is the one follower of a job (Print and FollowJob), so every answer
// of the service means the same: a 404 is a finished job that aged out, a
// 4xx other than 429 ends the watch with that error, anything else is
// transient.
func (r *printRun) follow(ctx context.Context, res Result, lastState graph.JobState) (Result, error) {
	s := r.s
	delay := s.p.PollEvery
	for {
		select {
		case <-ctx.Done():
			return res, ctx.Err() // stop watching; the job prints on
		case <-time.After(delay):
		}
		delay = min(delay*3/2, s.p.PollMax)
		job, err := s.graph.Job(ctx, r.shareID, r.jobID)
		if err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			if graph.IsNotFound(err) { // finished jobs age out
				return r.finish(res)
			}
			var st interface{ HTTPStatus() int }
			if errors.As(err, &st) && st.HTTPStatus() < 500 && st.HTTPStatus() != 429 {
				return res, err
			}
			continue // transient: the graph client already retried; try later
		}
		res = withStatus(res, job.Status)
		if job.Status.State != lastState {
			lastState = job.Status.State
			r.emit(StageWaiting, func(e *Event) {
				setStatus(e, job.Status)
				if job.Status.State == graph.JobStopped {
					e.Message = r.stoppedMessage(ctx)
				}
			})
			delay = s.p.PollEvery
		}
		if job.Status.Terminal() {
			return r.finish(res)
		}
	}
}

// stoppedMessage explains a stopped job with the printer's own reason.
func (r *printRun) stoppedMessage(ctx context.Context) string {
	p, err := r.s.Printer(ctx, r.shareID) // always read: the reason is news
	if err == nil && p.Readiness.Reason != "" {
		return say.T("The printer stopped ({{.Reason}}): the job waits until someone fixes it.", say.Args{"Reason": p.Readiness.Reason})
	}
	return say.T("The printer stopped: the job waits until someone fixes it.")
}

// finish reports the end. Telling the desktop is the window's (it knows
// whether anyone is looking); the command line prints the result.
func (r *printRun) finish(res Result) (Result, error) {
	r.emit(StageDone, func(e *Event) {
		e.JobState, e.JobDetails, e.JobDescription = res.State, res.Details, res.Description
	})
	return res, nil
}

func withStatus(res Result, st graph.JobStatus) Result {
	res.State, res.Description = string(st.State), st.Description
	res.Details = strs(st.Details)
	return res
}

func setStatus(e *Event, st graph.JobStatus) {
	e.JobState, e.JobDetails, e.JobDescription = string(st.State), strs(st.Details), st.Description
}
