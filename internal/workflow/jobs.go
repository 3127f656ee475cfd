package workflow

import (
	"context"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/upload"
)

// WaitingJobs lists the signed-in user's jobs on a share that still wait
// for their document (paused, uploadPending), newest first, so the window
// can offer to upload into one instead of creating another.
func (s *Service) WaitingJobs(ctx context.Context, shareID string) ([]graph.Job, error) {
	jobs, err := s.graph.Jobs(ctx, shareID, graph.JobQuery{CreatedBy: "me"})
	if err != nil {
		return nil, err
	}
	var out []graph.Job
	for _, j := range jobs {
		if waitsForDocument(j) {
			out = append(out, j)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// waitsForDocument reports a job created but not yet given its document.
func waitsForDocument(j graph.Job) bool {
	return j.Status.State == graph.JobPaused && j.Status.Has(graph.JobUploadPending)
}

// Interrupted lists uploads a previous run left unfinished (crash, kill,
// kept job), so the window can offer to resume them at start. Printing the
// same file to the same share again resumes it.
func (s *Service) Interrupted() ([]upload.Checkpoint, error) {
	return s.checks.List()
}

// Discard forgets an interrupted upload and cancels its job; the PDF a
// conversion made for it goes too.
func (s *Service) Discard(ctx context.Context, cp upload.Checkpoint) error {
	if err := s.graph.CancelJob(ctx, cp.ShareID, cp.JobID); err != nil && !graph.IsNotFound(err) {
		return err
	}
	if err := s.checks.Remove(cp.FilePath, cp.ShareID); err != nil {
		return err
	}
	if s.isKept(cp.FilePath) {
		s.dropKept(cp.FilePath, cp.ShareID)
	}
	return nil
}

// CancelJob cancels one of the user's jobs; one the service no longer
// lists counts as cancelled.
func (s *Service) CancelJob(ctx context.Context, shareID, jobID string) error {
	if err := s.graph.CancelJob(ctx, shareID, jobID); err != nil && !graph.IsNotFound(err) {
		return err
	}
	return nil
}

// CancelLostCreates cancels what a create request sent at since may have
// left on the share when its sender crashed before the answer came: the
// user's jobs created from then on with these settings, still empty and
// waiting for their document, and not held by an interrupted upload (which
// another print may resume). Such a job never prints; cancelling it keeps
// it from counting against the user's unfinished jobs. It returns how many
// it cancelled. Jobs named in except (the caller's own, recorded) stay.
func (s *Service) CancelLostCreates(ctx context.Context, shareID string, settings JobSettings, since time.Time, except ...string) (int, error) {
	cfg, err := settings.Configuration()
	if err != nil {
		return 0, err
	}
	found, err := s.graph.FindCreatedJobs(ctx, shareID, cfg, since)
	if err != nil {
		return 0, err
	}
	held := map[string]bool{}
	for _, id := range except {
		held[id] = true
	}
	if cps, err := s.checks.List(); err == nil {
		for _, cp := range cps {
			held[cp.JobID] = true
		}
	}
	n := 0
	for _, j := range found {
		if held[j.ID] {
			continue
		}
		if err := s.CancelJob(ctx, shareID, j.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// InterruptedJob is the job of a kept interrupted upload of path to the
// share ("" when there is none): printing the same file there again
// resumes it.
func (s *Service) InterruptedJob(path, shareID string) string {
	cps, err := s.checks.List()
	if err != nil {
		return ""
	}
	for _, cp := range cps {
		if cp.FilePath == path && cp.ShareID == shareID {
			return cp.JobID
		}
	}
	return ""
}

// DiscardUpload forgets a kept interrupted upload of path to the share and
// cancels its job. found is false when there was none.
func (s *Service) DiscardUpload(ctx context.Context, path, shareID string) (found bool, err error) {
	cps, err := s.checks.List()
	if err != nil {
		return false, err
	}
	for _, cp := range cps {
		if cp.FilePath == path && cp.ShareID == shareID {
			return true, s.Discard(ctx, cp)
		}
	}
	return false, nil
}
