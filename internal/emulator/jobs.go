package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

var (
	jobProps      = []string{"id", "createdDateTime", "createdBy", "status", "configuration", "isFetchable", "redirectedFrom", "redirectedTo", "errorCode", "acknowledgedDateTime", "documents"}
	jobDefaults   = jobProps[:len(jobProps)-1]
	jobRules      = queryRules{paged: true, props: jobProps, expands: []string{"documents", "tasks"}, filter: true}
	jobOneRules   = queryRules{props: jobProps, expands: []string{"documents", "tasks"}}
	documentProps = []string{"id", "displayName", "contentType", "size", "uploadedDateTime", "downloadedDateTime"}
)

func (d *document) entity() map[string]any {
	return map[string]any{
		"id": d.id, "displayName": d.displayName, "contentType": d.contentType, "size": d.size,
		"uploadedDateTime": timeOrNil(d.uploaded), "downloadedDateTime": timeOrNil(d.downloaded),
	}
}

// statusEntity is printJobStatus; /beta adds the deprecated mirrors (§10).
func (j *job) statusEntity(version string) map[string]any {
	st := map[string]any{
		"state": j.state, "description": j.desc, "details": slices.Clone(j.details), "isAcquiredByPrinter": j.acquired,
	}
	if version == "beta" {
		st["processingState"] = j.state
		st["processingStateDescription"] = j.desc
		st["acquiredByPrinter"] = j.acquired
	}
	return st
}

func (j *job) entity(version string) map[string]any {
	u := j.createdBy
	e := map[string]any{
		"id": j.id, "createdDateTime": graphTime(j.created),
		"createdBy": map[string]any{"id": u.ID, "displayName": u.DisplayName, "userPrincipalName": u.UserPrincipalName, "ipAddress": nil},
		"status":    j.statusEntity(version), "configuration": j.config, "isFetchable": j.state == "processing",
		"redirectedFrom": nil, "redirectedTo": nil, "errorCode": nil, "acknowledgedDateTime": timeOrNil(j.acked),
		"documents": []map[string]any{j.doc.entity()},
	}
	if version == "beta" {
		e["displayName"] = j.doc.displayName
		e["completedDateTime"] = timeOrNil(j.completed)
	}
	return e
}

// render projects a job: documents only when expanded (§6.4).
func (j *job) render(version string, q odata) map[string]any {
	ent := j.entity(version)
	defaults := jobDefaults
	if version == "beta" {
		defaults = append(slices.Clone(defaults), "displayName", "completedDateTime")
	}
	out := project(ent, q.selects, defaults, nil)
	if _, ok := q.expand["documents"]; ok {
		out["documents"] = ent["documents"]
	} else {
		delete(out, "documents")
	}
	if _, ok := q.expand["tasks"]; ok {
		out["tasks"] = []any{}
	}
	return out
}

// findJob resolves {jid} under the request's printer, for the caller.
func (s *Server) findJob(r *request) (*job, *apiError) {
	j := s.st.jobs[r.PathValue("jid")]
	if j == nil || j.printerID != r.printer.ID || !r.c.mayActOn(j) {
		return nil, notFound("The print job " + r.PathValue("jid"))
	}
	return j, nil
}

func (s *Server) onListJobs(w http.ResponseWriter, r *request) *apiError {
	if !r.viaShare && !r.c.user.PrinterAdmin {
		return adminRequired()
	}
	q, e := parseOData(r.Request, jobRules)
	if e != nil {
		return e
	}
	for _, f := range q.filter {
		if strings.Join(f.path, "/") != "createdBy/userPrincipalName" {
			return badRequest("Jobs can be filtered only with createdBy/userPrincipalName eq '...'.")
		}
	}
	s.mu.Lock()
	var items []map[string]any
	for _, j := range s.st.jobOrder {
		if j.printerID != r.printer.ID || !r.c.mayActOn(j) || !matches(j.entity(r.version), q.filter) {
			continue
		}
		items = append(items, j.render(r.version, q))
	}
	s.mu.Unlock()
	parent := "print/shares('" + r.printer.Share.ID + "')/jobs"
	if !r.viaShare {
		parent = "print/printers('" + r.printer.ID + "')/jobs"
	}
	s.writeCollection(w, r, q, parent, items)
	return nil
}

func (s *Server) onGetJob(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, jobOneRules)
	if e != nil {
		return e
	}
	s.mu.Lock()
	j, e := s.findJob(r)
	var out map[string]any
	if e == nil {
		out = j.render(r.version, q)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	out["@odata.context"] = s.context(r, "print/printJobs/$entity")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// decodeBody reads a small JSON body strictly: unknown fields are refused.
// An empty body decodes as {} when allowEmpty.
func decodeBody(r *http.Request, v any, allowEmpty bool) *apiError {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil {
		return badRequest("The request body could not be read: %v", err)
	}
	if len(b) > 1<<20 {
		return errorf(http.StatusRequestEntityTooLarge, "invalidRequest", "The JSON body is larger than 1 MiB.")
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		if allowEmpty {
			return nil
		}
		return badRequest("The request body is empty; a JSON object is required.")
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("Unable to read JSON request payload: %v. Check the property names and types.", err)
	}
	if dec.More() {
		return badRequest("Unable to read JSON request payload: extra data after the JSON object.")
	}
	return nil
}

func (s *Server) onCreateJob(w http.ResponseWriter, r *request) *apiError {
	if r.viaShare && s.cfg.Strict && !r.c.hasAny(scopesCreateShare) {
		return errorf(http.StatusForbidden, "UnknownError", "%s", `"The token does not have one or more required security scopes."`)
	}
	if !r.viaShare {
		if !r.c.hasAny(scopesCreatePrinter) {
			return errorf(http.StatusForbidden, "UnknownError", "%s", `"The token does not have one or more required security scopes."`)
		}
		if !r.c.user.PrinterAdmin {
			return adminRequired()
		}
	}
	var body struct {
		OdataType     string          `json:"@odata.type"`
		DisplayName   *string         `json:"displayName"` // beta only
		Configuration json.RawMessage `json:"configuration"`
	}
	if e := decodeBody(r.Request, &body, true); e != nil {
		return e
	}
	if body.DisplayName != nil && r.version != "beta" {
		return badRequest("Property 'displayName' does not exist on type 'microsoft.graph.printJob' in v1.0.")
	}
	s.mu.Lock()
	p := r.printer
	caps := p.Capabilities
	accepting := p.IsAcceptingJobs
	s.mu.Unlock()
	cfg, e := parseJobConfig(body.Configuration, caps)
	if e != nil {
		return e
	}
	if !accepting {
		return badRequest("The printer %q is not accepting jobs right now. Choose another printer or try later.", p.Share.DisplayName)
	}
	s.mu.Lock()
	j := s.st.newJob(p, r.c.user, cfg, time.Now())
	out := j.entity(r.version)
	s.mu.Unlock()
	out["@odata.context"] = s.context(r, "print/printJobs/$entity")
	writeJSON(w, http.StatusCreated, out)
	return nil
}

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
		return badRequest("The print job %s is already %s and cannot be started. Create a new job.", j.id, j.state)
	case j.state == "processing" || j.state == "stopped":
		return nil // already started: report the current status
	case !j.uploadDone():
		return badRequest("The print job %s cannot start: its document upload is not complete. Finish the upload, then start the job.", j.id)
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
		e = badRequest("The print job %s is already %s and cannot be canceled.", j.id, j.state)
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

func (s *Server) onListDocuments(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, queryRules{paged: true, props: documentProps})
	if e != nil {
		return e
	}
	s.mu.Lock()
	j, e := s.findJob(r)
	var items []map[string]any
	if e == nil {
		items = []map[string]any{project(j.doc.entity(), q.selects, documentProps, nil)}
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	s.writeCollection(w, r, q, "print/printJobs('"+j.id+"')/documents", items)
	return nil
}

// docFor finds {did} of the request's job. Called with s.mu held.
func (s *Server) docFor(r *request) (*job, *apiError) {
	j, e := s.findJob(r)
	if e != nil {
		return nil, e
	}
	if !strings.EqualFold(j.doc.id, r.PathValue("did")) {
		return nil, notFound("The document " + r.PathValue("did"))
	}
	return j, nil
}

func (s *Server) onGetDocument(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, queryRules{props: documentProps})
	if e != nil {
		return e
	}
	s.mu.Lock()
	j, e := s.docFor(r)
	var out map[string]any
	if e == nil {
		out = project(j.doc.entity(), q.selects, documentProps, nil)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	out["@odata.context"] = s.context(r, "print/printJobs('"+j.id+"')/documents/$entity")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// onDocumentValue redirects to a pre-authenticated download URL (§6.13).
func (s *Server) onDocumentValue(w http.ResponseWriter, r *request) *apiError {
	s.mu.Lock()
	j, e := s.docFor(r)
	if e == nil && !j.uploadDone() {
		e = notFound("The content of document " + j.doc.id + " (it has not been uploaded)")
	}
	var loc string
	if e == nil {
		id := newGUID()
		dl := &download{token: newSecret(), path: j.doc.path, size: j.doc.size, ctype: j.doc.contentType,
			expires: time.Now().Add(10 * time.Minute), doc: &j.doc}
		s.st.downloads[id] = dl
		loc = s.uploadBase() + "/downloads/" + id + "?tempauthtoken=" + dl.token
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusFound)
	return nil
}

// uploadBase is the base of uploadUrls and download URLs.
func (s *Server) uploadBase() string {
	if s.cfg.UploadPublicURL != "" {
		return strings.TrimRight(s.cfg.UploadPublicURL, "/")
	}
	return s.info.UploadURL
}
