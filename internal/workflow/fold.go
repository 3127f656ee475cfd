package workflow

import (
	"strings"
	"unicode"
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

// matchAll reports whether every word of query occurs in at least one of
// fields, ignoring case and accents. Words may match different fields:
// "lyon color" finds a color printer located in Lyon.
func matchAll(query string, fields ...string) bool {
	words := strings.Fields(fold(query))
	if len(words) == 0 {
		return true
	}
	hay := make([]string, len(fields))
	for i, f := range fields {
		hay[i] = fold(f)
	}
	for _, w := range words {
		found := false
		for _, h := range hay {
			if strings.Contains(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
