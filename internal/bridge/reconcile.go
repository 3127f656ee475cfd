package bridge

import (
	"context"
	"errors"
	"time"

	"printdrop/internal/workflow"
)

// A job's phase, kept in its manifest, says how far its print went, so a
// bridge that was killed at any moment carries each CUPS job on as one
// Universal Print job, printed once. Each phase is written before the
// request that would make it out of date goes out (workflow's WriteAhead):
// after a crash the service is at most one step ahead of the manifest, and
// Resume asks it which.
const (
	phaseSpooled  = "spooled"  // the document is here; nothing sent yet
	phaseCreating = "creating" // a create request may be out (intent_at)
	phaseCreated  = "created"  // up_job_id exists and waits for the document
	phaseStarting = "starting" // the upload is done; a start may be out
	phaseStarted  = "started"  // the service prints it; follow it
)

// knownPhase reports whether a manifest's phase is one of the above (an
// empty one is a manifest from before phases).
func knownPhase(p string) bool {
	switch p {
	case "", phaseSpooled, phaseCreating, phaseCreated, phaseStarting, phaseStarted:
		return true
	}
	return false
}

// needsUPJob reports whether a phase names a Universal Print job.
func needsUPJob(p string) bool {
	return p == phaseCreated || p == phaseStarting || p == phaseStarted
}

// writeAhead records a step of a print in the job's manifest before the
// request it names goes out. An error stops the print (the workflow
// cancels a job it created): a request that is not on disk first could be
// repeated by the next run.
func (s *Server) writeAhead(j *job, step workflow.WriteAheadStep, upJobID string) error {
	s.mu.Lock()
	switch step {
	case workflow.StepCreating:
		j.phase, j.intentAt = phaseCreating, time.Now()
	case workflow.StepCreated:
		j.phase, j.upJobID = phaseCreated, upJobID
	case workflow.StepStarting:
		j.phase, j.upJobID = phaseStarting, upJobID
	}
	s.mu.Unlock()
	return s.saveManifest(j)
}

// Resume carries on the jobs a previous run left, each from its phase:
//   - started: followed to its end;
//   - created or starting: the service is asked how far the job got. One
//     holding its whole document is started (if it was not) and followed;
//     one still missing part of it gets the document again: the kept
//     upload resumes, or without one (no keychain) the document is sent
//     again into the same job, so no job is left behind;
//   - creating: a job the lost create request may have made is cancelled
//     (it is empty and never prints), then the document is printed;
//   - spooled: printed (a kept upload of it resumes).
func (s *Server) Resume(ctx context.Context) {
	s.mu.Lock()
	var list []*job
	var recorded []string
	for _, j := range s.sortedJobs() {
		if j.state < stateCanceled && j.task == nil {
			list = append(list, j)
		}
		if j.upJobID != "" {
			recorded = append(recorded, j.upJobID)
		}
	}
	s.mu.Unlock()
	for _, j := range list {
		if err := s.reconcile(ctx, j, recorded); err != nil {
			head, next, _ := workflow.Explain(err)
			msg := workflow.Sentences(head, next)
			s.end(j, stateAborted, "aborted-by-system", msg)
		}
	}
}

// reconcile carries one job on from its phase (see Resume).
func (s *Server) reconcile(ctx context.Context, j *job, recorded []string) error {
	s.mu.Lock()
	phase, upJobID, intentAt := j.phase, j.upJobID, j.intentAt
	s.mu.Unlock()
	p, _ := s.refresh(ctx, s.printers[j.shareID])
	switch phase {
	case phaseStarted, phaseCreated, phaseStarting:
		err := s.followUP(j, p, upJobID, phase != phaseStarted)
		var gone *workflow.JobGoneError
		switch {
		case err == nil:
			return nil
		case errors.Is(err, workflow.ErrJobWantsDocument):
			return s.start(j, p, s.keptJob(j, upJobID))
		case errors.As(err, &gone) && phase == phaseCreated:
			// Cancelled or deleted before it got its document: nothing
			// printed, so print it anew.
			return s.start(j, p, "")
		case errors.As(err, &gone):
			// Started, then aged out while the bridge was down.
			s.end(j, stateCompleted, "job-completed-successfully", agedOut())
			return nil
		}
		return err
	case phaseCreating:
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		n, err := s.cfg.Service.CancelLostCreates(cctx, j.shareID, j.settings, intentAt, recorded...)
		cancel()
		if err != nil {
			s.log.Warn("could not look for a job left by an interrupted create", "job", j.id, "err", err)
		} else if n > 0 {
			s.log.Info("cancelled the empty job an interrupted create left", "job", j.id, "count", n)
		}
	}
	return s.start(j, p, "")
}

// followUP follows (and, with mayStart, starts) the job's Universal Print
// job after a restart.
func (s *Server) followUP(j *job, p workflow.Printer, upJobID string, mayStart bool) error {
	s.mu.Lock()
	j.upJobID = upJobID
	s.mu.Unlock()
	// Like a print, the task runs under the server's context (the Graph
	// client bounds each request, the first read included).
	task, err := s.cfg.Service.FollowJob(s.jobsCtx, workflow.FollowRequest{
		Printer: p, JobID: upJobID, Name: j.name, Size: j.size, Start: mayStart,
		OnEvent:    func(e workflow.Event) { s.onEvent(j, e) },
		WriteAhead: func(step workflow.WriteAheadStep, id string) error { return s.writeAhead(j, step, id) },
	})
	if err != nil {
		return err
	}
	s.watch(j, task)
	return nil
}

// keptJob is the Universal Print job to upload the document into again:
// none when the workflow kept the interrupted upload (printing the file
// again resumes it), else the job itself, so it is used, not orphaned.
func (s *Server) keptJob(j *job, upJobID string) string {
	if s.cfg.Service.InterruptedJob(s.docPath(j.id), j.shareID) == upJobID {
		return ""
	}
	return upJobID
}
