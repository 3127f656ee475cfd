package workflow

import (
	"context"

	"printdrop/internal/safetext"
)

// The print center as a window uses it: the same Jobs, CancelJob and
// reprint as "printdrop jobs", with every text from outside made safe to
// show.

// Reprinted is a print again that the service has taken.
type Reprinted struct {
	JobID string
	// FromService is true when the service's copy was printed (the file
	// this computer printed is gone or changed since).
	FromService bool
}

// Jobs is the window's: the user's recent jobs, newest first.
func (b *Desktop) Jobs(ctx context.Context) ([]JobEntry, error) {
	jobs, err := b.S.Jobs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range jobs {
		j := &jobs[i]
		for _, s := range []*string{&j.Printer, &j.DocumentName, &j.Words, &j.Reason, &j.PrinterState, &j.LocalFile} {
			*s = safetext.Show(*s)
		}
	}
	return jobs, nil
}

// CancelJob is the window's: it cancels an unfinished job.
func (b *Desktop) CancelJob(ctx context.Context, e JobEntry) error {
	return b.S.CancelJob(ctx, e.ShareID, e.ID)
}

// PrintAgain is the window's: it prints e again on the same printer with
// the same settings, from the kept file or the service's copy, and returns
// once the new job is started (the jobs view follows it from there). A
// *NoReprintError says why it cannot.
func (b *Desktop) PrintAgain(ctx context.Context, e JobEntry) (Reprinted, error) {
	rp, err := b.S.PrepareReprint(ctx, e)
	if err != nil {
		return Reprinted{}, err
	}
	defer rp.Close()
	req := rp.Request
	req.NoWait = true
	task, err := b.S.Print(ctx, req)
	if err != nil {
		return Reprinted{}, err
	}
	res, err := task.Wait()
	if err != nil {
		return Reprinted{}, err
	}
	return Reprinted{JobID: res.JobID, FromService: rp.FromService}, nil
}

// WithFinished is e marked finished (completed, canceled or aborted) or
// not, for previews and screen tests that build entries by hand; entries
// from Jobs already carry it.
func (e JobEntry) WithFinished(done bool) JobEntry {
	e.terminal = done
	return e
}
