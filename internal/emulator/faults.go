package emulator

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault kinds accepted by POST /_emulator/faults.
const (
	faultStatus        = "status"          // answer Status (with Retry-After) without touching state
	faultDrop          = "drop"            // read part of the body, then close the connection
	faultStoreThenFail = "store_then_fail" // let the request take effect, then answer Status (default 503)
	faultExpire        = "expire"          // expire the target upload session now
	faultHold          = "hold"            // block until the fault is deleted or the request ends
	faultStoreThenHold = "store_then_hold" // let the request take effect, then hold its answer as hold does
	faultTrickle       = "trickle"         // send the real answer one byte per interval_ms (default 1000)
	faultPad           = "pad"             // put bytes (default 100 MB) of whitespace before a JSON success answer
	// The upload service's lies (missing_all, missing_sent,
	// missing_overlap, missing_none, many_ranges, vanish_last) are in
	// faults_upload.go.
)

// fault is an armed fault, as posted to the control API.
type fault struct {
	ID          string  `json:"id"`
	Kind        string  `json:"kind"`
	Status      int     `json:"status,omitempty"`
	Code        string  `json:"code,omitempty"` // status: the envelope's error code instead of the status's own
	RetryAfter  string  `json:"retry_after,omitempty"`
	Count       int     `json:"count,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Host        string  `json:"host,omitempty"`
	Method      string  `json:"method,omitempty"`
	PathPrefix  string  `json:"path_prefix,omitempty"`
	PathSuffix  string  `json:"path_suffix,omitempty"`
	IntervalMS  int     `json:"interval_ms,omitempty"` // trickle: milliseconds between two bytes
	Bytes       int64   `json:"bytes,omitempty"`       // pad: whitespace before the answer
	Ranges      int     `json:"ranges,omitempty"`      // many_ranges: how many gaps to list
	Hits        int     `json:"hits"`
	release     chan struct{}
}

// faults is the armed list, guarded by Server.mu.
type faults struct {
	list  []*fault
	spent []*fault // used-up hold faults whose requests still wait
}

func (fs *faults) clear() {
	for _, f := range append(fs.list, fs.spent...) {
		f.stop()
	}
	fs.list, fs.spent = nil, nil
}

func (fs *faults) remove(id string) bool {
	found := false
	for _, l := range []*[]*fault{&fs.list, &fs.spent} {
		for i, f := range *l {
			if f.ID == id {
				f.stop()
				*l = append((*l)[:i], (*l)[i+1:]...)
				found = true
				break
			}
		}
	}
	return found
}

func (f *fault) stop() {
	if f.release != nil {
		close(f.release)
		f.release = nil
	}
}

// validate fills defaults and checks the fault; the error is for the caller.
func (f *fault) validate() *apiError {
	switch f.Kind {
	case faultStatus, faultStoreThenFail, faultVanishLast:
		if f.Status == 0 {
			f.Status = http.StatusServiceUnavailable
			if f.Kind == faultVanishLast {
				f.Status = http.StatusInternalServerError
			}
		}
		if f.Status < 400 || f.Status > 599 {
			return badRequest("status must be an HTTP error status (400-599), not %d", f.Status)
		}
	case faultDrop, faultExpire, faultHold, faultStoreThenHold, faultMissingAll, faultMissingSent, faultMissingOverlap, faultMissingNone:
	case faultTrickle, faultPad:
		if e := f.validateSlow(); e != nil {
			return e
		}
	case faultManyRanges:
		if f.Ranges < 0 || f.Ranges > 10_000_000 {
			return badRequest("ranges must be between 1 and 10000000 (0: %d)", defaultManyRanges)
		}
	default:
		return badRequest("kind must be one of status, drop, store_then_fail, expire, hold, store_then_hold, trickle, pad, "+
			"missing_all, missing_sent, missing_overlap, missing_none, many_ranges, vanish_last; got %q", f.Kind)
	}
	if f.RetryAfter != "" {
		if _, err := strconv.ParseFloat(f.RetryAfter, 64); err != nil {
			if _, err := http.ParseTime(f.RetryAfter); err != nil {
				return badRequest("retry_after must be seconds (\"2\", \"0.5\") or an HTTP date, got %q", f.RetryAfter)
			}
		}
	}
	switch f.Host {
	case "":
		f.Host = "upload"
	case "upload", "graph":
	default:
		return badRequest("host must be \"upload\" or \"graph\", got %q", f.Host)
	}
	if f.Probability < 0 || f.Probability > 1 {
		return badRequest("probability must be between 0 and 1")
	}
	if f.Count < 0 {
		return badRequest("count must not be negative")
	}
	if f.Count == 0 && f.Probability == 0 {
		f.Count = 1
	}
	f.Method = strings.ToUpper(f.Method)
	f.ID = newGUID()
	if f.Kind == faultHold || f.Kind == faultStoreThenHold {
		f.release = make(chan struct{})
	}
	return nil
}

func (f *fault) apiError() *apiError {
	e := &apiError{status: f.Status, retryAfter: f.RetryAfter}
	switch f.Status {
	case http.StatusTooManyRequests:
		e.code, e.message = "TooManyRequests", "Please retry again later."
	case http.StatusServiceUnavailable:
		e.code, e.message = "serviceNotAvailable", "The service is temporarily unavailable. Retry after the time in Retry-After."
	case http.StatusGatewayTimeout:
		e.code, e.message = "gatewayTimeout", "The request timed out upstream. Retry it."
	case http.StatusBadGateway:
		e.code, e.message = "badGateway", "An upstream service failed. Retry it."
	default:
		e.code, e.message = "generalException", "An injected failure occurred. Retry it."
	}
	switch f.Code {
	case "":
	case "activityLimitReached":
		e.code, e.message = f.Code, "The user has sent too many jobs or bytes in a short time. Retry after the time in Retry-After."
	case "quotaLimitReached":
		e.code, e.message = f.Code, "The user has reached a print quota. Retry after the time in Retry-After."
	default:
		e.code = f.Code
	}
	return e
}

// takeFault finds the first armed fault matching the request and consumes one
// use of it. A hold fault is returned with its release channel.
func (s *Server) takeFault(host string, r *http.Request) *fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.flts.list {
		if f.Host != host || (f.Method != "" && f.Method != r.Method) || !strings.HasPrefix(r.URL.Path, f.PathPrefix) || !strings.HasSuffix(r.URL.Path, f.PathSuffix) {
			continue
		}
		if f.Probability > 0 && rand.Float64() >= f.Probability {
			continue
		}
		f.Hits++
		c := *f // a copy: the caller reads it without the lock
		if f.Count > 0 {
			f.Count--
			if f.Count == 0 {
				s.flts.removeKeepOpen(f.ID)
			}
		}
		return &c
	}
	return nil
}

// removeKeepOpen drops a used-up fault but leaves a hold fault's channel
// open: the request that consumed it waits until DELETE /_emulator/faults.
func (fs *faults) removeKeepOpen(id string) {
	for i, f := range fs.list {
		if f.ID == id {
			if f.release != nil {
				fs.spent = append(fs.spent, f)
			}
			fs.list = append(fs.list[:i], fs.list[i+1:]...)
			return
		}
	}
}

// expireTarget expires the upload session a request is aimed at.
func (s *Server) expireTarget(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Second)
	if id, ok := strings.CutPrefix(path, "/uploadSessions/"); ok {
		if us := s.st.sessions[id]; us != nil {
			us.expires = past
		}
		return
	}
	for _, us := range s.st.sessions {
		if strings.Contains(path, "/documents/"+us.docID+"/") {
			us.expires = past
		}
	}
}
