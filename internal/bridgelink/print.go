package bridgelink

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"printdrop/internal/ranges"
	"printdrop/internal/upload"
	"printdrop/internal/workflow"
)

// Listen is where printdrop bridge listens unless told otherwise
// (bridge.DefaultListen is this): a fixed loopback port, so CUPS queues
// pointing at it survive restarts, and so the window finds the bridge's
// feed of prints without asking anyone.
const Listen = "127.0.0.1:8631"

// Print is one print the bridge is carrying for another application, as
// its feed (GET /printdrop/prints) sends it: the bridge writes it, the
// window reads it. It carries the same words and numbers as a
// workflow.Event (see Event and Follow), so a window draws it with the code
// that draws its own uploads.
//
// Printer, Document and User are exact values from outside (a share's
// name, the job-name an application chose). The bridge passes its own
// sentences (Phase, Outcome, JobDescription) through safetext.Show, but
// the feed comes from another process, possibly not the bridge (any local
// program could listen on the port while the bridge is off): a window
// passes every string through safetext.Show before showing it.
type Print struct {
	ID       int    // the bridge's IPP job id (what Cancel takes)
	ShareID  string // the Universal Print share
	Printer  string // the share's name
	Document string // the job's name, as the application gave it
	User     string // who submitted it (requesting-user-name)

	Phase        string // the print's words (workflow.Event.Words)
	Acked, Total int64
	Rate         float64       // bytes per second, smoothed; 0 unknown
	ETA          time.Duration // sent as whole seconds
	Missing      ranges.Set    // what Universal Print still needs
	InFlight     ranges.Set    // what is being sent right now

	// JobState is the Universal Print job's state once known ("processing",
	// "completed", "aborted"...); JobDescription its status in words.
	JobState       string
	JobDescription string

	Ended     bool
	Succeeded bool
	// Outcome is the final sentence once Ended: "Printed.", "Canceled.", or
	// the failure, word for word as the IPP job-state-message says it.
	Outcome string
	Updated time.Time
}

// appPrintWire is Print on the wire: snake_case keys, ranges as
// [[start,end],...] (inclusive, as ranges.Set), durations in seconds.
type appPrintWire struct {
	ID             int        `json:"id"`
	ShareID        string     `json:"share_id"`
	Printer        string     `json:"printer"`
	Document       string     `json:"document"`
	User           string     `json:"user,omitempty"`
	Phase          string     `json:"phase"`
	Acked          int64      `json:"acked"`
	Total          int64      `json:"total"`
	Rate           float64    `json:"rate"`
	ETA            float64    `json:"eta"`
	Missing        [][2]int64 `json:"missing"`
	InFlight       [][2]int64 `json:"in_flight"`
	JobState       string     `json:"job_state,omitempty"`
	JobDescription string     `json:"job_description,omitempty"`
	Ended          bool       `json:"ended"`
	Succeeded      bool       `json:"succeeded"`
	Outcome        string     `json:"outcome,omitempty"`
	Updated        time.Time  `json:"updated"`
}

// MarshalJSON writes the wire form.
func (a Print) MarshalJSON() ([]byte, error) {
	rate := a.Rate
	if math.IsNaN(rate) || math.IsInf(rate, 0) { // JSON has no NaN: unknown
		rate = 0
	}
	return json.Marshal(appPrintWire{ID: a.ID, ShareID: a.ShareID, Printer: a.Printer, Document: a.Document, User: a.User,
		Phase: a.Phase, Acked: a.Acked, Total: a.Total, Rate: rate, ETA: a.ETA.Seconds(),
		Missing: pairsOf(a.Missing), InFlight: pairsOf(a.InFlight), JobState: a.JobState, JobDescription: a.JobDescription,
		Ended: a.Ended, Succeeded: a.Succeeded, Outcome: a.Outcome, Updated: a.Updated})
}

// UnmarshalJSON reads the wire form; invalid ranges are dropped (the set
// is normalised as ranges.Of does).
func (a *Print) UnmarshalJSON(b []byte) error {
	var w appPrintWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Print{ID: w.ID, ShareID: w.ShareID, Printer: w.Printer, Document: w.Document, User: w.User,
		Phase: w.Phase, Acked: w.Acked, Total: w.Total, Rate: w.Rate, ETA: time.Duration(w.ETA * float64(time.Second)),
		Missing: setOf(w.Missing), InFlight: setOf(w.InFlight), JobState: w.JobState, JobDescription: w.JobDescription,
		Ended: w.Ended, Succeeded: w.Succeeded, Outcome: w.Outcome, Updated: w.Updated}
	return nil
}

func pairsOf(s ranges.Set) [][2]int64 {
	out := make([][2]int64, len(s))
	for i, r := range s {
		out[i] = [2]int64{r.Start, r.End}
	}
	return out
}

func setOf(pairs [][2]int64) ranges.Set {
	if len(pairs) == 0 {
		return nil
	}
	rs := make([]ranges.Range, len(pairs))
	for i, p := range pairs {
		rs[i] = ranges.Range{Start: p[0], End: p[1]}
	}
	return ranges.Of(rs...)
}

// Event is the print as the window's own prints report it, so the window
// draws both with the same code: the phase's words as its message, the
// counts, ranges, rate and time left as the upload's, and the job's
// status once known (final once Ended, with Outcome as its description).
func (a Print) Event() workflow.Event {
	e := workflow.Event{Stage: workflow.StageUploading, File: a.Document, Message: a.Phase,
		JobState: a.JobState, JobDescription: a.JobDescription,
		Upload: upload.Progress{Phase: upload.Uploading, Name: a.Document, Acked: a.Acked, Total: a.Total,
			InFlight: a.InFlight, Missing: a.Missing, Rate: a.Rate, Remaining: a.ETA}}
	switch {
	case a.Ended:
		e.Stage, e.JobDescription = workflow.StageDone, a.Outcome
		if e.JobState == "" { // an end without a job: say how it went
			e.JobState = map[bool]string{true: "completed", false: "aborted"}[a.Succeeded]
		}
	case a.JobState != "":
		e.Stage = workflow.StageWaiting
	}
	return e
}

// Follow copies a print's progress into a (the bridge's side of Event):
// the words, counts, ranges, rate and time left, and the job's state so
// far.
func (a *Print) Follow(e workflow.Event) {
	u := e.Upload
	a.Phase, a.Acked, a.Total, a.InFlight, a.Missing, a.Rate, a.ETA = e.Words(), u.Acked, u.Total, u.InFlight, u.Missing, u.Rate, u.Remaining
	if j := e.Job(); j != nil {
		a.JobState, a.JobDescription = j.State, j.Description
	}
}

// The bridge's feed of prints, a local interface between printdrop bridge
// and the window (see docs/bridge.md).
const (
	// FeedPath streams FeedLine as application/x-ndjson.
	FeedPath = "/printdrop/prints"
	// FeedType is the feed's content type.
	FeedType = "application/x-ndjson"
)

// CancelPath is the route that cancels print id: POST, answered
// 204 No Content, or 404 when no print with that id is under way.
func CancelPath(id int) string { return FeedPath + "/" + strconv.Itoa(id) + "/cancel" }

// FeedLine is one line of the feed: a snapshot of every print
// (Prints, present even when empty) or a keep-alive (KeepAlive true, no
// Prints). Readers ignore lines they do not know.
type FeedLine struct {
	Prints    *[]Print `json:"prints,omitempty"`
	KeepAlive bool     `json:"keepalive,omitempty"`
}
