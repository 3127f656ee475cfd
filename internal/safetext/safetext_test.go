package safetext

import "testing"

func TestShow(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"report.pdf":                        "report.pdf",
		"Café – 2ᵉ étage 🖨":                 "Café – 2ᵉ étage 🖨",
		"a\x1b]0;pwned\x07b":                `a\x1b]0;pwned\x07b`,
		"\x1b[2J\x1b[H":                     `\x1b[2J\x1b[H`,
		"line\nfake\rcr\ttab":               `line\x0afake\x0dcr\x09tab`,
		"del\x7f":                           `del\x7f`,
		"c1\u009b31m":                       `c1\x9b31m`,
		"raw\x9bbyte":                       `raw\x9bbyte`,
		"evil\u202etxt.exe":                 `evil\u202etxt.exe`,
		"iso\u2066x\u2069 lrm\u200e":        `iso\u2066x\u2069 lrm\u200e`,
		`back\slash stays`:                  `back\slash stays`,
		"":                                  "",
		"zero\x00width\u200bjoiner\u200dok": `zero\x00width` + "\u200bjoiner\u200dok",
	}
	for in, want := range cases {
		if got := Show(in); got != want {
			t.Errorf("Show(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShowLeavesCleanTextUnallocated(t *testing.T) {
	s := "Floor 2 – Lyon"
	if n := testing.AllocsPerRun(100, func() { _ = Show(s) }); n != 0 {
		t.Fatalf("Show allocated %v times for clean text", n)
	}
}
