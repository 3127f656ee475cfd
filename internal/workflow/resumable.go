package workflow

import (
	"context"
	"os"

	"printdrop/internal/upload"
)

// Resumable lists the interrupted uploads the signed-in user can resume
// now: theirs, of a file that is still there, the same size and age as
// when its upload began. A record of the user's that can no longer resume
// (the file was moved, changed or removed) is discarded on the way, its
// job cancelled, and logged, never offered: resuming it could only fail.
// Uploads of another account on this machine are left alone.
func (s *Service) Resumable(ctx context.Context) ([]upload.Checkpoint, error) {
	all, err := s.checks.List()
	if err != nil {
		return nil, err
	}
	s.sweepKept(all)
	me, _ := s.Account()
	var out []upload.Checkpoint
	for _, cp := range all {
		if cp.Account != "" && me.ID != "" && cp.Account != me.ID {
			continue
		}
		if why := unresumable(cp); why != "" {
			s.log.Info("forgetting an interrupted upload that cannot resume", "name", cp.Name, "why", why)
			if err := s.Discard(ctx, cp); err != nil {
				s.log.Warn("could not cancel the job of an upload that cannot resume", "job", cp.JobID, "err", err)
			}
			continue
		}
		out = append(out, cp)
	}
	return out, nil
}

// unresumable says why cp's file is no longer the one it was uploading,
// from the file's metadata alone (the fingerprint is checked on resume);
// "" when it still is.
func unresumable(cp upload.Checkpoint) string {
	fi, err := os.Stat(cp.FilePath)
	switch {
	case err != nil:
		return "the file is gone"
	case !fi.Mode().IsRegular():
		return "the path is no longer a file"
	case fi.Size() != cp.Size || !fi.ModTime().Equal(cp.ModTime):
		return "the file changed"
	}
	return ""
}
