package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/httpsonly"
	"printdrop/internal/ranges"
	"printdrop/internal/say"
	"printdrop/internal/upload"
)

// newSession opens an upload session for the current job's document, with
// the protocol in the settings, and records a checkpoint for it.
func (r *printRun) newSession(ctx context.Context) (upload.Target, error) {
	s := r.s
	props := r.docProps()
	if s.Settings().Protocol == ProtocolDraft {
		if r.printerID == "" {
			id, err := s.graph.SharePrinterID(ctx, r.shareID)
			if err != nil {
				return nil, err
			}
			r.printerID = id
		}
		return r.newDraftSession(ctx, props)
	}
	us, err := s.graph.CreateUploadSession(ctx, r.shareID, r.jobID, r.docID, props)
	if err != nil {
		return nil, asLimit(err, true)
	}
	r.checkpoint(us.URL(), "", us.Expires())
	return us, nil
}

// resume picks up an interrupted upload of the same file to the same share
// (unless Restart, which cancels the job it left). ok is false when there
// is nothing to resume.
func (r *printRun) resume(ctx context.Context) (upload.Target, bool) {
	s := r.s
	path := r.file.Path()
	left := r.leftJob()
	if r.req.Restart {
		if left != "" {
			r.cancelLeft(ctx, left, say.T("Started over: cancelled job {{.Job}} of the interrupted upload.", say.Args{"Job": left}))
		}
		_ = s.checks.Remove(path, r.shareID)
		return nil, false
	}
	cp, err := s.checks.Find(path, r.shareID)
	var changed *upload.CheckpointChangedError
	switch {
	case errors.As(err, &changed):
		if left != "" {
			r.cancelLeft(ctx, left, say.T("The file changed since its upload was interrupted: cancelled job {{.Job}} and starting again.", say.Args{"Job": left}))
		}
		return nil, false
	case err != nil:
		return r.reuseLeft(ctx, left)
	}
	if cp.Protocol != string(ProtocolDraft) {
		if err := httpsonly.CheckString("the upload URL", cp.UploadURL.Reveal()); err != nil {
			// Stored by an older PrintDrop that took plain http: never send
			// the document there; start over on a new session.
			_ = s.checks.Remove(path, r.shareID)
			if left != "" {
				r.cancelLeft(ctx, left, say.T("The interrupted upload of job {{.Job}} used plain http, which PrintDrop no longer allows: cancelled it and starting again.", say.Args{"Job": left}))
			}
			return nil, false
		}
	}
	if cp.Protocol != string(s.Settings().Protocol) {
		// The other protocol's session cannot be reached from here: keep
		// the job, open a session of this protocol for its document.
		r.jobID, r.docID, r.printerID, r.created, r.resumed = cp.JobID, cp.DocumentID, cp.PrinterID, true, true
		r.say(StageUploading, say.T("Resuming job {{.Job}}, interrupted earlier, in a new upload session.", say.Args{"Job": cp.JobID}))
		t, err := r.newSession(ctx)
		if err != nil {
			return nil, false
		}
		return t, true
	}
	r.jobID, r.docID, r.printerID, r.created, r.resumed = cp.JobID, cp.DocumentID, cp.PrinterID, true, true
	r.say(StageUploading, say.T("Resuming the upload of job {{.Job}}, interrupted earlier.", say.Args{"Job": cp.JobID}))
	if cp.Protocol == string(ProtocolDraft) {
		return r.resumeDraft(cp), true
	}
	return s.graph.ResumeUploadSession(cp.UploadURL.Reveal(), cp.Size), true
}

// leftJob is the job id of a stored checkpoint for this file and share,
// read before Find may discard it, so a stale job can still be cancelled.
func (r *printRun) leftJob() string {
	cp, _ := r.leftCheckpoint()
	return cp.JobID
}

// leftCheckpoint is the stored checkpoint for this file and share, as
// listed (its upload URL may be lost: see reuseLeft).
func (r *printRun) leftCheckpoint() (upload.Checkpoint, bool) {
	list, err := r.s.checks.List()
	if err != nil {
		return upload.Checkpoint{}, false
	}
	for _, cp := range list {
		if cp.FilePath == r.file.Path() && cp.ShareID == r.shareID {
			return cp, true
		}
	}
	return upload.Checkpoint{}, false
}

// reuseLeft carries on an interrupted upload whose session cannot be
// reached any more (its URL was kept in memory only, without a keychain,
// or could not be read back): the document goes again, whole, into the
// job the upload was for, in a new session, so that job is used rather
// than left waiting beside a new one. When the job no longer takes a
// document it is cancelled and ok is false (a new job is created).
func (r *printRun) reuseLeft(ctx context.Context, jobID string) (upload.Target, bool) {
	cp, found := r.leftCheckpoint()
	if jobID == "" || !found || cp.JobID != jobID || cp.DocumentID == "" || cp.Fingerprint != r.file.Fingerprint() {
		if jobID != "" {
			r.cancelLeft(ctx, jobID, say.T("The interrupted upload of job {{.Job}} could not be resumed: cancelled it and starting again.", say.Args{"Job": jobID}))
		}
		_ = r.s.checks.Remove(r.file.Path(), r.shareID)
		return nil, false
	}
	r.jobID, r.docID, r.printerID, r.created, r.resumed = cp.JobID, cp.DocumentID, cp.PrinterID, true, true
	t, err := r.newSession(ctx)
	if err != nil {
		r.cancelLeft(ctx, jobID, say.T("Job {{.Job}} of the interrupted upload no longer takes its document: cancelled it and starting again.", say.Args{"Job": jobID}))
		r.jobID, r.docID, r.created, r.resumed = "", "", false, false
		return nil, false
	}
	r.say(StageUploading, say.T("Sending the document again into job {{.Job}}: its interrupted upload could not be resumed.", say.Args{"Job": jobID}))
	return t, true
}

func (r *printRun) cancelLeft(ctx context.Context, jobID, msg string) {
	if err := r.s.graph.CancelJob(ctx, r.shareID, jobID); err != nil && !graph.IsNotFound(err) {
		r.s.log.Warn("could not cancel the job of an interrupted upload", "job", jobID, "err", err)
		return
	}
	r.say(StageCreating, msg)
}

// renew is the engine's Renew hook: a new session for the same document,
// or when the job no longer takes one, a new job (the old one cancelled).
func (r *printRun) renew(ctx context.Context, reason error) (upload.Target, error) {
	t, err := r.newSession(ctx)
	if err == nil {
		r.say(StageUploading, say.T("The upload session ended ({{.Reason}}): continuing in a new one.", say.Args{"Reason": Redact(reason.Error())}))
		return t, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if status := HTTPStatus(err); status != 400 && status != 404 && status != 409 {
		return nil, err
	}
	if r.documentComplete(ctx) {
		// The last PUT landed but its 201 was lost: the session is gone
		// because the upload finished, not because it failed.
		return completedTarget{}, nil
	}
	old := r.jobID
	if err := r.createJob(ctx); err != nil {
		return nil, err
	}
	if cerr := r.s.graph.CancelJob(ctx, r.shareID, old); cerr != nil && !graph.IsNotFound(cerr) {
		r.s.log.Warn("could not cancel the job replaced after its session ended", "job", old, "err", cerr)
	}
	r.say(StageUploading, say.T("Job {{.Old}} could no longer take the document: continuing in new job {{.New}}.", say.Args{"Old": old, "New": r.jobID}))
	t, err = r.newSession(ctx)
	if err != nil {
		return nil, fmt.Errorf("opening an upload session for the new job %s: %w", r.jobID, err)
	}
	return t, nil
}

// documentComplete reports whether the job already holds the whole
// document, as after a final PUT whose answer was lost.
func (r *printRun) documentComplete(ctx context.Context) bool {
	job, err := r.s.graph.Job(ctx, r.shareID, r.jobID)
	if err != nil {
		return false
	}
	for _, d := range job.Documents {
		if d.ID == r.docID && d.Size == r.file.Size() && !d.UploadedDateTime.IsZero() {
			return true
		}
	}
	return false
}

// completedTarget stands for an upload the server has finished: nothing is
// missing, so the engine ends as completed on its first status check.
type completedTarget struct{}

func (completedTarget) Status(context.Context) (ranges.Set, time.Time, error) {
	return nil, time.Time{}, nil
}

func (completedTarget) Put(context.Context, ranges.Range, io.Reader) (ranges.Set, bool, error) {
	return nil, true, nil
}

func (completedTarget) Delete(context.Context) error { return nil }

// A v1.0 session just created tells the engine what it needs, so the
// upload starts without a status read.
var _ upload.Fresh = (*graph.UploadSession)(nil)
