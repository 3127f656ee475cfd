package workflow

import (
	"context"
	"errors"
	"slices"
	"time"

	"printdrop/internal/auth"
	"printdrop/internal/convert"
	"printdrop/internal/graph"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/upload"
)

// Desktop is the Service as a window uses it: the same use cases, in the
// view-ready types of view.go (rows with readiness, progress in words,
// typed outcomes). It keeps no state of its own: the chosen printer is the
// window's, and comes back with every call that needs it.
type Desktop struct {
	S *Service
}

// NewDesktop wraps s for a window.
func NewDesktop(s *Service) *Desktop { return &Desktop{S: s} }

// NeedsClientID is false: a Service exists only with a client ID (the app
// shows the first-run panel through NoClientBackend instead).
func (b *Desktop) NeedsClientID() bool { return false }

// Restore is the window's; "nobody signed in" is not an error here.
func (b *Desktop) Restore(ctx context.Context) (Account, error) {
	a, err := b.S.Restore(ctx)
	if errors.Is(err, auth.ErrSignInRequired) {
		return Account{}, nil
	}
	return account(a), err
}

// SignIn is the window's.
func (b *Desktop) SignIn(ctx context.Context, h SignInHooks) (Account, error) {
	var switched string
	a, err := b.S.SignIn(ctx, auth.Hooks{ShowURL: h.ShowURL, OpenFailed: h.OpenFailed,
		AccountChanged: func(previous, _ auth.Account) { switched = safetext.Show(previous.String()) }})
	acct := account(a)
	acct.SwitchedFrom = switched
	return acct, err
}

// SignInWithCode is the window's.
func (b *Desktop) SignInWithCode(ctx context.Context, show func(code, url string)) (Account, error) {
	var switched string
	a, err := b.S.SignInWithDeviceCode(ctx, auth.Hooks{ShowDeviceCode: func(c auth.DeviceCode) {
		show(safetext.Show(c.UserCode), safetext.Show(c.VerificationURI))
	}, AccountChanged: func(previous, _ auth.Account) { switched = safetext.Show(previous.String()) }})
	acct := account(a)
	acct.SwitchedFrom = switched
	return acct, err
}

// CheckRegistration is the window's.
func (b *Desktop) CheckRegistration(ctx context.Context) error {
	return b.S.CheckRegistration(ctx)
}

// SignOut is the window's.
func (b *Desktop) SignOut(ctx context.Context) error { return b.S.SignOut(ctx) }

// account is who is signed in, for the account corner. Every text that came
// from outside (a service, a file system) passes safetext.Show on its way
// into the window's labels, here in the adapter.
func account(a auth.Account) Account {
	return Account{Name: safetext.Show(a.Name), UPN: safetext.Show(a.UPN)}
}

// SharePages is the window's: the printers the user printed to lately
// come first, most recent first, then every other share page by page.
func (b *Desktop) SharePages(ctx context.Context, page func([]PrinterRow) error) error {
	recent, err := b.S.RecentPrinters(ctx)
	if err != nil {
		return err
	}
	first := make(map[string]bool, len(recent))
	for _, r := range recent {
		first[r.ID] = true
	}
	if len(recent) > 0 {
		if err := page(recent); err != nil {
			return err
		}
	}
	return b.S.SharePages(ctx, func(shares []graph.Share) error {
		rows := printerRows(shares)
		if len(recent) > 0 {
			rows = slices.DeleteFunc(rows, func(r PrinterRow) bool { return first[r.ID] })
			if len(rows) == 0 {
				return nil
			}
		}
		return page(rows)
	})
}

func printerRows(shares []graph.Share) []PrinterRow {
	rows := make([]PrinterRow, len(shares))
	for i, sh := range shares {
		rows[i] = printerRow(sh)
	}
	return rows
}

// CachedPrinters is the window's with the list the workflow kept.
func (b *Desktop) CachedPrinters() ([]PrinterRow, time.Time, bool) {
	c, ok := b.S.CachedShares()
	if !ok {
		return nil, time.Time{}, false
	}
	return printerRows(c.Shares), c.Saved, true
}

// ForgetStatuses is the window's.
func (b *Desktop) ForgetStatuses() { b.S.ForgetStatuses() }

// printerRow is a share as a row. An administrator's list (and a single
// share's read) carries the status; a normal user's list does not, and
// the row waits for Statuses.
func printerRow(sh graph.Share) PrinterRow {
	return PrinterRow{ID: sh.ID, Name: safetext.Show(sh.DisplayName), Location: safetext.Show(sh.Location.String()),
		Model: safetext.Show(joinNonEmpty(sh.Manufacturer, sh.Model)), Readiness: ReadinessOf(sh),
		StatusChecked: sh.Status != nil || sh.IsAcceptingJobs != nil, searchKey: SearchKey(sh)}
}

// Statuses is the window's with the workflow's bounded, streaming reads.
func (b *Desktop) Statuses(ctx context.Context, ids []string, got func(string, PrinterReadiness)) error {
	return b.S.ShareStatuses(ctx, ids, func(st ShareStatus) { got(st.ShareID, st.Readiness) })
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

// Filter is the window's with the workflow's matching (every word, in
// name, location or model, ignoring case and accents) on the search keys
// folded once per row, so a keystroke over 10,000 rows folds nothing.
func (b *Desktop) Filter(ps []PrinterRow, query string) []PrinterRow {
	q := ParseQuery(query)
	if q.Empty() {
		return ps
	}
	var out []PrinterRow
	for _, p := range ps {
		key := p.searchKey
		if key == "" {
			key = SearchKeyOf(p.Name, p.Location, p.Model)
		}
		if q.Matches(key) {
			out = append(out, p)
		}
	}
	return out
}

// Details is the window's.
func (b *Desktop) Details(ctx context.Context, shareID string) (PrinterDetails, error) {
	p, err := b.S.Printer(ctx, shareID)
	if err != nil {
		return PrinterDetails{}, err
	}
	return PrinterDetails{PrinterRow: printerRow(p.Share), Options: p.Options, Defaults: p.Defaults, loaded: p}, nil
}

// WaitingJobs is the window's.
func (b *Desktop) WaitingJobs(ctx context.Context, shareID string) ([]WaitingJob, error) {
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

// CheckFile is the window's: the same check as the command line's
// (checkDocument), against the chosen printer when there is one (nil
// before a printer is chosen). Only the printer's readiness is left out:
// a stopped printer is said in the job panel, and the file stays queued
// for another printer.
func (b *Desktop) CheckFile(path string, chosen *PrinterDetails) (FileInfo, error) {
	var p Printer
	if chosen != nil {
		p = chosen.loaded
	}
	f, err := checkDocument(path, p, b.S.converting(true), upload.Identity{})
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	info := FileInfo{Path: path, Name: safetext.Show(f.Name()), Size: f.Size(), Type: f.ContentType(), seen: f.Identity()}
	if convert.KindOf(f.Name(), f.ContentType()) == convert.Image {
		info.Pages = convert.PictureCount(f.Path()) // headers only
	}
	return info, nil
}

// Print is the window's.
func (b *Desktop) Print(ctx context.Context, req PrintOrder, onEvent func(Event)) (Printing, error) {
	if req.Printer.loaded.ID() == "" {
		return nil, &saidError{saying{say.T("The printer's details are not loaded"), say.T("choose the printer again.")}}
	}
	t, err := b.S.Print(ctx, PrintRequest{
		Path: req.File.Path, Printer: req.Printer.loaded, JobSettings: req.JobSettings, JobID: req.JobID,
		OnEvent: onEvent, seen: req.File.seen,
	})
	if err != nil {
		return nil, err
	}
	return taskPrinting{t}, nil
}

// Interrupted is the window's.
func (b *Desktop) Interrupted(ctx context.Context) ([]Interrupted, error) {
	cps, err := b.S.Resumable(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Interrupted, len(cps))
	for i, cp := range cps {
		out[i] = Interrupted{Path: cp.FilePath, Name: safetext.Show(cp.Name), ShareID: cp.ShareID, Size: cp.Size, checkpoint: &cps[i]}
	}
	return out, nil
}

// Discard is the window's.
func (b *Desktop) Discard(ctx context.Context, it Interrupted) error {
	if it.checkpoint == nil {
		return &saidError{saying{head: say.T("This interrupted upload is no longer known")}}
	}
	return b.S.Discard(ctx, *it.checkpoint)
}

// LastShareID is the window's.
func (b *Desktop) LastShareID() string { return b.S.Settings().LastShareID }

// RememberShare is the window's.
func (b *Desktop) RememberShare(id string) { b.S.RememberShare(id) }

// Explain is the window's.
func (b *Desktop) Explain(err error) (string, string, string) { return Explain(err) }

type taskPrinting struct{ t *PrintTask }

func (p taskPrinting) Pause()  { p.t.Pause() }
func (p taskPrinting) Resume() { p.t.Resume() }

func (p taskPrinting) Wait() (JobStatus, error) {
	r, err := p.t.Wait()
	if err != nil {
		return JobStatus{}, err
	}
	return JobStatus{State: r.State, Description: safetext.Show(r.Description), Terminal: true, Succeeded: r.Succeeded()}, nil
}
