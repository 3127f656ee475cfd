package emulator

import (
	"net/http"
	"strings"
)

// request is what a Graph handler gets: the caller, the API version and,
// for routes under /print/shares/{id} or /print/printers/{id}, the printer.
type request struct {
	*http.Request
	c        *caller
	version  string // "v1.0" or "beta"
	viaShare bool
	printer  *SeedPrinter
}

// graphHandlerFunc answers a Graph request or returns an error for the envelope.
type graphHandlerFunc func(w http.ResponseWriter, r *request) *apiError

// graphRoutes builds the Graph API mux, every route under /v1.0 and /beta.
func (s *Server) graphRoutes() http.Handler {
	mux := http.NewServeMux()
	for _, ver := range []string{"v1.0", "beta"} {
		base := "/" + ver
		handle := func(method, path string, scopes []string, h graphHandlerFunc) {
			mux.Handle(method+" "+base+path, s.graphRoute(ver, scopes, h))
		}
		handle("GET", "/me", scopesMe, s.onMe)
		handle("GET", "/me/print/recentPrinterShares", scopesShareRead, s.onRecentShares)
		handle("GET", "/print/shares", scopesShareRead, s.onListShares)
		handle("GET", "/print/shares/{sid}", scopesShareRead, s.onGetShare)
		handle("GET", "/print/shares/{sid}/printer", scopesShareRead, s.onSharePrinter)
		handle("GET", "/print/printers", scopesPrinterRead, s.onListPrinters)
		handle("GET", "/print/printers/{pid}", scopesPrinterRead, s.onGetPrinter)
		handle("GET", "/print/printers/{pid}/shares", scopesPrinterRead, s.onPrinterShares)
		handle("GET", "/print/printers/{pid}/shares/{sid}", scopesShareRead, s.onGetShare)
		for _, parent := range []string{"/print/shares/{sid}", "/print/printers/{pid}"} {
			jobs := parent + "/jobs"
			one := jobs + "/{jid}"
			doc := one + "/documents/{did}"
			handle("GET", jobs, scopesJobRead, s.onListJobs)
			handle("POST", jobs, append(scopesCreateShare, "PrintJob.Create"), s.onCreateJob)
			handle("GET", one, scopesJobRead, s.onGetJob)
			handle("POST", one+"/start", scopesStart, s.onStartJob)
			handle("POST", one+"/cancel", scopesCancel, s.onCancelJob)
			handle("GET", one+"/documents", scopesJobRead, s.onListDocuments)
			handle("GET", doc, scopesJobRead, s.onGetDocument)
			handle("GET", doc+"/$value", scopesJobContent, s.onDocumentValue)
			handle("POST", doc+"/createUploadSession", scopesUploadSession, s.onCreateUploadSession)
		}
		handle("POST", "/print/printers/{pid}/jobs/release", scopesCancel, s.onReleaseJob)
		if ver == "beta" {
			draft := "/print/printers/{pid}/jobs/{jid}/documents/{did}/uploadSession"
			handle("PUT", draft, scopesDraftWrite, s.onDraftCreate)
			handle("GET", draft, scopesDraftRead, s.onDraftGet)
			handle("DELETE", draft, scopesDraftWrite, s.onDraftDelete)
			handle("PUT", draft+"/$value", scopesDraftWrite, s.onDraftPut)
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		writeError(w, errorf(http.StatusBadRequest, "BadRequest",
			"Resource not found for the segment '%s' (%s %s is not a Universal Print route this emulator serves).", seg[len(seg)-1], r.Method, r.URL.Path))
	})
	return mux
}

// graphRoute authenticates, resolves the parent printer or share, and turns
// a returned error into the Graph envelope.
func (s *Server) graphRoute(ver string, scopes []string, h graphHandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, e := s.authenticate(r, scopes)
		if e != nil {
			writeError(w, e)
			return
		}
		req := &request{Request: r, c: c, version: ver}
		if e := s.resolveParent(req); e != nil {
			writeError(w, e)
			return
		}
		if e := h(w, req); e != nil {
			writeError(w, e)
		}
	})
}

func (s *Server) resolveParent(r *request) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sid := r.PathValue("sid"); sid != "" {
		p := s.st.byShare[strings.ToLower(sid)]
		if p == nil || !canSee(p, r.c.user) {
			return notFound("The printer share " + sid)
		}
		if pid := r.PathValue("pid"); pid != "" && !strings.EqualFold(pid, p.ID) {
			return notFound("The printer share " + sid + " of printer " + pid)
		}
		r.printer, r.viaShare = p, true
		return nil
	}
	if pid := r.PathValue("pid"); pid != "" {
		p := s.st.byPrinter[strings.ToLower(pid)]
		if p == nil {
			return notFound("The printer " + pid)
		}
		r.printer = p
	}
	return nil
}

// context builds an @odata.context value for this API version.
func (s *Server) context(r *request, fragment string) string {
	return graphBase(r.Request) + "/" + r.version + "/$metadata#" + fragment
}

// graphBase is the Graph host as the client called it: Graph's absolute
// links (@odata.nextLink, @odata.context) name the host in the request, so
// a client behind a proxy or port forward follows them back the same way
// and keeps sending its bearer to the host it trusts.
func graphBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) onMe(w http.ResponseWriter, r *request) *apiError {
	u := r.c.user
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.context":    s.context(r, "users/$entity"),
		"id":                u.ID,
		"displayName":       u.DisplayName,
		"userPrincipalName": u.UserPrincipalName,
		"mail":              u.UserPrincipalName,
	})
	return nil
}
