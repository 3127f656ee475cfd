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
