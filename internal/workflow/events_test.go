package workflow

import (
	"testing"
	"time"

	"printdrop/internal/upload"
)

// TestEventSaysWhatIsHappening: the one report of a print says, for every
// stage and upload phase, the words the window, the bridge's IPP status
// and its feed show, whether the upload is plainly sending, and the job's
// status once the service has one.
func TestEventSaysWhatIsHappening(t *testing.T) {
	t.Parallel()
	sending := func(p upload.Phase) Event {
		return Event{Stage: StageUploading, Upload: upload.Progress{Phase: p, Acked: 10, Total: 100, RetryIn: 29 * time.Second, Reason: "the print service answered 503"}}
	}
	for _, c := range []struct {
		name    string
		e       Event
		words   string
		sending bool
		job     *JobStatus
	}{
		{"checking", Event{Stage: StageChecking}, "Checking the file and the printer…", false, nil},
		{"pending", Pending(FileInfo{Name: "report.pdf", Size: 40}), "Checking the file and the printer…", false, nil},
		{"converting", Event{Stage: StageConverting}, "Converting…", false, nil},
		{"creating", Event{Stage: StageCreating}, "Creating the print job…", false, nil},
		{"first status", sending(upload.Starting), "Uploading…", true, nil},
		{"sending", sending(upload.Uploading), "Uploading…", true, nil},
		{"paused", sending(upload.Paused), "Paused. Nothing is being sent.", false, nil},
		{"resyncing", sending(upload.Resyncing), "Checking what the service has received…", false, nil},
		{"retrying", sending(upload.Retrying), "Retrying in 29 s: the print service answered 503", false, nil},
		{"renewing", sending(upload.Renewing), "The upload session expired: continuing in a new one…", false, nil},
		{"uploaded", sending(upload.Completed), "Uploaded.", false, nil},
		{"message", Event{Stage: StageUploading, Message: "Resuming the upload interrupted earlier.\x1b"}, "Resuming the upload interrupted earlier.\\x1b", false, nil},
		{"starting", Event{Stage: StageStarting}, "Uploaded. Starting the job…", false, nil},
		{"waiting", Event{Stage: StageWaiting, JobState: "processing", JobDescription: "Warming up"}, "Uploaded. The printer has the job.", false,
			&JobStatus{State: "processing", Description: "Warming up"}},
		{"printed", Event{Stage: StageDone, JobState: "completed"}, "Uploaded.", false, &JobStatus{State: "completed", Terminal: true, Succeeded: true}},
		{"aborted", Event{Stage: StageDone, JobState: "aborted", JobDescription: "Out of paper"}, "Uploaded.", false,
			&JobStatus{State: "aborted", Description: "Out of paper", Terminal: true}},
		{"no job state yet", Event{Stage: StageWaiting}, "Uploaded. The printer has the job.", false, nil},
	} {
		if got := c.e.Words(); got != c.words {
			t.Errorf("%s: Words() = %q, want %q", c.name, got, c.words)
		}
		if got := c.e.Sending(); got != c.sending {
			t.Errorf("%s: Sending() = %v, want %v", c.name, got, c.sending)
		}
		got := c.e.Job()
		if (got == nil) != (c.job == nil) || got != nil && *got != *c.job {
			t.Errorf("%s: Job() = %+v, want %+v", c.name, got, c.job)
		}
	}
	if p := Pending(FileInfo{Name: "report.pdf", Size: 40}); p.Upload.Total != 40 || p.Upload.Acked != 0 || p.File != "report.pdf" {
		t.Errorf("Pending = %+v, want the file's size and nothing sent", p)
	}
}
