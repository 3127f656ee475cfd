package workflow

import (
	"errors"
	"strings"

	"printdrop/internal/auth"
	"printdrop/internal/say"
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
	// parts are Msg's headline and next step as PrintDrop wrote them; a
	// RefusedError made elsewhere has none, and Explain splits its Msg.
	parts saying
}

func (e *RefusedError) Error() string { return e.Msg }

// refusal is a RefusedError saying s.
func refusal(reason Refusal, s saying, err error) *RefusedError {
	return &RefusedError{Reason: reason, Msg: s.String(), Err: err, parts: s}
}

// refusedSettings is a settings refusal of err (a *SettingError, whose
// words it keeps).
func refusedSettings(err error) *RefusedError {
	r := &RefusedError{Reason: RefusedSettings, Msg: err.Error(), Err: err}
	var se *SettingError
	if errors.As(err, &se) {
		r.parts = se.parts
	}
	return r
}

func (e *RefusedError) explanation() Explanation { return e.parts.or(e.Msg) }

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
	parts saying // as for RefusedError
}

func (e *SettingError) Error() string { return e.Msg }

// settingError is a SettingError of field saying s.
func settingError(field string, s saying) *SettingError {
	return &SettingError{Field: field, Msg: s.String(), parts: s}
}

func (e *SettingError) explanation() Explanation { return e.parts.or(e.Msg) }

// ShareNotFoundError means no share matched a name or id.
type ShareNotFoundError struct{ Query string }

func (e *ShareNotFoundError) Error() string { return e.saying().String() }

func (e *ShareNotFoundError) saying() saying {
	return saying{say.T(`No printer share is called "{{.Name}}" or has that id`, say.Args{"Name": e.Query}),
		say.T("check the spelling or use the share's id, or ask your administrator for access to it.")}
}

// AmbiguousShareError means several shares matched a name; Candidates are
// their "name (id)" labels so the user can pick one.
type AmbiguousShareError struct {
	Query      string
	Candidates []string
}

func (e *AmbiguousShareError) Error() string { return e.saying().String() }

func (e *AmbiguousShareError) saying() saying {
	return saying{say.N("shares.ambiguous", len(e.Candidates), `{{.Count}} printer shares match "{{.Name}}"`, say.Args{"Name": e.Query}),
		say.T("use the full name or the id of one of them: {{.Shares}}.", say.Args{"Shares": strings.Join(e.Candidates, "; ")})}
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

func (e *TooManyJobsError) Error() string { return e.saying().String() }

func (e *TooManyJobsError) saying() saying {
	next := say.T("wait for one to finish, then print again.")
	if e.Waiting > 0 {
		next = say.N("limit.jobsWaiting", e.Waiting, "{{.Count}} of them wait for their document: upload into one of those instead, cancel one, or wait for a job to finish.")
	}
	return saying{say.N("limit.unfinishedJobs", e.Unfinished, "You have {{.Count}} unfinished print jobs on {{.Printer}}, and Universal Print takes {{.Max}} at a time from one person",
		say.Args{"Printer": e.Printer, "Max": MaxUnfinishedJobs}), next}
}

func (e *TooManyJobsError) Unwrap() error { return e.Err }

// NeedsSignIn reports whether err means there is no usable sign-in
// (signed out, or the identity platform refused the stored one), so
// nothing the service is asked will work until the user signs in again.
func NeedsSignIn(err error) bool {
	var authErr *auth.AuthError
	return errors.Is(err, auth.ErrSignInRequired) || errors.As(err, &authErr)
}
