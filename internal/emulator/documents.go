package emulator

import (
	"net"
	"net/http"
	"strings"
	"time"
)

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

// onDocumentValue redirects to a pre-authenticated download URL, as Graph does.
func (s *Server) onDocumentValue(w http.ResponseWriter, r *request) *apiError {
	s.mu.Lock()
	j, e := s.docFor(r)
	if e == nil && !j.uploadDone() {
		e = notFound("The content of document " + j.doc.id + " (it has not been uploaded)")
	}
	if e == nil && !j.fetchable() {
		e = notFound("The content of document " + j.doc.id + " (the job was " + j.state + "; the document can no longer be fetched)")
	}
	var loc string
	if e == nil {
		id := newGUID()
		dl := &download{token: newSecret(), path: j.doc.path, size: j.doc.size, ctype: j.doc.contentType,
			expires: time.Now().Add(10 * time.Minute), doc: &j.doc}
		s.st.downloads[id] = dl
		loc = s.uploadBase(r.Request) + "/downloads/" + id + "?tempauthtoken=" + dl.token
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	w.Header().Set("Location", loc)
	w.WriteHeader(http.StatusFound)
	return nil
}

// uploadBase is the base of uploadUrls and download URLs: UploadPublicURL
// when set; else, when both hosts listen on the same address, the upload
// listener's port on the host name the client used for Graph (r), so a
// client that reached Graph as "localhost" is sent to the same name; else
// the upload listener's own address (the upload host is elsewhere, as
// print.print.microsoft.com is not graph.microsoft.com).
func (s *Server) uploadBase(r *http.Request) string {
	if s.cfg.UploadPublicURL != "" {
		return strings.TrimRight(s.cfg.UploadPublicURL, "/")
	}
	host, _, err := net.SplitHostPort(r.Host)
	uploadIP, port, perr := net.SplitHostPort(s.uploadLn.Addr().String())
	graphIP, _, gerr := net.SplitHostPort(s.graphLn.Addr().String())
	if err != nil || perr != nil || gerr != nil || host == "" || uploadIP != graphIP {
		return s.info.UploadURL
	}
	return "http://" + net.JoinHostPort(host, port)
}
