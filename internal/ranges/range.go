// Package ranges handles inclusive byte ranges as Microsoft Graph upload
// sessions write them ("0-1023", "bytes 0-1023/4096"): parsing, formatting,
// and the set algebra an uploader needs to know what is still missing.
//
// Parsing is strict on purpose: the strings come from a server we do not
// control, and an upload that silently skips or repeats bytes is worse than
// a clear error. The accepted grammar is:
//
//   - numbers are ASCII decimal digits only: no sign ("+", "-"), no
//     whitespace anywhere, no leading zeros except the single digit "0"
//     (so every accepted string has exactly one spelling and formatting a
//     parsed value gives back the same text);
//   - values must fit in int64 and End must be below math.MaxInt64, so
//     Len and End+1 can never overflow;
//   - Start <= End.
package ranges

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Range is an inclusive byte range [Start, End], as written on the wire ("0-1023").
type Range struct{ Start, End int64 }

// Len is the number of bytes in r, or 0 when r is not Valid.
func (r Range) Len() int64 {
	if !r.Valid() {
		return 0
	}
	return r.End - r.Start + 1
}

// Valid reports whether r is a non-empty range of real offsets whose length fits in int64.
func (r Range) Valid() bool {
	return r.Start >= 0 && r.End >= r.Start && r.End < math.MaxInt64
}

// String gives the wire form "a-b".
func (r Range) String() string {
	return strconv.FormatInt(r.Start, 10) + "-" + strconv.FormatInt(r.End, 10)
}

// ErrSyntax is wrapped by every parse error, so callers can tell a malformed
// header from other failures with errors.Is.
var ErrSyntax = errors.New("malformed byte range")

// syntaxError builds an error that wraps ErrSyntax and quotes the input.
// Inputs are range headers, never credentials, so quoting them is safe.
func syntaxError(input, why string) error {
	return fmt.Errorf("%w %q: %s", ErrSyntax, input, why)
}

// parseNumber reads a canonical non-negative decimal (see package doc).
func parseNumber(s string) (int64, string) {
	if s == "" {
		return 0, "missing number"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, "number contains a character that is not a digit"
		}
	}
	if len(s) > 1 && s[0] == '0' {
		return 0, "number has a leading zero"
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, "number is too large"
	}
	return n, ""
}

// Parse reads "a-b", or the open form "a-" meaning a..size-1. When size > 0
// the range must lie inside [0, size); when size <= 0 the size is unknown,
// closed ranges are not bounded and the open form is an error.
func Parse(s string, size int64) (Range, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Range{}, syntaxError(s, `expected "start-end"`)
	}
	start, why := parseNumber(a)
	if why != "" {
		return Range{}, syntaxError(s, "start: "+why)
	}
	var end int64
	if b == "" {
		if size <= 0 {
			return Range{}, syntaxError(s, "open range needs a known size")
		}
		end = size - 1
	} else if end, why = parseNumber(b); why != "" {
		return Range{}, syntaxError(s, "end: "+why)
	}
	r := Range{Start: start, End: end}
	if start > end {
		return Range{}, syntaxError(s, "start is after end")
	}
	if end == math.MaxInt64 {
		return Range{}, syntaxError(s, "end is too large")
	}
	if size > 0 && end >= size {
		return Range{}, syntaxError(s, fmt.Sprintf("end is past the last byte of a %d-byte file", size))
	}
	return r, nil
}
