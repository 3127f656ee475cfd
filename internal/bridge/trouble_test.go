package bridge

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/auth"
	"printdrop/internal/graph"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// TestAvailabilityTable pins what each printer condition tells CUPS's
// ipp backend: printer-state, reasons, accepting, and the status
// Validate-Job, Print-Job and Create-Job get.
func TestAvailabilityTable(t *testing.T) {
	share := func(state string, accepting bool, details ...graph.PrinterStateDetail) workflow.Printer {
		return workflow.PrinterOf(graph.Share{ID: "s", DisplayName: "P", IsAcceptingJobs: &accepting,
			Status: &graph.PrinterStatus{State: graph.PrinterState(state), Details: details}})
	}
	signedOut := fmt.Errorf("load share: %w", auth.ErrSignInRequired)
	for _, c := range []struct {
		name      string
		p         workflow.Printer
		err       error
		queued    int
		active    string
		state     int
		reason    string
		accepting bool
		refuse    goipp.Status
		message   string
	}{
		{"idle", share("idle", true), nil, 0, "", 3, "none", true, goipp.StatusOk, "Ready to print."},
		{"idle with a job uploading", share("idle", true), nil, 1, "a.pdf: Retrying in 29 s: the print service answered 503", 4, "none", true, goipp.StatusOk, "a.pdf: Retrying in 29 s: the print service answered 503"},
		{"busy", share("processing", true), nil, 0, "", 4, "none", true, goipp.StatusOk, "Printing other jobs: yours will wait its turn."},
		{"jammed", share("stopped", true, "mediaJam"), nil, 0, "", 5, "media-jam", false, goipp.StatusErrorBusy, "This printer is stopped (paper jam): ask someone near it to fix it, or choose another printer."},
		{"stopped, no detail", share("stopped", true), nil, 0, "", 5, "other-error", false, goipp.StatusErrorBusy, "This printer is stopped: ask someone near it to fix it, or choose another printer."},
		{"not accepting", share("idle", false), nil, 0, "", 3, "none", false, goipp.StatusErrorNotAcceptingJobs, "This printer is not accepting jobs right now: choose another printer or ask your administrator."},
		{"service not answering", share("idle", true), errors.New("dial tcp: connection refused"), 0, "", 5, "connecting-to-device", false, goipp.StatusErrorServiceUnavailable, ""},
		{"signed out", share("idle", true), signedOut, 0, "", 5, "other-error", true, statusCUPSAccountAuthorizationFailed, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := availabilityOf(c.p, c.err, c.queued, c.active)
			if a.state != c.state || a.reasons[0] != c.reason || a.accepting != c.accepting || a.refuse != c.refuse {
				t.Errorf("got state %d reasons %v accepting %t refuse %v, want %d %s %t %v", a.state, a.reasons, a.accepting, a.refuse, c.state, c.reason, c.accepting, c.refuse)
			}
			if c.message != "" && a.message != c.message {
				t.Errorf("message %q, want %q", a.message, c.message)
			}
			if a.message == "" {
				t.Error("no printer-state-message")
			}
		})
	}
}

// TestJobStateTable pins how Universal Print job states map to IPP's,
// the way CUPS's backend reads them: it stops following at 7, 8 and 9
// (and at 4, so a held job must be 6).
func TestJobStateTable(t *testing.T) {
	for _, c := range []struct {
		up      string
		details []string
		state   int
		reason  string
	}{
		{"pending", nil, statePending, "job-queued"},
		{"processing", nil, stateProcessing, "job-printing"},
		{"paused", []string{"releaseWait"}, stateStopped, "job-release-wait"},
		{"stopped", nil, stateStopped, "job-stopped"},
		{"completed", nil, stateCompleted, "job-completed-successfully"},
		{"completed", []string{"completedWithWarnings"}, stateCompleted, "job-completed-with-warnings"},
		{"canceled", nil, stateCanceled, "job-canceled-at-device"},
		{"aborted", nil, stateAborted, "aborted-by-system"},
		{"somethingNew", nil, stateProcessing, "job-printing"},
	} {
		st, reason, msg := upJobStatus(c.up, c.details, "")
		if st != c.state || reason != c.reason || msg == "" {
			t.Errorf("%s %v: got %d %s %q, want %d %s and a sentence", c.up, c.details, st, reason, msg, c.state, c.reason)
		}
	}
	if _, _, msg := upJobStatus("aborted", nil, "The document could not be read."); msg != "The document could not be read." {
		t.Errorf("the service's description is not the message: %q", msg)
	}
	retry := workflow.Event{Stage: workflow.StageUploading, Upload: upload.Progress{Phase: upload.Retrying, RetryIn: 29 * time.Second,
		Reason: "the print service answered 503", Acked: 10, Total: 100}}
	if got := uploadSentence(retry); got != "Retrying in 29 s: the print service answered 503" {
		t.Errorf("a retry reads %q", got)
	}
	sending := workflow.Event{Stage: workflow.StageUploading, Upload: upload.Progress{Phase: upload.Uploading, Acked: 40, Total: 100}}
	if got := uploadSentence(sending); got != "Uploading to Universal Print: 40%." {
		t.Errorf("an upload reads %q", got)
	}
}
