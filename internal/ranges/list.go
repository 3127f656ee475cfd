package ranges

import (
	"fmt"
	"strings"
)

// MaxListLen is the most ranges one server answer may list. A real upload
// session has a few gaps (one per chunk still in flight, plus the tail);
// ten thousand is far beyond any legitimate answer yet cheap to read, so
// an answer past it is a broken or hostile service, not a slow one.
const MaxListLen = 10_000

// TooManyError is a server answer that lists more ranges than MaxListLen.
// It is a protocol error: asking again would get the same answer.
type TooManyError struct {
	Count int // ranges in the answer
	Max   int // MaxListLen
}

func (e *TooManyError) Error() string {
	return fmt.Sprintf("the answer lists %d byte ranges, more than the %d this client accepts", e.Count, e.Max)
}

// CheckListLen returns a *TooManyError when an answer lists more than
// MaxListLen ranges, before any of them is parsed.
func CheckListLen(n int) error {
	if n > MaxListLen {
		return &TooManyError{Count: n, Max: MaxListLen}
	}
	return nil
}

// ParseList reads a Graph nextExpectedRanges list into a normalised Set.
// Entries may overlap or come in any order. One tolerance: an end equal to
// size (one past the last byte) is clipped, because Microsoft's own
// documentation shows that off-by-one and a server copying it must not stall
// an upload. Anything further out is an error, and so is a list longer than
// MaxListLen (*TooManyError).
//
// The cost is O(n log n): every entry is parsed into one slice, which is
// sorted and merged once.
func ParseList(list []string, size int64) (Set, error) {
	if err := CheckListLen(len(list)); err != nil {
		return nil, err
	}
	return parseList(list, size)
}

// parseList is ParseList without the length cap (benchmarks use it to show
// the cost stays linear well past the cap).
func parseList(list []string, size int64) (Set, error) {
	rs := make([]Range, 0, len(list))
	for _, item := range list {
		r, err := Parse(item, size)
		if err != nil && size > 0 {
			if a, b, ok := strings.Cut(item, "-"); ok && b == formatInt(size) {
				if r2, err2 := Parse(a+"-", size); err2 == nil {
					r, err = r2, nil
				}
			}
		}
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return normalise(rs), nil
}
