package workflow

import (
	"context"

	"printdrop/internal/graph"
	"printdrop/internal/upload"
)

// newDraftSession opens a 2020 draft printUploadSession (printer route,
// bearer on every request, ETag for If-Match). The checkpoint keeps the
// ETag in its own field: there is no upload URL.
func (r *printRun) newDraftSession(ctx context.Context, props graph.DocumentProperties) (upload.Target, error) {
	ds, err := r.s.graph.CreateDraftUploadSession(ctx, r.printerID, r.jobID, r.docID, props)
	if err != nil {
		return nil, asLimit(err, true)
	}
	r.checkpoint("", ds.ETag(), ds.Expires())
	return ds, nil
}

// resumeDraft rebuilds a draft session from a checkpoint.
func (r *printRun) resumeDraft(cp *upload.Checkpoint) upload.Target {
	return r.s.graph.ResumeDraftSession(cp.PrinterID, cp.JobID, cp.DocumentID, cp.DraftETag, cp.Size)
}
