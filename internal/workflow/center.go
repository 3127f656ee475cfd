package workflow

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"printdrop/internal/graph"
	"printdrop/internal/say"
)

// The print center: the user's recent jobs across their recent printers,
// with their state in words.

// JobPhase is where a job stands, in the words the jobs view uses.
type JobPhase string

// The phases of a job.
const (
	PhaseUploading JobPhase = "uploading" // the document is not all sent yet
	PhaseWaiting   JobPhase = "waiting"   // the printer has not taken it yet
	PhaseHeld      JobPhase = "held"      // held for release at the printer
	PhasePrinting  JobPhase = "printing"
	PhasePrinted   JobPhase = "printed"
	PhaseCanceled  JobPhase = "canceled"
	PhaseFailed    JobPhase = "failed" // stopped or aborted, with a reason
)

// HeldSentence is what the jobs view says of a job held for release.
const HeldSentence = "Go to the printer and release it, for example by scanning its QR code."

// JobEntry is one job of the jobs view.
type JobEntry struct {
	ID           string
	ShareID      string
	Printer      string // the share's name
	DocumentName string
	DocumentID   string
	Created      time.Time
	Phase        JobPhase
	// Words say the state as a sentence ("Held for release. Go to the
	// printer and release it, ...").
	Words string
	// Reason is the service's description of a failed job; PrinterState
	// the printer's own state in words ("paper jam"), when it has one.
	Reason, PrinterState string
	// Fetchable: the service still keeps the document (a reprint can use it).
	Fetchable bool
	// FromHere: this machine sent it; LocalFile is the file it printed.
	FromHere  bool
	LocalFile string

	terminal bool // completed, canceled or aborted: nothing more happens
}

// Unfinished reports whether the job can still be cancelled.
func (e JobEntry) Unfinished() bool {
	return !e.terminal
}

// jobsPageSize is the $top asked for on each share's job list.
const jobsPageSize = 200

// Jobs lists the signed-in user's recent jobs, newest first: those on the
// shares of GET /me/print/recentPrinterShares and on the shares of the
// record of jobs this machine sent.
//
// Request budget: 1 (recent shares, one page for up to a few hundred
// shares) + 1 (/me, once per Service, for the user's UPN) + for each of
// those shares its job list filtered to the user, in pages of 200 jobs
// (500 jobs on 20 shares: 20 requests) + 1 share read per share that has
// a failed job still unfinished, for the printer's own state. No request
// is made per job.
func (s *Service) Jobs(ctx context.Context) ([]JobEntry, error) {
	recent, err := s.graph.RecentShares(ctx)
	if err != nil {
		return nil, err
	}
	sent := s.SentJobs()
	names := map[string]string{}
	var shares []string
	add := func(id, name string) {
		if _, ok := names[id]; !ok {
			shares = append(shares, id)
		}
		if name != "" || names[id] == "" {
			names[id] = name
		}
	}
	for _, sh := range recent {
		add(sh.ID, sh.DisplayName)
	}
	for _, j := range sent {
		if _, ok := names[j.ShareID]; !ok {
			add(j.ShareID, j.Printer)
		}
	}
	local := map[string]SentJob{}
	for _, j := range sent {
		local[j.ShareID+"/"+j.JobID] = j
	}
	var out []JobEntry
	for _, id := range shares {
		jobs, err := s.graph.Jobs(ctx, id, graph.JobQuery{CreatedBy: "me", Top: jobsPageSize})
		if graph.IsNotFound(err) || HTTPStatus(err) == http.StatusForbidden {
			continue // a share removed since, or no longer shared with the user
		}
		if err != nil {
			return nil, err
		}
		var failed bool
		first := len(out)
		for _, j := range jobs {
			e := entryOf(j, id, names[id])
			if sj, ok := local[id+"/"+j.ID]; ok {
				e.FromHere, e.LocalFile = true, sj.Path
				e.DocumentName = cmp.Or(e.DocumentName, sj.DocumentName)
			}
			failed = failed || (e.Phase == PhaseFailed && !e.terminal)
			out = append(out, e)
		}
		if failed {
			s.addPrinterState(ctx, id, out[first:])
		}
	}
	slices.SortStableFunc(out, func(a, b JobEntry) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// addPrinterState puts the printer's own state on the share's failed jobs
// (one share read; an error leaves the jobs as they are).
func (s *Service) addPrinterState(ctx context.Context, shareID string, entries []JobEntry) {
	p, err := s.Printer(ctx, shareID)
	if err != nil {
		return
	}
	state := p.Readiness.Reason
	if state == "" && p.Share.Status != nil {
		state = strings.TrimSuffix(strings.TrimSpace(p.Share.Status.Description), ".")
	}
	for i := range entries {
		if entries[i].Phase == PhaseFailed && state != "" {
			entries[i].PrinterState = state
			entries[i].Words += " " + say.T("The printer reports: {{.State}}.", say.Args{"State": state})
		}
	}
}

// entryOf turns a listed job into its entry.
func entryOf(j graph.Job, shareID, printer string) JobEntry {
	e := JobEntry{ID: j.ID, ShareID: shareID, Printer: printer, Created: j.CreatedDateTime.Time,
		Fetchable: j.IsFetchable, DocumentName: j.DisplayName, terminal: j.Status.Terminal()}
	if len(j.Documents) > 0 {
		e.DocumentID = j.Documents[0].ID
		e.DocumentName = cmp.Or(j.Documents[0].DisplayName, e.DocumentName)
	}
	st := j.Status
	switch {
	case st.State == graph.JobCompleted:
		e.Phase, e.Words = PhasePrinted, "Printed."
	case st.State == graph.JobCanceled:
		e.Phase, e.Words = PhaseCanceled, "Canceled."
	case st.State == graph.JobAborted || st.State == graph.JobStopped:
		e.Phase, e.Reason = PhaseFailed, strings.TrimSpace(st.Description)
		e.Words = "Failed."
		if st.State == graph.JobStopped {
			e.Words = say.T("Stopped at the printer.")
		}
		if e.Reason != "" {
			e.Words += " " + strings.TrimSuffix(e.Reason, ".") + "."
		}
	case st.Has(graph.JobReleaseWait):
		e.Phase, e.Words = PhaseHeld, say.T("Held for release.")+" "+say.T(HeldSentence)
	case st.State == graph.JobPaused && st.Has(graph.JobUploadPending):
		e.Phase, e.Words = PhaseUploading, say.T("Uploading: the document is not all sent yet.")
	case !st.IsAcquiredByPrinter:
		e.Phase, e.Words = PhaseWaiting, say.T("Waiting for the printer to take it.")
	default:
		e.Phase, e.Words = PhasePrinting, "Printing."
	}
	return e
}
