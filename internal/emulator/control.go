package emulator

import (
	"io"
	"net/http"
	"slices"
	"strings"
)

// controlRoutes is the JSON control API under /_emulator (no auth: it is a
// test and demo tool bound to loopback). docs/emulator.md documents each route.
func (s *Server) controlRoutes() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, f func(w http.ResponseWriter, r *http.Request) *apiError) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("request-id", newGUID())
			if e := f(w, r); e != nil {
				writeError(w, e)
			}
		})
	}
	h("GET /_emulator/info", s.onControlInfo)
	h("POST /_emulator/tokens", s.onControlToken)
	h("GET /_emulator/jobs/{jid}/document", s.onControlDocument)
	h("GET /_emulator/jobs/{jid}", s.onControlJob)
	h("POST /_emulator/jobs/{jid}/release", s.onControlRelease)
	h("GET /_emulator/requests", s.onControlRequests)
	h("DELETE /_emulator/requests", s.onControlClearRequests)
	h("GET /_emulator/faults", s.onControlFaults)
	h("POST /_emulator/faults", s.onControlAddFault)
	h("DELETE /_emulator/faults", s.onControlClearFaults)
	h("DELETE /_emulator/faults/{id}", s.onControlDeleteFault)
	h("GET /_emulator/seed", s.onControlGetSeed)
	h("POST /_emulator/seed", s.onControlSeed)
	h("POST /_emulator/seed/shares", s.onControlSeedShares)
	h("POST /_emulator/reset", s.onControlReset)
	h("PUT /_emulator/printers/{pid}/status", s.onControlPrinterStatus)
	h("/", func(w http.ResponseWriter, r *http.Request) *apiError {
		return errorf(http.StatusNotFound, "itemNotFound", "No control route %s %s. See docs/emulator.md for the control API.", r.Method, r.URL.Path)
	})
	return mux
}

func (s *Server) onControlInfo(w http.ResponseWriter, _ *http.Request) *apiError {
	writeJSON(w, http.StatusOK, s.Info())
	return nil
}

func (s *Server) onControlToken(w http.ResponseWriter, r *http.Request) *apiError {
	var body struct {
		Scopes []string `json:"scopes"`
		User   string   `json:"user"`
	}
	if e := decodeBody(r, &body, true); e != nil {
		return e
	}
	tok, exp, err := s.idp.Issue(body.User, body.Scopes)
	if err != nil {
		return badRequest("No token was issued: %v", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": exp})
	return nil
}

func (s *Server) onControlDocument(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	j := s.st.jobs[r.PathValue("jid")]
	var body map[string]any
	if j != nil && j.uploadDone() {
		body = map[string]any{"size": j.doc.size, "sha256": j.doc.sha256}
	}
	s.mu.Unlock()
	if body == nil {
		return notFound("A complete document for job " + r.PathValue("jid"))
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// onControlJob shows a job as the v1.0 API would to its owner, with its
// document and where its upload stands; handy when debugging a client.
func (s *Server) onControlJob(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.st.jobs[r.PathValue("jid")]
	if j == nil {
		return notFound("The print job " + r.PathValue("jid"))
	}
	body := j.entity("v1.0")
	body["printerId"] = j.printerID
	if us := j.doc.session; us != nil && !us.gone {
		body["uploadSession"] = map[string]any{"received": us.received.total(), "nextExpectedRanges": us.gaps().strings(), "draft": us.draft}
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) onControlRequests(w http.ResponseWriter, _ *http.Request) *apiError {
	s.mu.Lock()
	list := slices.Clone(s.reqs.entries)
	s.mu.Unlock()
	if list == nil {
		list = []requestEntry{}
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) onControlClearRequests(w http.ResponseWriter, _ *http.Request) *apiError {
	s.mu.Lock()
	s.reqs.entries = nil
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) onControlFaults(w http.ResponseWriter, _ *http.Request) *apiError {
	s.mu.Lock()
	list := []fault{}
	for _, f := range s.flts.list {
		list = append(list, *f)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) onControlAddFault(w http.ResponseWriter, r *http.Request) *apiError {
	var f fault
	if e := decodeBody(r, &f, false); e != nil {
		return e
	}
	if e := f.validate(); e != nil {
		return e
	}
	s.mu.Lock()
	s.flts.list = append(s.flts.list, &f)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]string{"id": f.ID})
	return nil
}

func (s *Server) onControlClearFaults(w http.ResponseWriter, _ *http.Request) *apiError {
	s.mu.Lock()
	s.flts.clear()
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) onControlDeleteFault(w http.ResponseWriter, r *http.Request) *apiError {
	s.mu.Lock()
	ok := s.flts.remove(r.PathValue("id"))
	s.mu.Unlock()
	if !ok {
		return notFound("The fault " + r.PathValue("id"))
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) onControlGetSeed(w http.ResponseWriter, _ *http.Request) *apiError {
	s.mu.Lock()
	seed := s.st.seed
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, seed)
	return nil
}

func (s *Server) onControlSeed(w http.ResponseWriter, r *http.Request) *apiError {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return badRequest("The seed could not be read: %v", err)
	}
	seed, err := ParseSeed(b)
	if err != nil {
		return badRequest("%v", err)
	}
	s.applySeed(seed)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// onControlSeedShares replaces the printers with {"count": n} shares
// (LargeSeed), keeping the users; jobs and sessions are dropped as for any
// new seed.
func (s *Server) onControlSeedShares(w http.ResponseWriter, r *http.Request) *apiError {
	var body struct {
		Count int `json:"count"`
	}
	if e := decodeBody(r, &body, false); e != nil {
		return e
	}
	if body.Count < 0 || body.Count > MaxSeedShares {
		return badRequest("count must be from 0 to %d, got %d", MaxSeedShares, body.Count)
	}
	s.mu.Lock()
	base := s.st.seed
	s.mu.Unlock()
	s.applySeed(LargeSeed(base, body.Count))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) onControlReset(w http.ResponseWriter, _ *http.Request) *apiError {
	s.applySeed(s.start)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) onControlPrinterStatus(w http.ResponseWriter, r *http.Request) *apiError {
	var body struct {
		State           *string   `json:"state"`
		Details         *[]string `json:"details"`
		Description     *string   `json:"description"`
		IsAcceptingJobs *bool     `json:"isAcceptingJobs"`
	}
	if e := decodeBody(r, &body, false); e != nil {
		return e
	}
	if body.State != nil && !slices.Contains([]string{"unknown", "idle", "processing", "stopped", "unknownFutureValue"}, *body.State) {
		return badRequest("state must be one of unknown, idle, processing, stopped; got %q", *body.State)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := strings.ToLower(r.PathValue("pid"))
	p := s.st.byPrinter[id]
	if p == nil {
		p = s.st.byShare[id] // a share id is accepted too: one share per printer
	}
	if p == nil {
		return notFound("The printer " + r.PathValue("pid"))
	}
	if body.State != nil {
		p.Status.State = *body.State
	}
	if body.Details != nil {
		p.Status.Details = append([]string{}, (*body.Details)...)
	}
	if body.Description != nil {
		p.Status.Description = *body.Description
	}
	if body.IsAcceptingJobs != nil {
		p.IsAcceptingJobs = *body.IsAcceptingJobs
	}
	s.printerStatusChanged(p)
	writeJSON(w, http.StatusOK, map[string]any{"status": statusJSON(p.Status), "isAcceptingJobs": p.IsAcceptingJobs})
	return nil
}
