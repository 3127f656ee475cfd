package workflow

import (
	"errors"
	"net/http"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/say"
	"printdrop/internal/units"
)

// Universal Print's service limits, as a refusal names them: a 429 whose
// error code is activityLimitReached or quotaLimitReached. The code alone
// does not say which limit; the step that was refused does: creating a job
// counts jobs, an upload counts bytes.

// ServiceLimit is one of the Universal Print limits a user can reach.
type ServiceLimit int

// The limits.
const (
	// LimitJobRate: about 200 jobs per person (and 100 per printer) in 10
	// minutes (activityLimitReached on creating a job).
	LimitJobRate ServiceLimit = iota + 1
	// LimitJobQuota: about 10,000 jobs per person in 12 days
	// (quotaLimitReached on creating a job).
	LimitJobQuota
	// LimitBandwidth: 1 GB of upload per person in 15 minutes, 50 GB in 10
	// days (either code on an upload).
	LimitBandwidth
)

// Codes of the Graph error envelope that name a service limit.
const (
	codeActivityLimit = "activityLimitReached"
	codeQuotaLimit    = "quotaLimitReached"
)

// LimitError is a job or an upload the service refused because the user
// reached one of its limits; the sentence says which and when to try again.
type LimitError struct {
	Limit ServiceLimit
	// RetryAfter is the service's Retry-After; zero when it sent none.
	RetryAfter time.Duration
	// At is when the answer came, to name the time to try again.
	At  time.Time
	Err error // the service's 429
}

func (e *LimitError) Unwrap() error { return e.Err }

func (e *LimitError) Error() string {
	head, next := e.sentences()
	return head + ": " + next
}

// sentences say that the service refused for now (head), then which limit
// was reached and when to try again (next), in the user's language, each
// a whole sentence so that it translates well.
func (e *LimitError) sentences() (head, next string) {
	var what, wait string
	switch e.Limit {
	case LimitJobQuota:
		what = say.T("You have sent about 10,000 print jobs in 12 days, the most Universal Print takes from one person.")
		wait = say.T("Try again in a few days, or ask your administrator.")
	case LimitBandwidth:
		what = say.T("You have uploaded 1 GB in the last 15 minutes (or 50 GB in 10 days), the most Universal Print takes from one person.")
		wait = say.T("Try again in 15 minutes, or print a smaller file.")
	default:
		what = say.T("You have sent about 200 print jobs in 10 minutes (or the printer got 100), the most Universal Print takes.")
		wait = say.T("Try again in 10 minutes.")
	}
	if e.RetryAfter > 0 {
		wait = say.T("Try again in {{.Wait}}.", say.Args{"Wait": units.Duration(e.RetryAfter)})
		if !e.At.IsZero() {
			at := e.At.Add(e.RetryAfter).Local()
			when := units.Clock(at)
			if e.RetryAfter >= 12*time.Hour {
				when = units.DayAndClock(at) // another day: name it
			}
			wait = say.T("Try again in {{.Wait}}, after {{.Time}}.", say.Args{"Wait": units.Duration(e.RetryAfter), "Time": when})
		}
	}
	return say.T("The print service refused for now"), what + " " + wait
}

// limitOf is err as a *LimitError when it is a 429 naming a service
// limit, refused while creating a job (uploading false) or uploading;
// else nil.
func limitOf(err error, uploading bool, now time.Time) *LimitError {
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.StatusCode != http.StatusTooManyRequests {
		return nil
	}
	var l ServiceLimit
	switch {
	case !ge.HasCode(codeActivityLimit) && !ge.HasCode(codeQuotaLimit):
		return nil // the service is busy: no limit of the user's
	case uploading:
		l = LimitBandwidth
	case ge.HasCode(codeQuotaLimit):
		l = LimitJobQuota
	default:
		l = LimitJobRate
	}
	wait, _ := ge.RetryAfter()
	return &LimitError{Limit: l, RetryAfter: wait, At: now, Err: err}
}

// asLimit returns the *LimitError err names, or err itself.
func asLimit(err error, uploading bool) error {
	if l := limitOf(err, uploading, time.Now()); l != nil {
		return l
	}
	return err
}
