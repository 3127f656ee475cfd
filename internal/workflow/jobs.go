package workflow

import (
	"context"

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

// Discard forgets an interrupted upload and cancels its job.
func (s *Service) Discard(ctx context.Context, cp upload.Checkpoint) error {
	if err := s.graph.CancelJob(ctx, cp.ShareID, cp.JobID); err != nil && !graph.IsNotFound(err) {
		return err
	}
	return s.checks.Remove(cp.FilePath, cp.ShareID)
}
