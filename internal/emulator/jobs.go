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

// statusEntity is printJobStatus; /beta adds the deprecated mirrors of it.
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
		"status":    j.statusEntity(version), "configuration": j.config, "isFetchable": j.fetchable(),
		"redirectedFrom": nil, "redirectedTo": nil, "errorCode": nil, "acknowledgedDateTime": timeOrNil(j.acked),
		"documents": []map[string]any{j.doc.entity()},
	}
	if version == "beta" {
		e["displayName"] = j.doc.displayName
		e["completedDateTime"] = timeOrNil(j.completed)
	}
	return e
}

// render projects a job: documents only when expanded ($expand=documents).
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
		return s.missingScope()
	}
	if !r.viaShare {
		if !r.c.hasAny(scopesCreatePrinter) {
			return s.missingScope()
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
	now := time.Now()
	if e := s.jobLimit(p, r.c.user, now); e != nil {
		s.mu.Unlock()
		return e
	}
	j := s.st.newJob(p, r.c.user, cfg, now)
	out := j.entity(r.version)
	s.mu.Unlock()
	out["@odata.context"] = s.context(r, "print/printJobs/$entity")
	writeJSON(w, http.StatusCreated, out)
	return nil
}
