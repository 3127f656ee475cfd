// Package safetext makes text that came from outside PrintDrop (file names,
// printer names, a service's error codes, request ids and descriptions) safe
// to put on a terminal or in a window label.
//
// A terminal obeys control characters: ESC starts sequences that retitle,
// clear or rewrite the screen, a bare CR overwrites the line before it, and
// bidi overrides make a name read differently from what it is. Show writes
// each such character visibly (`\x1b`, `\u202e`) and changes nothing else,
// so ordinary names, accents and emoji stay as they are. Machine output
// (--json) is not passed through it: encoding/json already escapes control
// characters there, and scripts need the exact value.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Show returns s with every control character written out visibly: C0
// (U+0000-U+001F, tab and newline included), DEL, C1 (U+0080-U+009F), the
// bidi embedding, override and isolate controls and marks, and bytes that
// are not UTF-8 (a lone 0x9b is an 8-bit CSI to some terminals). The
// backslash itself is left alone: the output is for people, not a parser.
func Show(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isBidiControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clean reports whether Show would change nothing, without allocating: the
// common case for every name PrintDrop shows.
func clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
			return false
		}
		i += size
	}
	return true
}

// isBidiControl reports the invisible characters that reorder text: LRM,
// RLM, ALM, the embeddings and overrides (U+202A-U+202E) and the isolates
// (U+2066-U+2069).
func isBidiControl(r rune) bool {
	switch {
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
