package workflow

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/say"
)

// Printing a job again: from the file this machine printed, where it is
// still there unchanged, or else from the service's copy of the document
// where the service still keeps it (isFetchable).

// NoReprintReason says why a job cannot be printed again.
type NoReprintReason int

// The reasons a reprint is refused.
const (
	NoReprintUnknownJob NoReprintReason = iota + 1 // not among the user's recent jobs
	NoReprintNoCopy                                // no local file and the service keeps no copy
)

// NoReprintError says why a job cannot be printed again, and what to do.
type NoReprintError struct {
	Reason NoReprintReason
	JobID  string
	Msg    string
}

func (e *NoReprintError) Error() string { return e.Msg }

// FindJob finds one of the user's recent jobs by id (within the budget of
// Jobs); a *NoReprintError with NoReprintUnknownJob when it is not there.
func (s *Service) FindJob(ctx context.Context, jobID string) (JobEntry, error) {
	jobs, err := s.Jobs(ctx)
	if err != nil {
		return JobEntry{}, err
	}
	for _, j := range jobs {
		if j.ID == jobID {
			return j, nil
		}
	}
	return JobEntry{}, &NoReprintError{Reason: NoReprintUnknownJob, JobID: jobID,
		Msg: say.T("Job {{.Job}} is not among your recent jobs (the service keeps finished jobs for a limited time). Run \"printdrop jobs\" to see them.", say.Args{"Job": jobID})}
}

// Reprint is a print again, ready for Print. Close removes the service's
// copy when that is what it prints.
type Reprint struct {
	Request PrintRequest
	// FromService is true when the bytes are the service's copy (the local
	// file is gone or changed since).
	FromService bool
	tmpDir      string
}

// Close removes a downloaded copy; safe to call more than once.
func (r *Reprint) Close() error {
	if r.tmpDir == "" {
		return nil
	}
	err := os.RemoveAll(r.tmpDir)
	r.tmpDir = ""
	return err
}

// PrepareReprint makes a new print of job e on the same printer with the
// same settings (the printer's defaults when this machine did not send
// it): from its local file when that still exists unchanged, else from
// the service's copy when the job is fetchable, else a *NoReprintError.
func (s *Service) PrepareReprint(ctx context.Context, e JobEntry) (*Reprint, error) {
	p, err := s.Printer(ctx, e.ShareID)
	if err != nil {
		return nil, err
	}
	req := PrintRequest{Printer: p, JobSettings: p.Defaults, DocumentName: e.DocumentName}
	sj, sent := s.sentJob(e.ShareID, e.ID)
	if sent {
		req.JobSettings = sj.Settings
		if fi, err := os.Stat(sj.Path); sj.Path != "" && err == nil && fi.Size() == sj.Size && fi.ModTime().Equal(sj.ModTime) {
			req.Path = sj.Path
			return &Reprint{Request: req}, nil
		}
	}
	if !e.Fetchable || e.DocumentID == "" {
		msg := say.T("Job {{.Job}} cannot be printed again: it was not sent from this computer, and the service no longer keeps its document. Print the file again from where you keep it.", say.Args{"Job": e.ID})
		if sent && sj.Path != "" {
			msg = say.T("Job {{.Job}} cannot be printed again: the file {{.Path}} is gone or has changed since, and the service no longer keeps its document. Print the file again from where you keep it.", say.Args{"Job": e.ID, "Path": sj.Path})
		}
		return nil, &NoReprintError{Reason: NoReprintNoCopy, JobID: e.ID, Msg: msg}
	}
	dir, err := os.MkdirTemp("", "printdrop-reprint-")
	if err != nil {
		return nil, fmt.Errorf("make room for the service's copy of job %s: %w", e.ID, err)
	}
	path := filepath.Join(dir, safeFileName(cmp.Or(e.DocumentName, "document-"+e.ID)))
	if err := s.download(ctx, e, path); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	req.Path = path
	return &Reprint{Request: req, FromService: true, tmpDir: dir}, nil
}

// download copies the service's document of e into path, within a time bound.
func (s *Service) download(ctx context.Context, e JobEntry, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	body, err := s.graph.DownloadDocument(ctx, e.ShareID, e.ID, e.DocumentID)
	if graph.IsNotFound(err) {
		return &NoReprintError{Reason: NoReprintNoCopy, JobID: e.ID,
			Msg: say.T("Job {{.Job}} cannot be printed again: the service no longer keeps its document. Print the file again from where you keep it.", say.Args{"Job": e.ID})}
	}
	if err != nil {
		return err
	}
	defer body.Close()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("keep the service's copy of job %s: %w", e.ID, err)
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("download the service's copy of job %s: %w", e.ID, err)
	}
	return nil
}

// safeFileName keeps a document name usable as one file name.
func safeFileName(name string) string {
	name = filepath.Base(strings.NewReplacer("/", "_", "\\", "_", ":", "_").Replace(name))
	if name == "." || name == ".." || name == "" {
		return "document"
	}
	return name
}

// IsNoReprint reports whether err says a job cannot be printed again.
func IsNoReprint(err error) bool {
	var e *NoReprintError
	return errors.As(err, &e)
}
