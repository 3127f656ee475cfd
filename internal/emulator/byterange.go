package emulator

import (
	"errors"
	"strconv"
	"strings"
)

// span is an inclusive byte range [start, end], as upload ranges are written
// on the wire ("0-1023" is 1024 bytes).
type span struct{ start, end int64 }

func (s span) len() int64 { return s.end - s.start + 1 }

// spanSet is a sorted list of disjoint, non-adjacent spans. The emulator keeps
// its own copy of range arithmetic (never internal/ranges) so that a bug in
// the client's range code cannot hide behind the same bug here.
type spanSet []span

// overlaps reports whether s shares at least one byte with any span in the set.
func (set spanSet) overlaps(s span) bool {
	for _, x := range set {
		if s.start <= x.end && x.start <= s.end {
			return true
		}
	}
	return false
}

// add returns the set with s merged in (adjacent spans coalesce).
func (set spanSet) add(s span) spanSet {
	out := make(spanSet, 0, len(set)+1)
	placed := false
	for _, x := range set {
		switch {
		case x.end+1 < s.start:
			out = append(out, x)
		case s.end+1 < x.start:
			if !placed {
				out = append(out, s)
				placed = true
			}
			out = append(out, x)
		default:
			s.start = min(s.start, x.start)
			s.end = max(s.end, x.end)
		}
	}
	if !placed {
		out = append(out, s)
	}
	return out
}

// remove returns the set without the bytes of s.
func (set spanSet) remove(s span) spanSet {
	out := make(spanSet, 0, len(set)+1)
	for _, x := range set {
		if x.end < s.start || s.end < x.start {
			out = append(out, x)
			continue
		}
		if x.start < s.start {
			out = append(out, span{x.start, s.start - 1})
		}
		if s.end < x.end {
			out = append(out, span{s.end + 1, x.end})
		}
	}
	return out
}

// prefixEnd is the first byte not covered by a span starting at 0: how
// much of the document is stored without a gap from its start.
func (set spanSet) prefixEnd() int64 {
	if len(set) == 0 || set[0].start != 0 {
		return 0
	}
	return set[0].end + 1
}

// total is the number of bytes the set covers.
func (set spanSet) total() int64 {
	var n int64
	for _, x := range set {
		n += x.len()
	}
	return n
}

// gaps lists the ranges of [0, size) that the set does not cover, in order.
func (set spanSet) gaps(size int64) spanSet {
	var out spanSet
	next := int64(0)
	for _, x := range set {
		if x.start > next {
			out = append(out, span{next, x.start - 1})
		}
		next = x.end + 1
	}
	if next < size {
		out = append(out, span{next, size - 1})
	}
	return out
}

// strings formats the set the way nextExpectedRanges does: "a-b", inclusive.
func (set spanSet) strings() []string {
	out := make([]string, len(set))
	for i, x := range set {
		out[i] = strconv.FormatInt(x.start, 10) + "-" + strconv.FormatInt(x.end, 10)
	}
	return out
}

// contentRange is a parsed "Content-Range: bytes a-b/total" header.
type contentRange struct {
	span
	total int64
}

var errContentRange = errors.New("content-range must be written as \"bytes {first}-{last}/{size}\" with whole numbers and first <= last")

// parseContentRange parses the RFC 9110 form "bytes a-b/t". In lenient mode it
// also takes "bytes=a-b/t", the typo in Microsoft's upload documentation.
// It refuses "*", open ends and unknown totals: an upload chunk always knows
// all three numbers.
func parseContentRange(v string, lenient bool) (contentRange, error) {
	var rest string
	switch {
	case strings.HasPrefix(v, "bytes "):
		rest = v[len("bytes "):]
	case lenient && strings.HasPrefix(v, "bytes="):
		rest = v[len("bytes="):]
	default:
		return contentRange{}, errContentRange
	}
	dash := strings.IndexByte(rest, '-')
	slash := strings.IndexByte(rest, '/')
	if dash < 0 || slash < dash {
		return contentRange{}, errContentRange
	}
	start, ok1 := parseDecimal(rest[:dash])
	end, ok2 := parseDecimal(rest[dash+1 : slash])
	total, ok3 := parseDecimal(rest[slash+1:])
	if !ok1 || !ok2 || !ok3 || start > end {
		return contentRange{}, errContentRange
	}
	return contentRange{span{start, end}, total}, nil
}

// parseDecimal accepts only ASCII digits (no sign, no spaces) that fit an int64.
func parseDecimal(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
