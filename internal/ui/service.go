package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"printdrop/internal/auth"
	"printdrop/internal/graph"
	"printdrop/internal/safetext"
	"printdrop/internal/units"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// ServiceBackend is the Backend over the real workflow.Service: the window
// in the app, and the screen tests that run against the emulator.
//
// It keeps no state of its own: the chosen printer is the window's, and
// comes back with every call that needs it.
type ServiceBackend struct {
	S *workflow.Service
}

// NewServiceBackend wraps s for the window.
func NewServiceBackend(s *workflow.Service) *ServiceBackend {
	return &ServiceBackend{S: s}
}

// NeedsClientID is false: a Service exists only with a client ID (the app
// shows the first-run panel through NoClientBackend instead).
func (b *ServiceBackend) NeedsClientID() bool { return false }

// Restore implements Backend; "nobody signed in" is not an error here.
func (b *ServiceBackend) Restore(ctx context.Context) (Account, error) {
	a, err := b.S.Restore(ctx)
	if errors.Is(err, auth.ErrSignInRequired) {
		return Account{}, nil
	}
	return account(a), err
}

// SignIn implements Backend.
func (b *ServiceBackend) SignIn(ctx context.Context, h SignInHooks) (Account, error) {
	var switched string
	a, err := b.S.SignIn(ctx, auth.Hooks{ShowURL: h.ShowURL, OpenFailed: h.OpenFailed,
		AccountChanged: func(previous, _ auth.Account) { switched = safetext.Show(previous.String()) }})
	acct := account(a)
	acct.SwitchedFrom = switched
	return acct, err
}

// SignInWithCode implements Backend.
func (b *ServiceBackend) SignInWithCode(ctx context.Context, show func(code, url string)) (Account, error) {
	var switched string
	a, err := b.S.SignInWithDeviceCode(ctx, auth.Hooks{ShowDeviceCode: func(c auth.DeviceCode) {
		show(safetext.Show(c.UserCode), safetext.Show(c.VerificationURI))
	}, AccountChanged: func(previous, _ auth.Account) { switched = safetext.Show(previous.String()) }})
	acct := account(a)
	acct.SwitchedFrom = switched
	return acct, err
}

// CheckRegistration implements Backend.
func (b *ServiceBackend) CheckRegistration(ctx context.Context) error {
	return b.S.CheckRegistration(ctx)
}

// SignOut implements Backend.
func (b *ServiceBackend) SignOut(ctx context.Context) error { return b.S.SignOut(ctx) }

// account is who is signed in, for the account corner. Every text that came
// from outside (a service, a file system) passes safetext.Show on its way
// into the window's labels, here in the adapter.
func account(a auth.Account) Account {
	return Account{Name: safetext.Show(a.Name), UPN: safetext.Show(a.UPN)}
}

// SharePages implements Backend.
func (b *ServiceBackend) SharePages(ctx context.Context, page func([]Printer) error) error {
	return b.S.SharePages(ctx, func(shares []graph.Share) error {
		return page(printerRows(shares))
	})
}

func printerRows(shares []graph.Share) []Printer {
	rows := make([]Printer, len(shares))
	for i, sh := range shares {
		rows[i] = printerRow(sh)
	}
	return rows
}

// CachedPrinters implements Backend with the list the workflow kept.
func (b *ServiceBackend) CachedPrinters() ([]Printer, time.Time, bool) {
	c, ok := b.S.CachedShares()
	if !ok {
		return nil, time.Time{}, false
	}
	return printerRows(c.Shares), c.Saved, true
}

// ForgetStatuses implements Backend.
func (b *ServiceBackend) ForgetStatuses() { b.S.ForgetStatuses() }

// printerRow is a share as a row. An administrator's list (and a single
// share's read) carries the status; a normal user's list does not, and
// the row waits for Statuses.
func printerRow(sh graph.Share) Printer {
	return Printer{ID: sh.ID, Name: safetext.Show(sh.DisplayName), Location: safetext.Show(sh.Location.String()),
		Model: safetext.Show(joinNonEmpty(sh.Manufacturer, sh.Model)), Readiness: workflow.ReadinessOf(sh),
		StatusChecked: sh.Status != nil || sh.IsAcceptingJobs != nil, searchKey: workflow.SearchKey(sh)}
}

// Statuses implements Backend with the workflow's bounded, streaming reads.
func (b *ServiceBackend) Statuses(ctx context.Context, ids []string, got func(string, workflow.PrinterReadiness)) error {
	return b.S.ShareStatuses(ctx, ids, func(st workflow.ShareStatus) { got(st.ShareID, st.Readiness) })
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// Filter implements Backend with the workflow's matching (every word, in
// name, location or model, ignoring case and accents) on the search keys
// folded once per row, so a keystroke over 10,000 rows folds nothing.
func (b *ServiceBackend) Filter(ps []Printer, query string) []Printer {
	q := workflow.ParseQuery(query)
	if q.Empty() {
		return ps
	}
	var out []Printer
	for _, p := range ps {
		key := p.searchKey
		if key == "" {
			key = workflow.SearchKeyOf(p.Name, p.Location, p.Model)
		}
		if q.Matches(key) {
			out = append(out, p)
		}
	}
	return out
}

// Details implements Backend.
func (b *ServiceBackend) Details(ctx context.Context, shareID string) (PrinterDetails, error) {
	p, err := b.S.Printer(ctx, shareID)
	if err != nil {
		return PrinterDetails{}, err
	}
	return PrinterDetails{Printer: printerRow(p.Share), Options: p.Options, Defaults: p.Defaults, loaded: p}, nil
}

// WaitingJobs implements Backend.
func (b *ServiceBackend) WaitingJobs(ctx context.Context, shareID string) ([]WaitingJob, error) {
	jobs, err := b.S.WaitingJobs(ctx, shareID)
	if err != nil {
		return nil, err
	}
	out := make([]WaitingJob, len(jobs))
	for i, j := range jobs {
		name := j.DisplayName
		if name == "" {
			name = "Job " + j.ID
		}
		out[i] = WaitingJob{ID: j.ID, Name: safetext.Show(name)}
	}
	return out, nil
}

// CheckFile implements Backend: the file itself, and against the chosen
// printer's content types when there is one.
func (b *ServiceBackend) CheckFile(path string, chosen *PrinterDetails) (FileInfo, error) {
	f, err := upload.OpenFile(path)
	if err != nil {
		return FileInfo{}, &workflow.RefusedError{Reason: workflow.RefusedFile, Msg: err.Error(), Err: err}
	}
	defer f.Close()
	// Only a type the printer cannot take refuses the file itself; a
	// stopped printer is said in the job panel (choose another one).
	if chosen != nil {
		if err := workflow.CheckContentType(chosen.loaded, f.Name(), f.ContentType()); err != nil {
			return FileInfo{}, err
		}
	}
	return FileInfo{Path: path, Name: safetext.Show(f.Name()), Size: f.Size()}, nil
}

// Print implements Backend.
func (b *ServiceBackend) Print(ctx context.Context, req PrintRequest, onEvent func(Event)) (Printing, error) {
	if req.Printer.loaded.ID() == "" {
		return nil, errors.New("the printer's details are not loaded: choose the printer again")
	}
	t, err := b.S.Print(ctx, workflow.PrintRequest{
		Path: req.File.Path, Printer: req.Printer.loaded, Settings: req.Settings, JobID: req.JobID,
		OnEvent: func(e workflow.Event) { onEvent(eventOf(e)) },
	})
	if err != nil {
		return nil, err
	}
	return taskPrinting{t}, nil
}

// Interrupted implements Backend.
func (b *ServiceBackend) Interrupted() ([]Interrupted, error) {
	cps, err := b.S.Interrupted()
	if err != nil {
		return nil, err
	}
	out := make([]Interrupted, len(cps))
	for i, cp := range cps {
		out[i] = Interrupted{Path: cp.FilePath, Name: safetext.Show(cp.Name), ShareID: cp.ShareID, Size: cp.Size, key: cp}
	}
	return out, nil
}

// Discard implements Backend.
func (b *ServiceBackend) Discard(ctx context.Context, it Interrupted) error {
	cp, ok := it.key.(upload.Checkpoint)
	if !ok {
		return errors.New("this interrupted upload is no longer known")
	}
	return b.S.Discard(ctx, cp)
}

// LastShareID implements Backend.
func (b *ServiceBackend) LastShareID() string { return b.S.Settings().LastShareID }

// RememberShare implements Backend.
func (b *ServiceBackend) RememberShare(id string) { b.S.RememberShare(id) }

// Explain implements Backend.
func (b *ServiceBackend) Explain(err error) (string, string, string) { return workflow.Explain(err) }

type taskPrinting struct{ t *workflow.PrintTask }

func (p taskPrinting) Pause()  { p.t.Pause() }
func (p taskPrinting) Resume() { p.t.Resume() }

func (p taskPrinting) Wait() (JobStatus, error) {
	r, err := p.t.Wait()
	if err != nil {
		return JobStatus{}, err
	}
	return JobStatus{State: r.State, Description: safetext.Show(r.Description), Terminal: true, Succeeded: r.Succeeded()}, nil
}

// eventOf turns a workflow event into what the upload panel shows.
func eventOf(e workflow.Event) Event {
	u := e.Upload
	out := Event{Phase: phaseWords(e), Acked: u.Acked, Total: u.Total, InFlight: u.InFlight,
		Missing: u.Missing, Rate: u.Rate, ETA: u.Remaining}
	if e.Stage >= workflow.StageStarting && e.JobState != "" {
		out.Job = &JobStatus{State: e.JobState, Description: safetext.Show(e.JobDescription),
			Terminal: e.Stage == workflow.StageDone}
		out.Job.Succeeded = out.Job.Terminal && workflow.JobSucceeded(e.JobState)
	}
	return out
}

// phaseWords says what is happening in a few words.
func phaseWords(e workflow.Event) string {
	if e.Message != "" {
		return safetext.Show(e.Message)
	}
	switch e.Stage {
	case workflow.StageChecking:
		return "Checking the file and the printer…"
	case workflow.StageCreating:
		return "Creating the print job…"
	case workflow.StageStarting:
		return "Uploaded. Starting the job…"
	case workflow.StageWaiting:
		return "Uploaded. The printer has the job."
	case workflow.StageDone:
		return "Uploaded."
	}
	u := e.Upload
	switch u.Phase {
	case upload.Paused:
		return "Paused. Nothing is being sent."
	case upload.Resyncing:
		return "Checking what the service has received…"
	case upload.Retrying:
		return fmt.Sprintf("Retrying in %s: %s", units.Duration(max(u.RetryIn, time.Second)), u.Reason)
	case upload.Renewing:
		return "The upload session expired: continuing in a new one…"
	case upload.Completed:
		return "Uploaded."
	}
	return "Uploading…"
}
