package ui

import (
	"context"

	"printdrop/internal/workflow"
)

// The methods below let the scripted demo run (printdrop --demo with
// PRINTDROP_SCRIPT) press the same buttons a person would. Each must be
// called on the UI goroutine (inside fyne.Do / fyne.DoAndWait).

// Stage names what the window shows: "checking", "setup", "signed-out",
// "signing-in", "loading-printers", "signed-in", "printer-chosen", "file-queued", "uploading", "processing",
// "completed", "stopped", "error".
func (m *Window) Stage() string {
	switch {
	case !m.errs.root.Hidden:
		return "error"
	case !m.status.root.Hidden && !m.status.another.Hidden:
		if m.status.last == "completed" {
			return "completed"
		}
		return "stopped"
	case !m.status.root.Hidden:
		return "processing"
	case !m.upload.root.Hidden:
		return "uploading"
	case len(m.files.queue) > 0 && m.job.details != nil:
		return "file-queued"
	case m.job.details != nil:
		return "printer-chosen"
	case len(m.printers.all) > 0 && !m.printers.loading:
		return "signed-in"
	case m.account.mode == "signed-in":
		return "loading-printers"
	case m.account.mode == "":
		return "checking"
	}
	return m.account.mode
}

// UploadedFraction is the share of the document the server has, 0..1.
func (m *Window) UploadedFraction() float64 { return m.upload.bar.Value }

// PressSignIn starts the browser sign-in, as the "Sign in" button does.
func (m *Window) PressSignIn() { m.account.onSignIn() }

// ChoosePrinter selects a listed share; false if it is not listed.
func (m *Window) ChoosePrinter(shareID string) bool {
	m.printers.search.SetText("")
	for _, p := range m.printers.shown {
		if p.ID == shareID {
			m.printers.selectID(shareID)
			return true
		}
	}
	return false
}

// PressPrint prints the queued files, as Ctrl+Enter does.
func (m *Window) PressPrint() { m.files.onPrint() }

// NoClientBackend is the Backend of a first run without an app
// registration: the window explains how to get one and offers the demo.
type NoClientBackend struct{}

var errNoClient = workflow.ErrNoClientID

// NeedsClientID implements Backend.
func (NoClientBackend) NeedsClientID() bool { return true }

// Restore implements Backend.
func (NoClientBackend) Restore(context.Context) (Account, error) { return Account{}, nil }

// SignIn implements Backend.
func (NoClientBackend) SignIn(context.Context, SignInHooks) (Account, error) {
	return Account{}, errNoClient
}

// SignInWithCode implements Backend.
func (NoClientBackend) SignInWithCode(context.Context, func(string, string)) (Account, error) {
	return Account{}, errNoClient
}

// SignOut implements Backend.
func (NoClientBackend) SignOut(context.Context) error { return nil }

// CheckRegistration implements Backend: there is nothing to check.
func (NoClientBackend) CheckRegistration(context.Context) error { return errNoClient }

// SharePages implements Backend.
func (NoClientBackend) SharePages(context.Context, func([]Printer) error) error { return errNoClient }

// Filter implements Backend.
func (NoClientBackend) Filter(ps []Printer, _ string) []Printer { return ps }

// Details implements Backend.
func (NoClientBackend) Details(context.Context, string) (PrinterDetails, error) {
	return PrinterDetails{}, errNoClient
}

// WaitingJobs implements Backend.
func (NoClientBackend) WaitingJobs(context.Context, string) ([]WaitingJob, error) {
	return nil, errNoClient
}

// CheckFile implements Backend.
func (NoClientBackend) CheckFile(string, *PrinterDetails) (FileInfo, error) {
	return FileInfo{}, errNoClient
}

// Print implements Backend.
func (NoClientBackend) Print(context.Context, PrintRequest, func(Event)) (Printing, error) {
	return nil, errNoClient
}

// LastShareID implements Backend.
func (NoClientBackend) LastShareID() string { return "" }

// RememberShare implements Backend: there is nothing to remember it in.
func (NoClientBackend) RememberShare(string) {}

// Interrupted implements Backend.
func (NoClientBackend) Interrupted() ([]Interrupted, error) { return nil, nil }

// Discard implements Backend.
func (NoClientBackend) Discard(context.Context, Interrupted) error { return nil }

// Explain implements Backend.
func (NoClientBackend) Explain(err error) (string, string, string) {
	return workflow.Explain(err)
}
