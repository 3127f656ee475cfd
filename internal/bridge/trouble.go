package bridge

import (
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

// statusCUPSAccountAuthorizationFailed is CUPS's own status for a job that
// cannot go until the user's account is sorted out: CUPS 2.4's ipp
// backend holds the job on it (exit CUPS_BACKEND_HOLD, job-state-reasons
// account-authorization-failed) instead of retrying. The standard 0x041f
// would be retried.
const statusCUPSAccountAuthorizationFailed goipp.Status = 0x049f

// availability is what a printer says to CUPS: its state, and what
// Validate-Job, Print-Job and Create-Job get when it cannot take a job.
//
// CUPS 2.4's ipp backend decides from these (backend/ipp.c): with
// printer-is-accepting-jobs false it submits nothing and asks again after
// 1, 1, 2, 3, 5, 8 s..., relaying printer-state-message ("INFO:") and
// printer-state-reasons ("STATE:") to the queue, so the job waits and the
// queue says why; server-error-busy on Validate-Job makes it wait 10 s and
// ask again; cups-error-account-authorization-failed makes CUPS hold the
// job. What it must never get is a Send-Document refused after a
// Create-Job succeeded: it then cancels and exits for an immediate retry,
// a new bridge job each time.
type availability struct {
	state     int          // printer-state: 3 idle, 4 processing, 5 stopped
	reasons   []string     // printer-state-reasons, never empty
	message   string       // printer-state-message
	accepting bool         // printer-is-accepting-jobs
	queued    int          // queued-job-count: the bridge's unfinished jobs
	refuse    goipp.Status // StatusOk when jobs are taken
}

// availabilityOf maps the share's status, the last refresh's error (nil
// when the service answered) and the printer's jobs to what CUPS is told.
// active is the newest unfinished job's sentence, shown while the printer
// itself is fine: the backend reads the printer's message, never the job's.
func availabilityOf(p workflow.Printer, lastErr error, queued int, active string) availability {
	state, reasons := printerState(p, queued)
	a := availability{state: state, reasons: reasons, message: p.Readiness.Sentence, accepting: true, queued: queued, refuse: goipp.StatusOk}
	switch {
	case lastErr != nil && workflow.NeedsSignIn(lastErr):
		a.state, a.reasons = 5, []string{"other-error"}
		a.message = say.T("Not signed in to Universal Print, or the sign-in expired: run printdrop login (or sign in in the PrintDrop window), then release the held jobs.")
		a.refuse = statusCUPSAccountAuthorizationFailed
	case lastErr != nil:
		head, _, _ := workflow.Explain(lastErr)
		a.state, a.reasons, a.accepting = 5, []string{"connecting-to-device"}, false
		a.message = say.T("Universal Print is not answering ({{.Why}}): jobs wait here and go once it answers.", say.Args{"Why": head})
		a.refuse = goipp.StatusErrorServiceUnavailable
	case p.Readiness.State == workflow.NotAccepting:
		a.accepting = false
		a.refuse = goipp.StatusErrorNotAcceptingJobs
	case p.Readiness.State == workflow.Stopped:
		// A stopped share refuses jobs (workflow checks it): saying so
		// makes the backend wait for the printer instead of submitting.
		a.accepting = false
		a.refuse = goipp.StatusErrorBusy
	case active != "":
		a.message = active
	}
	a.message = sanitize(a.message, 255)
	return a
}

// failureShown is how long a failed job's reason is the printer's message.
const failureShown = 30 * time.Second

// availability is the printer's availability now (the caller has
// refreshed it).
func (s *Server) availability(pr *printer, p workflow.Printer) availability {
	s.mu.Lock()
	queued, active, newest := 0, "", 0
	for _, j := range s.jobs {
		if j.shareID != p.ID() {
			continue
		}
		// A failed job's reason stays the printer's message a little
		// while: the backend reads the printer once more as it ends the
		// job, and logs that message with the job.
		recentFailure := j.failedEnd && time.Since(j.completed) < failureShown
		if j.state >= stateCanceled && !recentFailure {
			continue
		}
		if !recentFailure {
			queued++
		}
		if j.id > newest && j.message != "" {
			newest, active = j.id, j.name+": "+j.message
		}
	}
	s.mu.Unlock()
	return availabilityOf(p, pr.lastError(), queued, active)
}
