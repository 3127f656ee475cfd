package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// fakeBackend stands in for the workflow where a state must be frozen for a
// golden (a half-done upload with gaps cannot be produced on demand by the
// real service). Screen behaviour against the real service is covered by
// the emulator tests.
type fakeBackend struct {
	mu          sync.Mutex
	account     workflow.Account
	pages       [][]workflow.PrinterRow
	holdAfter   int           // pages sent before waiting on hold
	hold        chan struct{} // nil: never hold
	checkGate   chan struct{} // nil: CheckFile answers at once; else it waits for a close
	detailsGate chan struct{} // nil: Details answers at once; else it waits for a close
	details     workflow.PrinterDetails
	detailsErr  error
	waiting     []workflow.WaitingJob
	lastShare   string
	printing    *fakePrinting
	printReqs   []workflow.PrintOrder
	signedOut   bool
	interrupted []workflow.Interrupted
	discarded   []string
	needsClient bool
	// Statuses answers from the readiness in pages, which SharePages leaves
	// out as Graph's list does for normal users.
	statusHold  chan struct{}   // nil: answer at once; else wait for it to close
	statusFail  map[string]bool // these ids answer "unknown", as a failed read does
	statusCalls [][]string
	cached      []workflow.PrinterRow // the list kept from an earlier run; nil: none
	cachedAt    time.Time
	statusEnded int                 // Statuses calls that ended because ctx did
	jobs        []workflow.JobEntry // the jobs view's list
	jobsErr     error
	jobsCalls   int
	canceled    []string                                                                // job ids CancelJob was asked for
	printAgain  func(workflow.JobEntry) (workflow.Reprinted, error)                     // nil: refused as having no copy
	signIn      func(context.Context, workflow.SignInHooks) (workflow.Account, error)   // nil: signs in at once
	signInCode  func(context.Context, func(code, url string)) (workflow.Account, error) // nil: fails
}

func (f *fakeBackend) NeedsClientID() bool { return f.needsClient }

func (f *fakeBackend) CheckRegistration(context.Context) error { return nil }

func (f *fakeBackend) Restore(context.Context) (workflow.Account, error) { return f.account, nil }

func (f *fakeBackend) SignIn(ctx context.Context, h workflow.SignInHooks) (workflow.Account, error) {
	if f.signIn != nil {
		return f.signIn(ctx, h)
	}
	return workflow.Account{Name: "Adele Vance", UPN: "adele@contoso.example"}, nil
}

func (f *fakeBackend) SignInWithCode(ctx context.Context, show func(code, url string)) (workflow.Account, error) {
	if f.signInCode != nil {
		return f.signInCode(ctx, show)
	}
	return workflow.Account{}, errors.New("not used")
}

func (f *fakeBackend) SignOut(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.signedOut = true
	return nil
}

func (f *fakeBackend) SharePages(ctx context.Context, page func([]workflow.PrinterRow) error) error {
	for i, p := range f.pages {
		if f.hold != nil && i == f.holdAfter {
			select {
			case <-f.hold:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		rows := make([]workflow.PrinterRow, len(p))
		for j, pr := range p {
			rows[j] = workflow.PrinterRow{ID: pr.ID, Name: pr.Name, Location: pr.Location, Model: pr.Model, LastUsed: pr.LastUsed}
		}
		if err := page(rows); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeBackend) Statuses(ctx context.Context, ids []string, got func(string, workflow.PrinterReadiness)) error {
	f.mu.Lock()
	f.statusCalls = append(f.statusCalls, ids)
	f.mu.Unlock()
	if f.statusHold != nil {
		select {
		case <-f.statusHold:
		case <-ctx.Done():
			f.mu.Lock()
			f.statusEnded++
			f.mu.Unlock()
			return ctx.Err()
		}
	}
	for _, id := range ids {
		r := workflow.PrinterReadiness{State: workflow.ReadinessUnknown, Sentence: "The printer's status could not be read."}
		for _, page := range f.pages {
			for _, p := range page {
				if p.ID == id && !f.statusFail[id] {
					r = p.Readiness
				}
			}
		}
		got(id, r)
	}
	return nil
}

func (f *fakeBackend) ForgetStatuses() {}

// CachedPrinters answers the kept list the test set, if any.
func (f *fakeBackend) CachedPrinters() ([]workflow.PrinterRow, time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cached == nil {
		return nil, time.Time{}, false
	}
	return slices.Clone(f.cached), f.cachedAt, true
}

func (f *fakeBackend) Filter(ps []workflow.PrinterRow, q string) []workflow.PrinterRow {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []workflow.PrinterRow
	for _, p := range ps {
		if strings.Contains(strings.ToLower(p.Name+" "+p.Location+" "+p.Model), q) {
			out = append(out, p)
		}
	}
	return out
}

func (f *fakeBackend) Details(ctx context.Context, id string) (workflow.PrinterDetails, error) {
	if f.detailsGate != nil {
		select { // a share read that answers after everything else
		case <-f.detailsGate:
		case <-ctx.Done():
			return workflow.PrinterDetails{}, ctx.Err()
		}
	}
	d := f.details
	for _, page := range f.pages {
		for _, p := range page {
			if p.ID == id {
				d.PrinterRow = p
			}
		}
	}
	return d, f.detailsErr
}

func (f *fakeBackend) WaitingJobs(context.Context, string) ([]workflow.WaitingJob, error) {
	return f.waiting, nil
}

func (f *fakeBackend) CheckFile(path string, _ *workflow.PrinterDetails) (workflow.FileInfo, error) {
	if f.checkGate != nil {
		<-f.checkGate // a file on a slow network drive
	}
	st, err := os.Stat(path)
	if err != nil {
		return workflow.FileInfo{}, err
	}
	if st.IsDir() {
		return workflow.FileInfo{}, &workflow.RefusedError{Msg: filepath.Base(path) + " is a folder, not a file: choose a PDF inside it."}
	}
	return workflow.FileInfo{Path: path, Name: filepath.Base(path), Size: st.Size()}, nil
}

func (f *fakeBackend) Print(ctx context.Context, req workflow.PrintOrder, onEvent func(workflow.Event)) (workflow.Printing, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.printReqs = append(f.printReqs, req)
	f.printing.ctx = ctx
	f.printing.onEvent = onEvent
	close(f.printing.started)
	return f.printing, nil
}

func (f *fakeBackend) LastShareID() string { return f.lastShare }

func (f *fakeBackend) RememberShare(string) {}

func (f *fakeBackend) Interrupted(context.Context) ([]workflow.Interrupted, error) {
	return f.interrupted, nil
}

func (f *fakeBackend) Discard(_ context.Context, it workflow.Interrupted) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.discarded = append(f.discarded, it.Path)
	return nil
}

func (f *fakeBackend) Explain(err error) (string, string, string) { return workflow.Explain(err) }

// fakePrinting is a print the test drives: it sends events and decides
// when and how the job ends.
type fakePrinting struct {
	ctx     context.Context
	onEvent func(workflow.Event)
	started chan struct{}
	end     chan workflow.JobStatus
	paused  bool
}

// uploading is an upload's report with the words the screens' goldens
// were drawn with and the engine's counts, ranges and rate.
func uploading(words string, u upload.Progress) workflow.Event {
	u.Phase = upload.Uploading
	return workflow.Event{Stage: workflow.StageUploading, Message: words, Upload: u}
}

func newFakePrinting() *fakePrinting {
	return &fakePrinting{started: make(chan struct{}), end: make(chan workflow.JobStatus, 1)}
}

func (p *fakePrinting) Pause()  { p.paused = true }
func (p *fakePrinting) Resume() { p.paused = false }

func (p *fakePrinting) Wait() (workflow.JobStatus, error) {
	select {
	case s := <-p.end:
		return s, nil
	case <-p.ctx.Done():
		return workflow.JobStatus{}, p.ctx.Err()
	}
}

// setJobs changes what Jobs answers next.
func (f *fakeBackend) setJobs(jobs []workflow.JobEntry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.jobs = jobs
}

func (f *fakeBackend) Jobs(context.Context) ([]workflow.JobEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.jobsCalls++
	return slices.Clone(f.jobs), f.jobsErr
}

func (f *fakeBackend) CancelJob(_ context.Context, e workflow.JobEntry) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.canceled = append(f.canceled, e.ID)
	return nil
}

func (f *fakeBackend) PrintAgain(_ context.Context, e workflow.JobEntry) (workflow.Reprinted, error) {
	if f.printAgain != nil {
		return f.printAgain(e)
	}
	return workflow.Reprinted{}, &workflow.NoReprintError{Reason: workflow.NoReprintNoCopy, JobID: e.ID,
		Msg: "Job " + e.ID + " cannot be printed again: the service no longer keeps its document. Print the file again from where you keep it."}
}
