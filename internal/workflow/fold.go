package workflow

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"printdrop/internal/graph"
)

// foldTable maps accented Latin letters to their base letter, so a search
// for "zurich" finds "Zürich" and "etage" finds "Étage". The standard
// library has no Unicode decomposition; this table covers the Latin-1 and
// Latin Extended-A letters used in European place and printer names.
var foldTable = func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě",
		"g": "ĝğġģ", "h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ",
		"l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő", "r": "ŕŗř",
		"s": "śŝşš", "t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ",
		"z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ", "dh": "ð",
	}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// fold lower-cases s and strips accents, for matching only.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf { // ASCII, nearly every printer name: no table
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		if unicode.Is(unicode.Mn, r) { // combining marks of decomposed input
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// searchSep separates the fields of a search key. ParseQuery turns it into
// a space, so no query word contains it and a word never matches across
// the end of one field and the start of the next.
const searchSep = "\x00"

// SearchKey folds a share's searchable texts (name, location, model,
// manufacturer) once, so a search over thousands of shares compares
// strings instead of folding every field again on every keystroke.
func SearchKey(sh graph.Share) string { return SearchKeyOf(shareSearchFields(sh)...) }

// SearchKeyOf folds fields into one search key.
func SearchKeyOf(fields ...string) string {
	return fold(strings.Join(fields, searchSep))
}

// Query is a search as typed, folded once.
type Query struct{ words []string }

// ParseQuery folds a search into its words.
func ParseQuery(q string) Query {
	words := strings.Fields(strings.ReplaceAll(fold(q), searchSep, " "))
	return Query{words: words}
}

// Empty reports a query with no words, which matches everything.
func (q Query) Empty() bool { return len(q.words) == 0 }

// Matches reports whether every word occurs in key (a SearchKey): words
// may match different fields, "lyon color" finds a color printer in Lyon.
func (q Query) Matches(key string) bool {
	for _, w := range q.words {
		if !strings.Contains(key, w) {
			return false
		}
	}
	return true
}

// matchAll reports whether every word of query occurs in at least one of
// fields, ignoring case and accents.
func matchAll(query string, fields ...string) bool {
	return ParseQuery(query).Matches(SearchKeyOf(fields...))
}
