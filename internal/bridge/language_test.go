package bridge

import (
	"testing"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/say"
)

// bracketed is a translator that marks every sentence, in a language
// other than English.
type bracketed struct{}

func (bracketed) Text(english string, args say.Args) string {
	return "[" + say.English(english, args) + "]"
}
func (bracketed) Plural(_ string, english string, _ int, args say.Args) string {
	return "[" + say.English(english, args) + "]"
}
func (bracketed) Language() string { return "pt-BR" }

// TestSentencesInTheUsersLanguage: the bridge's own sentences (a job's
// state, the upload's share, the printer's trouble) come from the
// catalogue, and in a language other than English they travel as
// text-with-language naming it, while English stays plain text. Not
// parallel: the translator is the process's.
func TestSentencesInTheUsersLanguage(t *testing.T) {
	if v := sentence("Printed."); v != goipp.String("Printed.") || sentenceTag() != goipp.TagText {
		t.Fatalf("in English: %#v with %v", v, sentenceTag())
	}
	say.Use(bracketed{})
	t.Cleanup(func() { say.Use(nil) })
	if v := sentence("[Printed.]"); v != (goipp.TextWithLang{Lang: "pt-br", Text: "[Printed.]"}) || sentenceTag() != goipp.TagTextLang {
		t.Fatalf("in Portuguese: %#v with %v", v, sentenceTag())
	}
	for st, want := range map[string]string{"completed": "[Printed.]", "pending": "[Waiting for the printer.]",
		"aborted": "[Universal Print could not print the job.]"} {
		if _, _, msg := upJobStatus(st, nil, ""); msg != want {
			t.Errorf("%s: %q, want %q", st, msg, want)
		}
	}
	if got := agedOut(); got != "[Universal Print no longer lists the job: it finished.]" {
		t.Errorf("aged out: %q", got)
	}
}
