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
// stores the bytes, except vanish_last, so the status GET keeps telling the
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
	// faultVanishLast arms the session a PUT aims at (the PUT goes
	// through): the PUT that completes the document then answers Status
	// (default 500) and the session is forgotten, so the status GET
	// answers 404. With probability 1, every renewed session ends the same
	// way.
	faultVanishLast = "vanish_last"
)

// defaultManyRanges is how many gaps many_ranges lists when not told.
const defaultManyRanges = 200_000

// isUploadLie reports whether kind is answered by lieAboutUpload.
func isUploadLie(kind string) bool {
	switch kind {
	case faultMissingAll, faultMissingSent, faultMissingOverlap, faultMissingNone, faultManyRanges:
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

// armVanish arms the session a PUT aims at for a vanish_last fault: when a
// byte completes the document, whichever PUT brings it, the session is
// forgotten and that PUT answers the fault's status. Deciding at
// completion, under the same lock that stores the bytes, keeps two PUTs
// finishing together from slipping past the fault.
func (s *Server) armVanish(r *http.Request, f *fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if us := s.sessionForPathLocked(r.URL.Path); us != nil {
		us.vanish = f.apiError()
	}
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
