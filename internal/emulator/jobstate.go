package emulator

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// The job state machine: start, the processing timer, stopped
// printers and cancel.

func (s *Server) onStartJob(w http.ResponseWriter, r *request) *apiError {
	if e := decodeBody(r.Request, &struct{}{}, true); e != nil {
		return e
	}
	s.mu.Lock()
	j, e := s.findJob(r)
	if e == nil {
		e = s.startJob(j)
	}
	var out map[string]any
	if e == nil {
		out = j.statusEntity(r.version)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	out["@odata.context"] = s.context(r, "microsoft.graph.printJobStatus")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// startJob moves an uploaded job to processing/[interpreting] and arms the
// timer that completes it. Called with s.mu held.
func (s *Server) startJob(j *job) *apiError {
	switch {
	case j.terminal():
		return s.wrongState("The print job %s is already %s and cannot be started. Create a new job.", j.id, j.state)
	case j.state == "processing" || j.state == "stopped":
		return nil // already started: report the current status
	case !j.uploadDone():
		return s.wrongState("The print job %s cannot start: its document upload is not complete. Finish the upload, then start the job.", j.id)
	}
	if p := s.st.byPrinter[strings.ToLower(j.printerID)]; p != nil && heldForRelease(p) {
		j.setState("paused", []string{"releaseWait"}, releaseWaitDesc)
		return nil
	}
	j.setState("processing", []string{"interpreting"}, "The print job is currently being processed.")
	s.timer.after(j.id, s.cfg.JobProcessing, func() { s.onJobTimer(j) })
	return nil
}

// onJobTimer ends processing: completed, or stopped while the printer is.
func (s *Server) onJobTimer(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.jobs[j.id] != j {
		return // the data was reseeded since
	}
	delete(s.timer.m, j.id)
	if j.state != "processing" {
		return
	}
	p := s.st.byPrinter[strings.ToLower(j.printerID)]
	if p != nil && p.Status.State == "stopped" {
		stopJob(j, p)
		return
	}
	now := time.Now()
	j.setState("completed", []string{"completedSuccessfully"}, "The print job has completed successfully.")
	j.acquired, j.acked, j.completed = true, &now, &now
}

func stopJob(j *job, p *SeedPrinter) {
	desc := p.Status.Description
	if desc == "" {
		desc = "The printer needs attention before the job can continue."
	}
	j.setState("stopped", slices.Clone(p.Status.Details), desc)
	j.acquired = true
}

// printerStatusChanged resumes or re-labels the printer's stopped jobs.
// Called with s.mu held.
func (s *Server) printerStatusChanged(p *SeedPrinter) {
	for _, j := range s.st.jobOrder {
		if j.printerID != p.ID || j.state != "stopped" {
			continue
		}
		if p.Status.State == "stopped" {
			stopJob(j, p)
			continue
		}
		j.setState("processing", []string{"interpreting"}, "The print job is currently being processed.")
		s.timer.after(j.id, s.cfg.JobProcessing, func() { s.onJobTimer(j) })
	}
}

func (s *Server) onCancelJob(w http.ResponseWriter, r *request) *apiError {
	s.mu.Lock()
	j, e := s.findJob(r)
	if e == nil && j.terminal() {
		e = s.wrongState("The print job %s is already %s and cannot be canceled.", j.id, j.state)
	}
	if e == nil {
		s.timer.stop(j.id)
		if j.doc.session != nil {
			s.st.dropSession(j.doc.session)
		}
		j.setState("canceled", nil, "The print job has been canceled.")
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
