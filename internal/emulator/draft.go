package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The 2020 printUploadSession draft: never shipped by Microsoft, kept
// because it is PrintDrop's seed document. Served only on the beta printer
// route, as drafted: the bytes go to Graph itself with a bearer and If-Match.

func (s *Server) draftBody(us *uploadSession) map[string]any {
	missing := []map[string]string{}
	for _, g := range us.gaps() {
		// The draft's examples quote the numbers.
		missing = append(missing, map[string]string{"start": strconv.FormatInt(g.start, 10), "end": strconv.FormatInt(g.end, 10)})
	}
	return map[string]any{
		"id": us.id, "size": us.size, "contentType": us.contentType, "documentName": us.name,
		"expiryDateTime": graphTime(us.expires),
		"createdBy": map[string]any{
			"application": map[string]any{"id": us.clientID},
			"user":        map[string]any{"id": us.userID},
		},
		"missingRanges": missing,
	}
}

// draftSession finds the document's live draft session. Called with s.mu held.
func (s *Server) draftSession(r *request) (*job, *uploadSession, *apiError) {
	j, e := s.docFor(r)
	if e != nil {
		return nil, nil, e
	}
	us := j.doc.session
	if us == nil || !us.draft || s.st.live(us.id) != us {
		return j, nil, errorf(http.StatusNotFound, "itemNotFound", "The document has no active upload session. PUT .../uploadSession to create one.")
	}
	return j, us, nil
}

func (s *Server) onDraftCreate(w http.ResponseWriter, r *request) *apiError {
	var p docProps
	if e := decodeBody(r.Request, &p, false); e != nil {
		return e
	}
	s.mu.Lock()
	j, e := s.docFor(r)
	if e == nil {
		e = s.canUpload(j)
	}
	if e == nil {
		e = checkProps(p, r.printer.Capabilities)
	}
	if e == nil {
		e = s.uploadLimit(r.c.user.ID, p.Size, time.Now())
	}
	var body map[string]any
	var etag string
	if e == nil {
		us, err := s.st.newSession(j, p, s.cfg.SessionTTL, true)
		if err != nil {
			e = errorf(http.StatusInternalServerError, "generalException", "The emulator could not open an upload session: %v", err)
		} else {
			us.userID, us.clientID = r.c.user.ID, r.c.principal.ClientID
			body, etag = s.draftBody(us), `"`+us.id+`"`
		}
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.Header().Set("ETag", etag)
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) onDraftGet(w http.ResponseWriter, r *request) *apiError {
	s.mu.Lock()
	_, us, e := s.draftSession(r)
	var body map[string]any
	if e == nil {
		body = s.draftBody(us)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.Header().Set("ETag", `"`+us.id+`"`)
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) onDraftDelete(w http.ResponseWriter, r *request) *apiError {
	s.mu.Lock()
	_, us, e := s.draftSession(r)
	if e == nil && us.userID != r.c.user.ID {
		e = errorf(http.StatusForbidden, "accessDenied", "Only the user who created the upload session may delete it.")
	}
	if e == nil {
		s.st.dropSession(us)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// etagMatches compares an If-Match value with the session id, accepting the
// quoted and the bare form (the draft calls the value the session "ID").
func etagMatches(ifMatch, id string) bool {
	v := strings.TrimSpace(ifMatch)
	v = strings.TrimPrefix(v, "W/")
	v = strings.Trim(v, `"`)
	return v != "" && strings.EqualFold(v, id)
}

func (s *Server) onDraftPut(w http.ResponseWriter, r *request) *apiError {
	s.mu.Lock()
	_, us, e := s.draftSession(r)
	s.mu.Unlock()
	if e != nil {
		return e
	}
	if !etagMatches(r.Header.Get("If-Match"), us.id) {
		return errorf(http.StatusPreconditionFailed, "preconditionFailed",
			"If-Match must carry the upload session's ETag (%q from the create or get response).", `"`+us.id+`"`)
	}
	c, e := s.chunkFrom(r.Request)
	if e != nil {
		return e
	}
	done, e := s.receive(r.Context(), us, c)
	if e != nil {
		return e
	}
	if done {
		writeJSON(w, http.StatusCreated, s.completedBody(us))
		return nil
	}
	s.mu.Lock()
	body := s.draftBody(us)
	s.mu.Unlock()
	w.Header().Set("ETag", `"`+us.id+`"`)
	writeJSON(w, http.StatusAccepted, body)
	return nil
}
