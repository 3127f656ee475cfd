package ui

import "printdrop/internal/workflow"

// Screen names what the window is showing: one word for the state a person
// sees, derived from the window's view state (never from which widgets
// happen to be hidden).
type Screen string

// The screens, in the order a print goes through them.
const (
	ScreenChecking        Screen = "checking"         // a stored session is being restored
	ScreenSetup           Screen = "setup"            // no app registration yet
	ScreenSignedOut       Screen = "signed-out"       // nobody signed in
	ScreenSigningIn       Screen = "signing-in"       // the browser or a code is being waited for
	ScreenLoadingPrinters Screen = "loading-printers" // signed in, the share list not yet on screen
	ScreenSignedIn        Screen = "signed-in"        // printers listed, none chosen
	ScreenPrinterChosen   Screen = "printer-chosen"   // a printer's details are shown
	ScreenFileQueued      Screen = "file-queued"      // a file waits for Print
	ScreenUploading       Screen = "uploading"        // the document is being sent
	ScreenProcessing      Screen = "processing"       // uploaded: the job is being followed
	ScreenCompleted       Screen = "completed"        // the job printed
	ScreenStopped         Screen = "stopped"          // the job ended otherwise (cancelled, aborted)
	ScreenError           Screen = "error"            // a problem is shown
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
func (s *viewState) screen() Screen {
	switch {
	case s.problem:
		return ScreenError
	case s.print == printEnded && s.job != nil && s.job.Terminal:
		if s.job.State == "completed" {
			return ScreenCompleted
		}
		return ScreenStopped
	case s.print == printing && s.job != nil:
		return ScreenProcessing
	case s.print == printing:
		return ScreenUploading
	case s.printer != nil && len(s.queue) > 0:
		return ScreenFileQueued
	case s.printer != nil:
		return ScreenPrinterChosen
	case s.account == "signed-in" && s.listed > 0 && !s.listing:
		return ScreenSignedIn
	case s.account == "signed-in":
		return ScreenLoadingPrinters
	case s.account == "":
		return ScreenChecking
	}
	return Screen(s.account)
}

// canPrint is whether Print may be pressed: a file queued, a printer shown
// that accepts jobs, and no print under way.
func (s *viewState) canPrint() bool {
	return len(s.queue) > 0 && s.printer != nil && s.printer.Readiness.CanPrint() && s.fit == "" && s.print != printing
}

// Screen is what the window shows now. Call it on the UI goroutine. (A
// print's own steps are workflow.Stage, a different thing.)
func (m *Window) Screen() Screen { return m.state.screen() }
