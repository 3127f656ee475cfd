package graph

import (
	"fmt"
	"sync"
	"time"

	"printdrop/internal/ranges"
)

// sessionState is what a session of either upload protocol remembers of
// the server's last answer. Both session types embed it, so Size, Expires
// and NextExpected read the same way whatever the protocol.
type sessionState struct {
	size int64

	mu      sync.Mutex // guards expires, missing and the draft's etag
	expires time.Time
	missing ranges.Set
}

func newSessionState(size int64) sessionState {
	return sessionState{size: size, missing: ranges.Full(size)}
}

// Size is the document size in bytes.
func (s *sessionState) Size() int64 { return s.size }

// Expires is when the server said the session ends (zero if unknown).
func (s *sessionState) Expires() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.expires
}

// NextExpected is what the server last said it still needs.
func (s *sessionState) NextExpected() ranges.Set {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.missing
}

// record keeps a server answer: the missing set, and the expiry when the
// answer carried one. Callers hold s.mu.
func (s *sessionState) record(missing ranges.Set, expires time.Time) {
	s.missing = missing
	if !expires.IsZero() {
		s.expires = expires
	}
}

// completed records the server's word that nothing is missing any more.
func (s *sessionState) completed() {
	s.mu.Lock()
	s.missing = nil
	s.mu.Unlock()
}

// checkRange refuses a range that is not inside the document before any
// byte goes on the wire.
func (s *sessionState) checkRange(op string, r ranges.Range) error {
	if !r.Valid() || r.End >= s.size {
		return fmt.Errorf("%s: range %v is outside the %d-byte document", op, r, s.size)
	}
	return nil
}

// contentRange is the Content-Range header for bytes r of the document.
func (s *sessionState) contentRange(r ranges.Range) string {
	return ranges.ContentRange{Range: r, Total: s.size}.String()
}
