package workflow

import (
	"printdrop/internal/upload"
)

// Stage is where a print stands, from checking the file to the job's end.
type Stage int

// Stages of a print, in order.
const (
	StageChecking   Stage = iota // the file, the printer and the settings
	StageConverting              // turning the file into PDF for a printer that takes only that
	StageCreating                // creating the job (or resuming one)
	StageUploading               // sending the document (see Event.Upload)
	StageStarting                // asking the service to print it
	StageWaiting                 // following the job until it ends
	StageDone                    // finished: see Result
)

var stageNames = [...]string{"checking", "converting", "creating job", "uploading", "starting", "printing", "done"}

func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return "unknown"
}

// Event reports a print's progress. Events come from the print's own
// goroutine, one at a time; handlers must return quickly (the window
// throttles what it draws).
type Event struct {
	Stage Stage
	File  string // the document's base name
	JobID string
	// Upload is the engine's latest progress (StageUploading and later).
	Upload upload.Progress
	// JobState, JobDetails and JobDescription are the job's status as the
	// service last reported it (StageWaiting, StageDone).
	JobState       string
	JobDetails     []string
	JobDescription string
	// Message is a sentence about something that happened ("Resuming the
	// upload interrupted earlier.", "The upload session expired: continuing
	// in a new one."), empty for plain progress.
	Message string
}

// Result is how a print ended.
type Result struct {
	File    string // the document's path
	ShareID string
	JobID   string
	// State is the job's last state: "completed", "canceled", "aborted",
	// or, with NoWait, the state right after starting ("processing").
	State       string
	Details     []string
	Description string
	Resumed     bool  // an interrupted upload was resumed
	Size        int64 // document bytes
	// Converted is set when the file was converted to PDF before the
	// upload (Size is then the PDF's).
	Converted *Conversion
}

// Succeeded reports whether the job printed (or, with NoWait, was started).
func (r Result) Succeeded() bool { return JobSucceeded(r.State) }

// JobSucceeded is the one rule for "did the job succeed", given the last
// state the service reported for it at the end: anything but canceled,
// aborted or stopped. A job still "processing" at the end counts: the
// service accepted it and stopped answering for it (a finished job ages
// out, so following it ends on a 404), or the caller chose not to wait.
func JobSucceeded(state string) bool {
	return state != "canceled" && state != "aborted" && state != "stopped"
}
