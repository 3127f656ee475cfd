package ui

import (
	"context"
	"time"

	"printdrop/internal/workflow"
)

// Backend is everything the window asks of the layer below. It is declared
// here, where it is used, so screen tests can drive the window with the real
// workflow against the emulator or, where a state cannot be produced on
// demand (a frozen mid-upload frame for a golden), with a small fake.
//
// Every method that may touch the network takes ctx first and is called off
// the UI goroutine; callbacks may arrive on any goroutine.
type Backend interface {
	Accounts
	Printers
	Files
	Prints
	PrintJobs
	Choices
	// Explain turns an error into a headline, the next step and details.
	Explain(err error) (headline, next, details string)
}

// Accounts is signing in and out, and the app registration behind it.
type Accounts interface {
	// NeedsClientID reports a first run with no app registration configured.
	NeedsClientID() bool
	// Restore signs in silently from a stored session; a zero Account and
	// nil error mean nobody is signed in.
	Restore(ctx context.Context) (workflow.Account, error)
	// SignIn runs the browser sign-in; hooks report the URL (for the
	// copy-link fallback) and a browser that failed to open.
	SignIn(ctx context.Context, hooks workflow.SignInHooks) (workflow.Account, error)
	// SignInWithCode runs the device-code flow, showing the code through show.
	SignInWithCode(ctx context.Context, show func(code, url string)) (workflow.Account, error)
	// SignOut forgets the stored session and signs the window out.
	SignOut(ctx context.Context) error
	// CheckRegistration asks the identity platform whether it knows the
	// client ID and the tenant, before a browser is opened for nothing.
	CheckRegistration(ctx context.Context) error
}

// Printers is the printer shares: the list, their states, one share's
// details and the jobs waiting on it.
type Printers interface {
	// SharePages lists the printer shares one page at a time.
	SharePages(ctx context.Context, page func([]workflow.PrinterRow) error) error
	// Statuses reads the status of listed printers (lists leave it out), a
	// few at a time, calling got as each arrives; a printer whose status
	// cannot be read comes back with ReadinessUnknown. It returns once all
	// are reported or ctx ends.
	Statuses(ctx context.Context, ids []string, got func(id string, r workflow.PrinterReadiness)) error
	// ForgetStatuses drops the statuses read lately, so the next Statuses
	// asks the service (Refresh). It touches no network.
	ForgetStatuses()
	// CachedPrinters is the list kept from the last run for this account,
	// and when it was complete; ok is false when there is none. It reads
	// the local disk only, off the UI goroutine.
	CachedPrinters() (rows []workflow.PrinterRow, saved time.Time, ok bool)
	// Filter keeps the printers matching a search as typed.
	Filter(printers []workflow.PrinterRow, query string) []workflow.PrinterRow
	// Details loads what the job form needs for one share.
	Details(ctx context.Context, shareID string) (workflow.PrinterDetails, error)
	// WaitingJobs lists the user's jobs on a share still waiting for a document.
	WaitingJobs(ctx context.Context, shareID string) ([]workflow.WaitingJob, error)
}

// Files is checking a file before it is queued.
type Files interface {
	// CheckFile refuses unusable files at once, with a sentence saying
	// why: the file itself, and against the chosen printer when there is
	// one (nil before a printer is chosen). The window passes the printer
	// it shows, so the check can never use another one.
	CheckFile(path string, chosen *workflow.PrinterDetails) (workflow.FileInfo, error)
}

// Prints is printing, and the uploads an earlier run left unfinished.
type Prints interface {
	// Print starts printing in the background; events report progress and
	// the job's status until Wait returns. Cancelling ctx cancels the job.
	Print(ctx context.Context, req workflow.PrintOrder, onEvent func(workflow.Event)) (workflow.Printing, error)
	// Interrupted lists the signed-in user's uploads a previous run left
	// unfinished and that can still resume; printing the same file to the
	// same share again resumes them. Records that cannot resume are
	// cleaned up on the way, never listed.
	Interrupted(ctx context.Context) ([]workflow.Interrupted, error)
	// Discard forgets an interrupted upload and cancels its job.
	Discard(ctx context.Context, it workflow.Interrupted) error
}

// Choices is what the window remembers of the user's choices.
type Choices interface {
	// LastShareID is the share used last, to preselect it.
	LastShareID() string
	// RememberShare saves the share the window settled on (its details
	// shown), to preselect it next time. It only writes a preference.
	RememberShare(shareID string)
}

// PrintJobs is the user's print jobs across their printers (the jobs view).
type PrintJobs interface {
	// Jobs lists the user's recent jobs across their recent printers,
	// newest first, their texts safe to show (the jobs view).
	Jobs(ctx context.Context) ([]workflow.JobEntry, error)
	// CancelJob cancels an unfinished job.
	CancelJob(ctx context.Context, e workflow.JobEntry) error
	// PrintAgain prints a job again on its printer with its settings, from
	// the kept file or the service's copy, and returns once the new job is
	// started; a *workflow.NoReprintError says why it cannot.
	PrintAgain(ctx context.Context, e workflow.JobEntry) (workflow.Reprinted, error)
}
