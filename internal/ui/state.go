package ui

import "printdrop/internal/workflow"

// Stage names what the window is showing: one word for the state a person
// sees, derived from the window's view state (never from which widgets
// happen to be hidden).
type Stage string

// The stages, in the order a print goes through them.
const (
	StageChecking        Stage = "checking"         // a stored session is being restored
	StageSetup           Stage = "setup"            // no app registration yet
	StageSignedOut       Stage = "signed-out"       // nobody signed in
	StageSigningIn       Stage = "signing-in"       // the browser or a code is being waited for
	StageLoadingPrinters Stage = "loading-printers" // signed in, the share list not yet on screen
	StageSignedIn        Stage = "signed-in"        // printers listed, none chosen
	StagePrinterChosen   Stage = "printer-chosen"   // a printer's details are shown
	StageFileQueued      Stage = "file-queued"      // a file waits for Print
	StageUploading       Stage = "uploading"        // the document is being sent
	StageProcessing      Stage = "processing"       // uploaded: the job is being followed
	StageCompleted       Stage = "completed"        // the job printed
	StageStopped         Stage = "stopped"          // the job ended otherwise (cancelled, aborted)
	StageError           Stage = "error"            // a problem is shown
)

// printPhase is where the print in the right-hand column stands.
type printPhase int

const (
	noPrint    printPhase = iota // the file area shows: nothing sent yet
	printing                     // a document is being sent or its job followed
	printEnded                   // the last print ended; its outcome stays on screen
)

// viewState is what the window shows, kept in one place. Only the Window's
// own methods (flow.go) change it; panels read it to draw themselves and
// report what the user did to the Window, never to each other.
type viewState struct {
	// account is the account corner's mode: "" while checking, then
	// "setup", "signed-out", "signing-in" or "signed-in".
	account string
	// listing is true while the share list is being read; listed is how
	// many printers are on screen (a kept list counts).
	listing bool
	listed  int

	// chosen is the share the user picked; printer is its details once
	// they arrived for that same share (nil while loading), with the
	// user's jobs on it that still wait for a document.
	chosen  string
	printer *workflow.PrinterDetails
	waiting []workflow.WaitingJob

	// queue holds the checked files waiting for Print; fit says why the
	// printer shown cannot print one of them ("" when it can), known
	// before Print is pressed.
	queue []workflow.FileInfo
	fit   string

	// print is the print under way or the last one; job is its latest
	// status once the service reported one, failed says it ended on an
	// error (the file area comes back to try again).
	print  printPhase
	req    workflow.PrintOrder
	job    *workflow.JobStatus
	failed bool

	// problem is true while the error panel shows something.
	problem bool
}

// stage derives the one word for s; the first matching rule wins, so a
// problem on screen outranks everything else.
func (s *viewState) stage() Stage {
	switch {
	case s.problem:
		return StageError
	case s.print == printEnded && s.job != nil && s.job.Terminal:
		if s.job.State == "completed" {
			return StageCompleted
		}
		return StageStopped
	case s.print == printing && s.job != nil:
		return StageProcessing
	case s.print == printing:
		return StageUploading
	case s.printer != nil && len(s.queue) > 0:
		return StageFileQueued
	case s.printer != nil:
		return StagePrinterChosen
	case s.account == "signed-in" && s.listed > 0 && !s.listing:
		return StageSignedIn
	case s.account == "signed-in":
		return StageLoadingPrinters
	case s.account == "":
		return StageChecking
	}
	return Stage(s.account)
}

// canPrint is whether Print may be pressed: a file queued, a printer shown
// that accepts jobs, and no print under way.
func (s *viewState) canPrint() bool {
	return len(s.queue) > 0 && s.printer != nil && s.printer.Readiness.CanPrint() && s.fit == "" && s.print != printing
}

// Stage is what the window shows now. Call it on the UI goroutine.
func (m *Window) Stage() Stage { return m.state.stage() }
