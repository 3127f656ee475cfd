package emulator

import (
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Upload faults that model a hostile or broken upload service rather than a
// broken network: each answers a PUT (v1 on the upload host, the draft on
// Graph) in a way that, taken at its word, never lets an upload end. None
// stores the bytes, except where said, so the status GET keeps telling the
// truth. They exist so the client's bounds can be proved against real HTTP.
const (
	// faultMissingAll answers 202 with the whole document still missing.
	faultMissingAll = "missing_all"
	// faultMissingSent answers 202 with the range just sent still missing
	// (with whatever else really is).
	faultMissingSent = "missing_sent"
	// faultMissingOverlap answers 202 with two overlapping ranges that
	// together cover the range just sent (["0-1000","500-2000"] style).
	faultMissingOverlap = "missing_overlap"
	// faultMissingNone answers 202 claiming nothing is missing; the status
	// GET then says the truth (nothing arrived, so "0-...").
	faultMissingNone = "missing_none"
	// faultManyRanges answers 202 listing Ranges (default 200,000) one-byte
	// gaps, or as many as the document holds.
	faultManyRanges = "many_ranges"
	// faultVanishLast matches only the PUT that would complete the
	// document: the session is forgotten (so the status GET answers 404)
	// and the PUT answers Status (default 500). Every renewed session ends
	// the same way while the fault is armed.
	faultVanishLast = "vanish_last"
)

// defaultManyRanges is how many gaps many_ranges lists when not told.
const defaultManyRanges = 200_000

// isUploadLie reports whether kind is answered by lieAboutUpload.
func isUploadLie(kind string) bool {
	switch kind {
	case faultMissingAll, faultMissingSent, faultMissingOverlap, faultMissingNone, faultManyRanges, faultVanishLast:
		return true
	}
	return false
}

// sessionForPathLocked finds the upload session a request path aims at:
// /uploadSessions/{id} on the upload host, or a draft's
// .../documents/{docId}/uploadSession on Graph. Called with s.mu held.
func (s *Server) sessionForPathLocked(path string) *uploadSession {
	if id, ok := strings.CutPrefix(path, "/uploadSessions/"); ok {
		return s.st.live(id)
	}
	for _, us := range s.st.sessions {
		if strings.Contains(path, "/documents/"+us.docID+"/") && s.st.live(us.id) == us {
			return us
		}
	}
	return nil
}

// completesLocked reports whether r is a PUT whose range, with what the
// session holds and is receiving, covers the whole document. Called with
// s.mu held.
func (s *Server) completesLocked(r *http.Request) bool {
	if r.Method != http.MethodPut {
		return false
	}
	us := s.sessionForPathLocked(r.URL.Path)
	if us == nil {
		return false
	}
	cr, err := parseContentRange(r.Header.Get("Content-Range"), true)
	if err != nil || cr.end >= us.size {
		return false
	}
	have := us.received
	for _, p := range us.pending {
		have = have.add(p)
	}
	return have.add(cr.span).total() == us.size
}

// lieAboutUpload answers a PUT as fault f says. The body is read (so the
// request log counts what the client sent) and thrown away.
func (s *Server) lieAboutUpload(w http.ResponseWriter, r *http.Request, f *fault) {
	io.Copy(io.Discard, io.LimitReader(r.Body, s.cfg.MaxChunk+1))
	s.mu.Lock()
	us := s.sessionForPathLocked(r.URL.Path)
	if us == nil || r.Method != http.MethodPut {
		s.mu.Unlock()
		writeError(w, sessionGone())
		return
	}
	if f.Kind == faultVanishLast {
		s.st.dropSession(us)
		s.mu.Unlock()
		writeError(w, f.apiError())
		return
	}
	cr, err := parseContentRange(r.Header.Get("Content-Range"), true)
	if err != nil || cr.end >= us.size {
		s.mu.Unlock()
		writeError(w, badRequest("The Content-Range header %q is not valid for this session.", r.Header.Get("Content-Range")))
		return
	}
	var missing []span
	switch f.Kind {
	case faultMissingAll:
		missing = []span{{0, us.size - 1}}
	case faultMissingSent:
		missing = us.gaps().add(cr.span)
	case faultMissingOverlap:
		mid := cr.start + cr.len()/2
		missing = []span{{cr.start, max(mid, cr.start)}, {cr.start + cr.len()/4, cr.end}}
	case faultMissingNone:
		missing = []span{}
	case faultManyRanges:
		n := int64(f.Ranges)
		if n <= 0 {
			n = defaultManyRanges
		}
		n = min(n, us.size/2)
		missing = make([]span, 0, n)
		for i := range n {
			missing = append(missing, span{2 * i, 2 * i})
		}
	}
	var body map[string]any
	if us.draft {
		body = s.draftBody(us)
		list := make([]map[string]string, len(missing))
		for i, g := range missing {
			list[i] = map[string]string{"start": strconv.FormatInt(g.start, 10), "end": strconv.FormatInt(g.end, 10)}
		}
		body["missingRanges"] = list
		w.Header().Set("ETag", `"`+us.id+`"`)
	} else {
		body = map[string]any{"expirationDateTime": graphTime(us.expires), "nextExpectedRanges": spanSet(missing).strings()}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusAccepted, body)
}
