package workflow

import (
	"context"
	"errors"
	"io"
	"time"

	"printdrop/internal/ranges"

	"printdrop/internal/graph"
	"printdrop/internal/upload"
)

var errNoDraft = errors.New("the draft upload protocol is not available in this build: use --protocol v1")

// newDraftSession opens a 2020 draft printUploadSession.
func (r *printRun) newDraftSession(ctx context.Context, props graph.DocumentProperties) (upload.Target, error) {
	return nil, errNoDraft
}

// resumeDraft rebuilds a draft session from a checkpoint.
func (r *printRun) resumeDraft(cp *upload.Checkpoint) upload.Target {
	return failingTarget{errNoDraft}
}

// failingTarget answers every call with err.
type failingTarget struct{ err error }

func (f failingTarget) Status(context.Context) (ranges.Set, time.Time, error) {
	return nil, time.Time{}, f.err
}
func (f failingTarget) Put(context.Context, ranges.Range, io.Reader) (ranges.Set, bool, error) {
	return nil, false, f.err
}
func (f failingTarget) Delete(context.Context) error { return f.err }
