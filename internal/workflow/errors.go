package workflow

import (
	"errors"
	"fmt"
	"printdrop/internal/auth"
	"strings"
)

// ErrNoClientID means no app registration is configured yet. It is the
// auth package's error, so there is one wording, and errors.Is matches
// either name.
var ErrNoClientID = auth.ErrNoClientID

// Refusal says why an input was refused before any work started.
type Refusal int

// Kinds of refusal. Callers branch on them (the command line exits with
// its "refused" code for every kind; the window shows the sentence in place).
const (
	RefusedFile         Refusal = iota + 1 // not a printable regular file (dir, FIFO, empty, too big...)
	RefusedContentType                     // the printer does not take this kind of document
	RefusedStopped                         // the printer is stopped
	RefusedNotAccepting                    // the share does not accept jobs
	RefusedSettings                        // job settings the printer cannot honour
	RefusedConversion                      // the file could not be converted to a type the printer takes
)

// RefusedError is returned when PrintDrop refuses an input before creating
// anything on the service. Its message says what to do instead.
type RefusedError struct {
	Reason Refusal
	Msg    string
	Err    error // the underlying cause, if any
}

func (e *RefusedError) Error() string { return e.Msg }

// Unwrap exposes the cause (for example the upload package's file error).
func (e *RefusedError) Unwrap() error { return e.Err }

// IsRefused reports whether err is a refusal of the input, as opposed to a
// failure while working.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// Job-setting fields, as named in SettingError.
const (
	FieldCopies      = "copies"
	FieldColor       = "color"
	FieldDuplex      = "duplex"
	FieldMedia       = "media"
	FieldOrientation = "orientation"
	FieldQuality     = "quality"
	FieldPages       = "pages"
)

// SettingError is a job setting the printer cannot honour; Field lets the
// window put the sentence next to the right control.
type SettingError struct {
	Field string
	Msg   string
}

func (e *SettingError) Error() string { return e.Msg }

// ShareNotFoundError means no share matched a name or id.
type ShareNotFoundError struct{ Query string }

func (e *ShareNotFoundError) Error() string {
	return fmt.Sprintf("No printer share is called %q or has that id: check the spelling or use the share's id, or ask your administrator for access to it.", e.Query)
}

// AmbiguousShareError means several shares matched a name; Candidates are
// their "name (id)" labels so the user can pick one.
type AmbiguousShareError struct {
	Query      string
	Candidates []string
}

func (e *AmbiguousShareError) Error() string {
	return fmt.Sprintf("%d printer shares match %q: use the full name or the id of one of them: %s.",
		len(e.Candidates), e.Query, strings.Join(e.Candidates, "; "))
}

// MaxUnfinishedJobs is how many unfinished jobs Universal Print takes from
// one person on one printer at a time.
const MaxUnfinishedJobs = 4

// TooManyJobsError means the service refused a new job (429) while the user
// already had MaxUnfinishedJobs or more unfinished jobs on the printer:
// waiting longer is not what helps, finishing or reusing one is.
type TooManyJobsError struct {
	Printer    string
	Unfinished int   // the user's jobs on the printer not yet finished
	Waiting    int   // of those, the ones still waiting for their document
	Err        error // the service's 429
}

func (e *TooManyJobsError) Error() string {
	next := "wait for one to finish, then print again"
	if e.Waiting > 0 {
		next = fmt.Sprintf("%d of them wait for their document: upload into one of those instead, cancel one, or wait for a job to finish", e.Waiting)
	}
	return fmt.Sprintf("You have %d unfinished print jobs on %s, and Universal Print takes %d at a time from one person: %s.",
		e.Unfinished, e.Printer, MaxUnfinishedJobs, next)
}

func (e *TooManyJobsError) Unwrap() error { return e.Err }

// NeedsSignIn reports whether err means there is no usable sign-in
// (signed out, or the identity platform refused the stored one), so
// nothing the service is asked will work until the user signs in again.
func NeedsSignIn(err error) bool {
	var authErr *auth.AuthError
	return errors.Is(err, auth.ErrSignInRequired) || errors.As(err, &authErr)
}
