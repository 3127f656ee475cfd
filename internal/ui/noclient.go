package ui

import (
	"context"

	"printdrop/internal/workflow"
)

// NoClientBackend is the Backend of a first run without an app
// registration: the window explains how to get one and offers the demo.
type NoClientBackend struct{}

var errNoClient = workflow.ErrNoClientID

// NeedsClientID implements Backend.
func (NoClientBackend) NeedsClientID() bool { return true }

// Restore implements Backend.
func (NoClientBackend) Restore(context.Context) (workflow.Account, error) {
	return workflow.Account{}, nil
}

// SignIn implements Backend.
func (NoClientBackend) SignIn(context.Context, workflow.SignInHooks) (workflow.Account, error) {
	return workflow.Account{}, errNoClient
}

// SignInWithCode implements Backend.
func (NoClientBackend) SignInWithCode(context.Context, func(string, string)) (workflow.Account, error) {
	return workflow.Account{}, errNoClient
}

// SignOut implements Backend.
func (NoClientBackend) SignOut(context.Context) error { return nil }

// CheckRegistration implements Backend: there is nothing to check.
func (NoClientBackend) CheckRegistration(context.Context) error { return errNoClient }

// SharePages implements Backend.
func (NoClientBackend) SharePages(context.Context, func([]workflow.PrinterRow) error) error {
	return errNoClient
}

// Filter implements Backend.
func (NoClientBackend) Filter(ps []workflow.PrinterRow, _ string) []workflow.PrinterRow { return ps }

// Details implements Backend.
func (NoClientBackend) Details(context.Context, string) (workflow.PrinterDetails, error) {
	return workflow.PrinterDetails{}, errNoClient
}

// WaitingJobs implements Backend.
func (NoClientBackend) WaitingJobs(context.Context, string) ([]workflow.WaitingJob, error) {
	return nil, errNoClient
}

// CheckFile implements Backend.
func (NoClientBackend) CheckFile(string, *workflow.PrinterDetails) (workflow.FileInfo, error) {
	return workflow.FileInfo{}, errNoClient
}

// Print implements Backend.
func (NoClientBackend) Print(context.Context, workflow.PrintOrder, func(workflow.Event)) (workflow.Printing, error) {
	return nil, errNoClient
}

// LastShareID implements Backend.
func (NoClientBackend) LastShareID() string { return "" }

// RememberShare implements Backend: there is nothing to remember it in.
func (NoClientBackend) RememberShare(string) {}

// Interrupted implements Backend.
func (NoClientBackend) Interrupted(context.Context) ([]workflow.Interrupted, error) { return nil, nil }

// Discard implements Backend.
func (NoClientBackend) Discard(context.Context, workflow.Interrupted) error { return nil }

// Jobs implements Backend.
func (NoClientBackend) Jobs(context.Context) ([]workflow.JobEntry, error) { return nil, errNoClient }

// CancelJob implements Backend.
func (NoClientBackend) CancelJob(context.Context, workflow.JobEntry) error { return errNoClient }

// PrintAgain implements Backend.
func (NoClientBackend) PrintAgain(context.Context, workflow.JobEntry) (workflow.Reprinted, error) {
	return workflow.Reprinted{}, errNoClient
}

// Explain implements Backend.
func (NoClientBackend) Explain(err error) (string, string, string) {
	return workflow.Explain(err)
}
