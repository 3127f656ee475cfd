package emulator

import (
	"crypto/subtle"
	"net/http"
	"os"
	"strconv"
	"time"
)

// uploadHandler serves the upload host (print.print.microsoft.com's stand-in):
// /uploadSessions/{id}?tempauthtoken= and /downloads/{id}?tempauthtoken=.
func (s *Server) uploadHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /uploadSessions/{id}", s.onUploadPut)
	mux.HandleFunc("GET /uploadSessions/{id}", s.onUploadStatus)
	mux.HandleFunc("DELETE /uploadSessions/{id}", s.onUploadDelete)
	mux.HandleFunc("GET /downloads/{id}", s.onDownload)
	mux.HandleFunc("/", s.onUnknownRoute)
	return s.observe("upload", mux)
}

// uploadSessionFor checks the request's credentials and finds its session.
// A bearer token never belongs on the upload host (Graph documents that sending one
// may be refused with 401), and the
// tempauthtoken in the URL is the only credential it takes.
func (s *Server) uploadSessionFor(r *http.Request) (*uploadSession, *apiError) {
	if r.Header.Get("Authorization") != "" {
		return nil, errorf(http.StatusUnauthorized, "unauthenticated",
			"An Authorization header was sent to the upload URL. The upload URL carries its own credential: send no bearer token to it.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	us := s.st.live(r.PathValue("id"))
	if us == nil || us.draft {
		return nil, s.uploadURLGone()
	}
	if !tokenEqual(r.URL.Query().Get("tempauthtoken"), us.token) {
		return nil, errorf(http.StatusUnauthorized, "unauthenticated",
			"The tempauthtoken of the upload URL is missing or wrong. Use the uploadUrl exactly as createUploadSession returned it.")
	}
	return us, nil
}

func tokenEqual(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// chunkFrom validates the headers of a PUT (before any body byte is read).
func (s *Server) chunkFrom(r *http.Request) (chunk, *apiError) {
	if r.ContentLength < 0 {
		return chunk{}, errorf(http.StatusLengthRequired, "invalidRequest",
			"Content-Length is required on an upload PUT (chunked bodies are not accepted).")
	}
	if r.ContentLength >= s.cfg.MaxChunk {
		return chunk{}, errorf(http.StatusRequestEntityTooLarge, "maxFragmentLengthExceeded",
			"A PUT may carry fewer than %d bytes; this one has %d. Send smaller ranges.", s.cfg.MaxChunk, r.ContentLength)
	}
	cr, err := parseContentRange(r.Header.Get("Content-Range"), !s.cfg.Strict)
	if err != nil {
		return chunk{}, badRequest("The Content-Range header %q is not valid: %v.", r.Header.Get("Content-Range"), err)
	}
	return chunk{cr: cr, contentLength: r.ContentLength, body: r.Body}, nil
}

func (s *Server) onUploadPut(w http.ResponseWriter, r *http.Request) {
	us, e := s.uploadSessionFor(r)
	if e != nil {
		writeError(w, e)
		return
	}
	c, e := s.chunkFrom(r)
	if e != nil {
		writeError(w, e)
		return
	}
	done, e := s.receive(r.Context(), us, c)
	if e != nil {
		writeError(w, e)
		return
	}
	if done {
		writeJSON(w, http.StatusCreated, s.completedBody(us))
		return
	}
	s.writeSessionStatus(w, http.StatusAccepted, us)
}

// completedBody is the 201 answer: the document's properties, plus the
// documentName the docs' example shows when lenient.
func (s *Server) completedBody(us *uploadSession) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := us.job.doc
	body := map[string]any{
		"id": d.id, "displayName": d.displayName, "contentType": d.contentType, "size": d.size,
		"uploadedDateTime": timeOrNil(d.uploaded), "downloadedDateTime": timeOrNil(d.downloaded),
	}
	if !s.cfg.Strict {
		body["documentName"] = d.displayName
	}
	return body
}

func (s *Server) writeSessionStatus(w http.ResponseWriter, status int, us *uploadSession) {
	s.mu.Lock()
	body := map[string]any{
		"expirationDateTime": graphTime(us.expires),
		"nextExpectedRanges": us.gaps().strings(),
	}
	s.mu.Unlock()
	writeJSON(w, status, body)
}

func (s *Server) onUploadStatus(w http.ResponseWriter, r *http.Request) {
	us, e := s.uploadSessionFor(r)
	if e != nil {
		writeError(w, e)
		return
	}
	s.writeSessionStatus(w, http.StatusOK, us)
}

func (s *Server) onUploadDelete(w http.ResponseWriter, r *http.Request) {
	us, e := s.uploadSessionFor(r)
	if e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	s.st.dropSession(us)
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) onDownload(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	dl := s.st.downloads[r.PathValue("id")]
	if dl != nil && time.Now().After(dl.expires) {
		delete(s.st.downloads, r.PathValue("id"))
		dl = nil
	}
	if dl != nil && !tokenEqual(r.URL.Query().Get("tempauthtoken"), dl.token) {
		s.mu.Unlock()
		writeError(w, errorf(http.StatusUnauthorized, "unauthenticated", "The tempauthtoken of the download URL is missing or wrong."))
		return
	}
	if dl != nil {
		now := time.Now()
		dl.doc.downloaded = &now
	}
	s.mu.Unlock()
	if dl == nil {
		writeError(w, notFound("The download"))
		return
	}
	f, err := s.fs.OpenFile(dl.path, os.O_RDONLY, 0)
	if err != nil {
		writeError(w, notFound("The document's bytes"))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", dl.ctype)
	w.Header().Set("Content-Length", strconv.FormatInt(dl.size, 10))
	http.ServeContent(w, r, "", time.Time{}, f)
}

func timeOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return graphTime(*t)
}
