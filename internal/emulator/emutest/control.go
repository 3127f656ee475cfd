package emutest

import (
	"net/http"
	"net/url"
)

// Request is one entry of the emulator's request log.
type Request struct {
	Method        string `json:"method"`
	Host          string `json:"host"` // "graph" or "upload"
	Path          string `json:"path"` // never the query, so no tempauth token
	Status        int    `json:"status"`
	Authorization bool   `json:"authorization"` // an Authorization header was sent
	Bytes         int64  `json:"bytes"`         // request body bytes the handler read
}

// Requests returns the request log, oldest first.
func (e *Env) Requests() []Request {
	e.t.Helper()
	list := []Request{}
	e.Control(http.MethodGet, "/requests", nil, &list)
	return list
}

// UploadedBytes sums the request body bytes the upload host read in PUTs,
// retransmissions included: what a client's upload cost on the wire.
func (e *Env) UploadedBytes() int64 {
	e.t.Helper()
	var n int64
	for _, r := range e.Requests() {
		if r.Host == "upload" && r.Method == http.MethodPut {
			n += r.Bytes
		}
	}
	return n
}

// ClearRequests empties the request log.
func (e *Env) ClearRequests() {
	e.t.Helper()
	e.Control(http.MethodDelete, "/requests", nil, nil)
}

// Fault is a failure to inject, as POST /_emulator/faults takes it. Zero
// fields take the emulator's defaults: Status 503 for the status kinds,
// Host "upload", Count 1 unless Probability is set, any method and path.
type Fault struct {
	// Kind is status, drop, store_then_fail, expire, hold, trickle, pad, or
	// one of the upload service's lies: missing_all, missing_sent,
	// missing_overlap, missing_none, many_ranges, vanish_last (see the
	// emulator's faults_upload.go and docs/emulator.md).
	Kind        string  `json:"kind"`
	Status      int     `json:"status,omitempty"`
	Code        string  `json:"code,omitempty"`        // status: the error code, e.g. activityLimitReached or quotaLimitReached
	RetryAfter  string  `json:"retry_after,omitempty"` // seconds ("0.5") or an HTTP date
	Count       int     `json:"count,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Host        string  `json:"host,omitempty"` // "upload" or "graph"
	Method      string  `json:"method,omitempty"`
	PathPrefix  string  `json:"path_prefix,omitempty"`
	PathSuffix  string  `json:"path_suffix,omitempty"` // e.g. "/start"
	IntervalMS  int     `json:"interval_ms,omitempty"` // trickle: milliseconds per byte (default 1000)
	Bytes       int64   `json:"bytes,omitempty"`       // pad: whitespace before a JSON answer (default 100 MB)
	Ranges      int     `json:"ranges,omitempty"`      // many_ranges: gaps to list (default 200,000)
}

// Fault arms f and returns its id; a fault the emulator refuses fails the
// test.
func (e *Env) Fault(f Fault) string {
	e.t.Helper()
	var out struct {
		ID string `json:"id"`
	}
	e.Control(http.MethodPost, "/faults", f, &out)
	if out.ID == "" {
		e.t.Fatalf("control POST /faults %+v: the answer has no id", f)
	}
	return out.ID
}

// DeleteFault disarms one fault (and releases the requests a hold fault
// keeps waiting).
func (e *Env) DeleteFault(id string) {
	e.t.Helper()
	e.Control(http.MethodDelete, "/faults/"+url.PathEscape(id), nil, nil)
}

// ClearFaults disarms every fault.
func (e *Env) ClearFaults() {
	e.t.Helper()
	e.Control(http.MethodDelete, "/faults", nil, nil)
}

// Document returns the size and hex SHA-256 of a job's stored document;
// ok is false while the job has no complete document.
func (e *Env) Document(jobID string) (size int64, sha256 string, ok bool) {
	e.t.Helper()
	var out struct {
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	}
	code, err := e.Do(http.MethodGet, "/jobs/"+url.PathEscape(jobID)+"/document", nil, &out)
	if code == http.StatusNotFound {
		return 0, "", false
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return out.Size, out.SHA256, true
}

// JobState returns the job's status.state as the emulator holds it
// ("processing", "completed", "canceled", ...); an unknown job fails the
// test.
func (e *Env) JobState(jobID string) string {
	e.t.Helper()
	var out struct {
		Status struct {
			State string `json:"state"`
		} `json:"status"`
	}
	e.Control(http.MethodGet, "/jobs/"+url.PathEscape(jobID), nil, &out)
	return out.Status.State
}

// PrinterStatus changes a printer's status; zero fields leave it as is.
type PrinterStatus struct {
	State string `json:"state,omitempty"` // unknown, idle, processing, stopped
	// Details replaces the details when not nil: []string{} clears them.
	Details         []string `json:"details"`
	Description     string   `json:"description,omitempty"`
	IsAcceptingJobs *bool    `json:"isAcceptingJobs,omitempty"`
}

// SetPrinterStatus changes the status of a printer, given by its printer
// id or its share's id, as a device would report it.
func (e *Env) SetPrinterStatus(id string, s PrinterStatus) {
	e.t.Helper()
	e.Control(http.MethodPut, "/printers/"+url.PathEscape(id)+"/status", s, &struct{}{})
}

// SeedShares replaces the emulator's printers with n shares (the demo's 30
// repeated, "Share 00000 – …"), every one visible to the demo user; the
// ids are emulator.LargeShareID(0..n-1).
func (e *Env) SeedShares(n int) {
	e.t.Helper()
	e.Control(http.MethodPost, "/seed/shares", map[string]int{"count": n}, nil)
}
