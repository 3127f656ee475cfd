package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// Secure release: a share with the "qrCode" release mechanism holds every
// started job in paused/[releaseWait], not acquired by the printer, until
// the user releases it at the printer (here: the control API or Graph's
// printer-route release action).

const releaseWaitDesc = "The print job is held until it is released at the printer."

// heldForRelease reports whether jobs on p wait for release.
func heldForRelease(p *SeedPrinter) bool {
	return slices.Contains(p.Share.ReleaseMechanisms, "qrCode")
}

// held reports whether j waits for release.
func (j *job) held() bool { return j.state == "paused" && slices.Contains(j.details, "releaseWait") }

// fetchable is printJob.isFetchable: the document is stored and the job
// was neither canceled nor aborted, so its bytes can still be fetched.
func (j *job) fetchable() bool {
	return j.uploadDone() && j.state != "canceled" && j.state != "aborted"
}

// releaseJob moves a held job on to processing, as scanning the printer's
// QR code does. Called with s.mu held.
func (s *Server) releaseJob(j *job) *apiError {
	if !j.held() {
		return s.wrongState("The print job %s is not waiting for release (it is %s).", j.id, j.state)
	}
	j.setState("processing", []string{"interpreting"}, "The print job is currently being processed.")
	s.timer.after(j.id, s.cfg.JobProcessing, func() { s.onJobTimer(j) })
	return nil
}

// onControlRelease is POST /_emulator/jobs/{jid}/release.
func (s *Server) onControlRelease(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	j := s.st.jobs[r.PathValue("jid")]
	e := notFound("The print job " + r.PathValue("jid"))
	var out map[string]any
	if j != nil {
		if e = s.releaseJob(j); e == nil {
			out = j.statusEntity("v1.0")
		}
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// onReleaseJob is Graph's POST /print/printers/{pid}/jobs/release {"jobId"}.
func (s *Server) onReleaseJob(w http.ResponseWriter, r *request) *apiError {
	var body struct {
		JobID string `json:"jobId"`
	}
	if e := decodeBody(r.Request, &body, false); e != nil {
		return e
	}
	s.mu.Lock()
	j := s.st.jobs[body.JobID]
	var e *apiError
	if j == nil || !strings.EqualFold(j.printerID, r.printer.ID) || !r.c.mayActOn(j) {
		e = notFound("The print job " + body.JobID)
	} else {
		e = s.releaseJob(j)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
