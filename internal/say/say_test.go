package say

import "testing"

type upper struct{}

func (upper) Language() string { return "xx" }

func (upper) Text(english string, args Args) string { return "T:" + English(english, args) }
func (upper) Plural(key, english string, count int, args Args) string {
	return "N:" + key + ":" + English(english, args)
}

// TestEnglishUntilATranslatorIsUsed: without a translator the English
// template is filled in; with one, every sentence goes through it.
func TestEnglishUntilATranslatorIsUsed(t *testing.T) {
	if got := T("{{.Name}} was not found", Args{"Name": "a.pdf"}); got != "a.pdf was not found" {
		t.Errorf("T = %q", got)
	}
	if got := N("files", 3, "{{.Count}} files"); got != "3 files" {
		t.Errorf("N = %q", got)
	}
	if got := T("Plain {{"); got != "Plain {{" {
		t.Errorf("a broken template is kept as written: %q", got)
	}
	Use(upper{})
	defer Use(nil)
	if Language() != "xx" {
		t.Errorf("Language = %q", Language())
	}
	if got := T("Hello {{.Who}}", Args{"Who": "you"}); got != "T:Hello you" {
		t.Errorf("T with a translator = %q", got)
	}
	if got := N("files", 2, "{{.Count}} files in {{.Dir}}", Args{"Dir": "x"}); got != "N:files:2 files in x" {
		t.Errorf("N with a translator = %q", got)
	}
}

// TestOneStop: a value ending with a period is not followed by a second
// one; other periods stay.
func TestOneStop(t *testing.T) {
	for _, c := range []struct {
		text string
		args Args
		want string
	}{
		{"Neuer Versuch in {{.Time}}.", Args{"Time": "12 Sek."}, "Neuer Versuch in 12 Sek."},
		{"Neuer Versuch in {{.Time}}. Danach nicht.", Args{"Time": "3 Min."}, "Neuer Versuch in 3 Min. Danach nicht."},
		{"Try again in {{.Time}}.", Args{"Time": "12 s"}, "Try again in 12 s."},
		{"{{.Name}} is empty.", Args{"Name": "a.pdf"}, "a.pdf is empty."},
		{"Wait for {{.Time}}…", Args{"Time": "3 Min."}, "Wait for 3 Min.…"},
	} {
		if got := T(c.text, c.args); got != c.want {
			t.Errorf("T(%q, %v) = %q, want %q", c.text, c.args, got, c.want)
		}
	}
}
