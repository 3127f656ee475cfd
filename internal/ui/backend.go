package ui

import (
	"context"
	"time"

	"printdrop/internal/ranges"
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
	// NeedsClientID reports a first run with no app registration configured.
	NeedsClientID() bool
	// Restore signs in silently from a stored session; a zero Account and
	// nil error mean nobody is signed in.
	Restore(ctx context.Context) (Account, error)
	// SignIn runs the browser sign-in; hooks report the URL (for the
	// copy-link fallback) and a browser that failed to open.
	SignIn(ctx context.Context, hooks SignInHooks) (Account, error)
	// SignInWithCode runs the device-code flow, showing the code through show.
	SignInWithCode(ctx context.Context, show func(code, url string)) (Account, error)
	SignOut(ctx context.Context) error
	// CheckRegistration asks the identity platform whether it knows the
	// client ID and the tenant, before a browser is opened for nothing.
	CheckRegistration(ctx context.Context) error

	// SharePages lists the printer shares one page at a time.
	SharePages(ctx context.Context, page func([]Printer) error) error
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
	CachedPrinters() (rows []Printer, saved time.Time, ok bool)
	// Filter keeps the printers matching a search as typed.
	Filter(printers []Printer, query string) []Printer
	// Details loads what the job form needs for one share.
	Details(ctx context.Context, shareID string) (PrinterDetails, error)
	// WaitingJobs lists the user's jobs on a share still waiting for a document.
	WaitingJobs(ctx context.Context, shareID string) ([]WaitingJob, error)
	// CheckFile refuses unusable files at once, with a sentence saying
	// why: the file itself, and against the chosen printer when there is
	// one (nil before a printer is chosen). The window passes the printer
	// it shows, so the check can never use another one.
	CheckFile(path string, chosen *PrinterDetails) (FileInfo, error)
	// Print starts printing in the background; events report progress and
	// the job's status until Wait returns. Cancelling ctx cancels the job.
	Print(ctx context.Context, req PrintRequest, onEvent func(Event)) (Printing, error)
	// Interrupted lists uploads a previous run left unfinished; printing
	// the same file to the same share again resumes them.
	Interrupted() ([]Interrupted, error)
	// Discard forgets an interrupted upload and cancels its job.
	Discard(ctx context.Context, it Interrupted) error
	// LastShareID is the share used last, to preselect it.
	LastShareID() string
	// RememberShare saves the share the window settled on (its details
	// shown), to preselect it next time. It only writes a preference.
	RememberShare(shareID string)
	// Explain turns an error into a headline, the next step and details.
	Explain(err error) (headline, next, details string)
}

// SignInHooks are the browser sign-in's ways to reach the window.
type SignInHooks struct {
	ShowURL    func(url string) // the sign-in address, for "Copy link"
	OpenFailed func(err error)  // the browser could not be started
}

// Printing is one file being printed.
type Printing interface {
	Pause()
	Resume()
	// Wait blocks until the job ends (or fails) and returns its final status.
	Wait() (JobStatus, error)
}

// Account is the signed-in user.
type Account struct {
	Name, UPN string
	// SwitchedFrom names the account stored before, when a sign-in came
	// back as someone else; the account corner says so.
	SwitchedFrom string
}

// SignedIn reports whether a user is present.
func (a Account) SignedIn() bool { return a.UPN != "" || a.Name != "" }

// Printer is one row of the printers list.
type Printer struct {
	ID, Name, Location, Model string
	Readiness                 workflow.PrinterReadiness
	// StatusChecked is false while the status is still to be read: the
	// row then says nothing rather than "unknown".
	StatusChecked bool

	searchKey string // folded name, place and model, set once by the backend
}

// PrinterDetails is what the job form is built from.
type PrinterDetails struct {
	Printer
	Options  workflow.JobOptions
	Defaults workflow.JobSettings

	// loaded is the workflow's own printer these details were made from,
	// so checks and prints use exactly what the window shows.
	loaded workflow.Printer
}

// WaitingJob is a job of the user's that still waits for its document.
type WaitingJob struct{ ID, Name string }

// FileInfo is a file that passed the checks.
type FileInfo struct {
	Path, Name string
	Size       int64
}

// PrintRequest is everything needed to print one file.
type PrintRequest struct {
	Printer  PrinterDetails // the chosen printer, as the window shows it
	File     FileInfo
	Settings workflow.JobSettings
	JobID    string // an existing waiting job to use; empty makes a new one
}

// Event is one report from a print in progress.
type Event struct {
	Phase        string // human words: "Uploading", "Paused", "Retrying in 2 s: server busy"
	Acked, Total int64
	InFlight     ranges.Set
	Missing      ranges.Set
	Rate         float64 // bytes per second, smoothed; 0 when unknown
	ETA          time.Duration
	Job          *JobStatus // set once the job's own status is known
}

// JobStatus is the job's life after the upload.
type JobStatus struct {
	State       string // uploaded, processing, completed, stopped, aborted, canceled
	Description string // the printer's reason or the service's words
	Terminal    bool
	Succeeded   bool
}

// Interrupted is an upload a previous run left unfinished.
type Interrupted struct {
	Path, Name, ShareID string
	Size                int64
	key                 any // the backend's own record, for Discard
}
