package upload

import (
	"time"

	"printdrop/internal/ranges"
)

// Fresh is a Target that was created a moment ago and still holds what the
// server said at its creation. A new upload session's nextExpectedRanges
// is the truth at its birth, so the engine starts from it instead of
// spending a round trip on a status read.
type Fresh interface {
	Target
	// Fresh returns the creation answer once; ok is false when the target
	// was not just created (a resumed session) or was already asked.
	Fresh() (missing ranges.Set, expires time.Time, ok bool)
}

// adoptFresh takes a fresh target's creation answer as the first sync.
func (e *Engine) adoptFresh(s *run) {
	f, ok := e.Target().(Fresh)
	if !ok {
		return
	}
	missing, expires, ok := f.Fresh()
	if !ok {
		return
	}
	s.needSync, s.expires = false, expires
	e.acknowledge(s, missing)
}
