// Package say is how the packages below the window (workflow, auth) write
// their sentences in the user's language without knowing Fyne.
//
// Each sentence is written in English at the place it is made, as the key
// of the catalogue (gettext's way, and Fyne's own): say.T("Your session
// expired"). Values go in as {{.Name}} placeholders, so a translation can
// put them where its grammar wants them. The program installs one
// Translator at start (the window's catalogues, see internal/ui); until it
// does, and in every test of these packages, the English text is rendered
// as written. Translating where a sentence is made, rather than handing a
// key and arguments up to each consumer, keeps the plain string fields the
// window, the command line and the bridge already read, and gives all
// three the same words.
package say

import (
	"strings"
	"sync/atomic"
	"text/template"
)

// Args are the values of a sentence's placeholders, by name.
type Args = map[string]any

// Translator finds a sentence in the user's language. Text's key is the
// English text; Plural's key names the sentence, english is its "other"
// form, and count chooses the form the language needs.
type Translator interface {
	Text(english string, args Args) string
	Plural(key, english string, count int, args Args) string
	// Language is the catalogue's language as a BCP 47 tag ("de", "pt-BR").
	Language() string
}

var current atomic.Pointer[Translator]

// Use makes t the translator of every sentence from now on; nil goes back
// to English.
func Use(t Translator) {
	if t == nil {
		current.Store(nil)
		return
	}
	current.Store(&t)
}

// T is english in the user's language, with args filled in.
func T(english string, args ...Args) string {
	a := first(args)
	if t := current.Load(); t != nil {
		return oneStop((*t).Text(english, a), a)
	}
	return oneStop(English(english, a), a)
}

// N is the sentence key in the form for count, in the user's language;
// english is the English "other" form. count is also {{.Count}}.
func N(key string, count int, english string, args ...Args) string {
	a := Args{"Count": count}
	for k, v := range first(args) {
		a[k] = v
	}
	if t := current.Load(); t != nil {
		return oneStop((*t).Plural(key, english, count, a), a)
	}
	return oneStop(English(english, a), a)
}

// oneStop drops the full stop a sentence puts after a value that already
// ends with one ("Neuer Versuch in 12 Sek.", not "12 Sek.."): the
// abbreviations of German, French or Portuguese durations and dates end
// with a period, and a translator cannot know which values will.
func oneStop(s string, args Args) string {
	for _, v := range args {
		if w, ok := v.(string); ok && strings.HasSuffix(w, ".") && !strings.HasSuffix(w, "..") {
			s = strings.ReplaceAll(s, w+".", w)
		}
	}
	return s
}

// Language is the language sentences come in, as a BCP 47 tag: "en"
// until a translator is used.
func Language() string {
	if t := current.Load(); t != nil {
		return (*t).Language()
	}
	return "en"
}

// English renders a template with args, as a translator falls back to.
func English(text string, args Args) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	tm, err := template.New("").Option("missingkey=zero").Parse(text)
	if err != nil {
		return text
	}
	var sb strings.Builder
	if tm.Execute(&sb, args) != nil {
		return text
	}
	return sb.String()
}

func first(args []Args) Args {
	if len(args) > 0 {
		return args[0]
	}
	return nil
}
