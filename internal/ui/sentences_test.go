package ui

import "testing"

// TestSentencesEndTheHeadline guards the refusal line under File: the
// headline Explain gives has no full stop, and "missing.pdf was not found
// Check the name…" read as one broken sentence.
func TestSentencesEndTheHeadline(t *testing.T) {
	for _, c := range []struct{ h, next, want string }{
		{"missing.pdf was not found", "Check the name and location of the file.", "missing.pdf was not found. Check the name and location of the file."},
		{"Done.", "Next.", "Done. Next."},
		{"Only a headline", "", "Only a headline."},
		{"", "", ""},
	} {
		if got := sentences(c.h, c.next); got != c.want {
			t.Errorf("sentences(%q, %q) = %q, want %q", c.h, c.next, got, c.want)
		}
	}
}
