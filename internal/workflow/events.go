package workflow

import (
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/upload"
	"time"
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

// Event reports a print's progress: the one report of a print, which the
// window, printdrop send and the bridge all receive as it is (the window
// draws Words, Upload and Job; the bridge's feed carries the same to the
// window for prints from other applications). It holds the upload
// engine's own snapshot unchanged. Events come from the print's own
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

// Pending is what a window shows of a print it has asked for and that has
// not reported yet: the file's name and size, nothing sent.
func Pending(f FileInfo) Event {
	return Event{Stage: StageChecking, File: f.Name, Upload: upload.Progress{Name: f.Name, Total: f.Size}}
}

// Job is the job's status once the service has reported it (StageStarting
// and later), final at StageDone; nil before.
func (e Event) Job() *JobStatus {
	if e.Stage < StageStarting || e.JobState == "" {
		return nil
	}
	j := &JobStatus{State: e.JobState, Description: safetext.Show(e.JobDescription), Terminal: e.Stage == StageDone}
	j.Succeeded = j.Terminal && JobSucceeded(e.JobState)
	return j
}

// Sending reports whether the upload is under way with nothing to say but
// how much has gone: no message, no pause, retry or renewal.
func (e Event) Sending() bool {
	if e.Message != "" || e.Stage != StageUploading {
		return false
	}
	return e.Upload.Phase == upload.Starting || e.Upload.Phase == upload.Uploading
}

// stageWords and phaseWords are what Words says for a stage, and for an
// upload's phase while uploading (catalogue keys).
var (
	stageWords = map[Stage]string{
		StageChecking:   "Checking the file and the printer…",
		StageConverting: "Converting…",
		StageCreating:   "Creating the print job…",
		StageStarting:   "Uploaded. Starting the job…",
		StageWaiting:    "Uploaded. The printer has the job.",
		StageDone:       "Uploaded.",
	}
	phaseWords = map[upload.Phase]string{
		upload.Paused:    "Paused. Nothing is being sent.",
		upload.Resyncing: "Checking what the service has received…",
		upload.Renewing:  "The upload session expired: continuing in a new one…",
		upload.Completed: "Uploaded.",
	}
)

// Words say what is happening in a few words of the user's language: the
// event's own message if it has one, else its stage or the upload's
// phase. Safe to show.
func (e Event) Words() string {
	if e.Message != "" {
		return safetext.Show(e.Message)
	}
	if w, ok := stageWords[e.Stage]; ok {
		return say.T(w)
	}
	u := e.Upload
	if u.Phase == upload.Retrying {
		return say.T("Retrying in {{.Time}}: {{.Reason}}", say.Args{"Time": units.Duration(max(u.RetryIn, time.Second)), "Reason": u.Reason})
	}
	if w, ok := phaseWords[u.Phase]; ok {
		return say.T(w)
	}
	return say.T("Uploading…")
}
