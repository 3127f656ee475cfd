package workflow

import (
	"time"

	"printdrop/internal/upload"
)

// The types below are what a window shows: every text in them that came
// from outside (a service, a file system) has passed safetext.Show, and
// every decision (readiness, success) is made here, once.

// SignInHooks are the browser sign-in's ways to reach a window.
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

// Account is the signed-in user, as a window shows it.
type Account struct {
	Name, UPN string
	// SwitchedFrom names the account stored before, when a sign-in came
	// back as someone else; the account corner says so.
	SwitchedFrom string
}

// SignedIn reports whether a user is present.
func (a Account) SignedIn() bool { return a.UPN != "" || a.Name != "" }

// PrinterRow is one row of a printers list.
type PrinterRow struct {
	ID, Name, Location, Model string
	Readiness                 PrinterReadiness
	// StatusChecked is false while the status is still to be read: the
	// row then says nothing rather than "unknown".
	StatusChecked bool
	// LastUsed is when the user last printed there, for the printers
	// listed first as used lately; zero for the others.
	LastUsed time.Time

	searchKey string // folded name, place and model, set once per row
}

// PrinterDetails is what a job form is built from: the chosen printer.
type PrinterDetails struct {
	PrinterRow
	Options  JobOptions
	Defaults JobSettings

	// loaded is the printer these details were made from, so checks and
	// prints use exactly what the window shows.
	loaded Printer
}

// WaitingJob is a job of the user's that still waits for its document.
type WaitingJob struct{ ID, Name string }

// FileInfo is a file that passed the checks.
type FileInfo struct {
	Path, Name string
	Size       int64
	Type       string // the document's media type, as detected from its content
	// Pages is how many pages a picture makes once converted to PDF (a
	// TIFF's pages, else 1); 0 for other files.
	Pages int

	seen upload.Identity // the file as checked, so printing it reads it once
}

// PrintOrder is everything a window gives to print one file.
type PrintOrder struct {
	Printer     PrinterDetails // the chosen printer, as the window shows it
	File        FileInfo
	JobSettings JobSettings
	JobID       string // an existing waiting job to use; empty makes a new one
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
	checkpoint          *upload.Checkpoint // the record Discard needs; nil when not made here
}
