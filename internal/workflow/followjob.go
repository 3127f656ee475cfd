package workflow

import (
	"context"
	"errors"
	"fmt"

	"printdrop/internal/graph"
)

// FollowRequest is a job an earlier run created, to carry to its end after
// a restart: started when it already holds its whole document, then
// followed like any print.
type FollowRequest struct {
	Printer Printer // the job's share
	JobID   string
	// Name and Size describe the document: a job holding Size bytes
	// uploaded may be started (Start); Name is for events.
	Name string
	Size int64
	// Start starts a job that holds its whole document but was never
	// started (a crash between the upload and the start, or during it).
	Start bool
	// OnEvent and WriteAhead are as in PrintRequest.
	OnEvent    func(Event)
	WriteAhead func(step WriteAheadStep, jobID string) error
}

// ErrJobWantsDocument is a job that still waits for (part of) its
// document: print the file again, which resumes the upload when it was
// kept, or uploads into the same job (PrintRequest.JobID).
var ErrJobWantsDocument = errors.New("the job still waits for its document")

// JobGoneError is a job the service no longer lists: finished jobs age
// out, and a cancelled or deleted one is gone too.
type JobGoneError struct{ JobID string }

func (e *JobGoneError) Error() string {
	return fmt.Sprintf("Universal Print no longer lists job %s", e.JobID)
}

// FollowJob reads the job once and, when it has started or can be started
// now, follows it in the background with the same rules as Print: the
// same start (recorded first with WriteAhead), the same verdict for every
// answer of the service. It returns ErrJobWantsDocument for a job still
// missing its document, a *JobGoneError for one the service no longer
// lists, and the service's error when the job cannot be read.
func (s *Service) FollowJob(ctx context.Context, req FollowRequest) (*PrintTask, error) {
	shareID := req.Printer.ID()
	job, err := s.graph.Job(ctx, shareID, req.JobID)
	if graph.IsNotFound(err) {
		return nil, &JobGoneError{JobID: req.JobID}
	}
	if err != nil {
		return nil, err
	}
	// A job not yet started is paused (uploadPending until its document is
	// in, at least); a started one is pending in the printer's queue,
	// processing, stopped or ended, and must never be started again.
	waiting := job.Status.State == graph.JobPaused && !job.Status.IsAcquiredByPrinter
	if waiting && (!req.Start || !holdsDocument(job, req.Size)) {
		return nil, ErrJobWantsDocument
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, cancel)
	t := &PrintTask{cancel: cancel, done: make(chan struct{})}
	r := &printRun{s: s, t: t, shareID: shareID, jobID: job.ID, name: req.Name, size: req.Size, resumed: true,
		req: PrintRequest{Printer: req.Printer, OnEvent: req.OnEvent, WriteAhead: req.WriteAhead}}
	go func() {
		defer close(t.done)
		defer stop()
		defer cancel()
		res, err := r.followFrom(graph.WithRetryObserver(runCtx, r.onRetry), job, waiting)
		t.mu.Lock()
		t.res, t.err = res, err
		t.mu.Unlock()
	}()
	return t, nil
}

// followFrom starts the job (when waiting) and follows it.
func (r *printRun) followFrom(ctx context.Context, job graph.Job, waiting bool) (Result, error) {
	if waiting {
		return r.startAndFollow(ctx)
	}
	res := withStatus(r.result(), job.Status)
	r.emit(StageWaiting, func(e *Event) { setStatus(e, job.Status) })
	if job.Status.Terminal() {
		return r.finish(res)
	}
	return r.follow(ctx, res, job.Status.State)
}

// holdsDocument reports whether the job's document is uploaded whole.
func holdsDocument(job graph.Job, size int64) bool {
	return len(job.Documents) > 0 && job.Documents[0].Size == size && !job.Documents[0].UploadedDateTime.IsZero()
}
