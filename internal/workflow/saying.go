package workflow

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"printdrop/internal/say"
)

// saying is a refusal in words, in the user's language, as two catalogue
// entries: head says what happened (no full stop), next what to do, as it
// reads after the head's colon ("print it again for more.": lower case in
// English, as one sentence). Keeping them apart means no translation has
// to keep a colon where Explain can find it; each language joins them its
// own way (the catalogue's "{{.Headline}}: {{.NextStep}}": " : " in
// French, "。" in Japanese).
type saying struct{ head, next string }

// String is the whole sentence, as the refusal's Error returns it.
func (s saying) String() string {
	if s.next == "" {
		return say.T("{{.Headline}}.", say.Args{"Headline": s.head})
	}
	return say.T("{{.Headline}}: {{.NextStep}}", say.Args{"Headline": s.head, "NextStep": s.next})
}

// explanation is s as Explain shows it: the next step as a sentence of its own.
func (s saying) explanation() Explanation {
	return Explanation{Headline: s.head, NextStep: upperFirst(s.next)}
}

// or is s explained, or msg split when s is empty (an error made
// elsewhere, with only its whole sentence).
func (s saying) or(msg string) Explanation {
	if s.head != "" {
		return s.explanation()
	}
	return split(msg)
}

// upperFirst capitalises the first letter of s (a no-op for scripts
// without case).
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// orList joins items as "A, B or C" in the user's language.
func orList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	list := items[0]
	for _, it := range items[1 : len(items)-1] {
		list = say.T("{{.List}}, {{.Item}}", say.Args{"List": list, "Item": it})
	}
	return say.T("{{.List}} or {{.Item}}", say.Args{"List": list, "Item": items[len(items)-1]})
}

// headSeparators are where a translated one-key sentence ("This printer is
// stopped: ask…") turns from what happened to what to do, in the
// catalogue's languages: the colon as English writes it, as French does
// (with a space before it) and the full-width colon of Chinese.
var headSeparators = []string{" : ", ": ", "："}

// split turns "Headline: next step." into its two parts; a message without
// a colon is all headline. It is for sentences made as one catalogue entry
// (a printer's readiness, a job that cannot be printed again) and for
// refusals made elsewhere (the window's own SettingError); in Japanese,
// which joins the two with "。", a first sentence followed by another is
// the headline.
func split(msg string) Explanation {
	msg = strings.TrimSpace(msg)
	best, sep := -1, ""
	for _, s := range headSeparators {
		if i := strings.Index(msg, s); i >= 0 && (best < 0 || i < best) {
			best, sep = i, s
		}
	}
	if best < 0 {
		if i := strings.Index(msg, "。"); i >= 0 && i+len("。") < len(msg) && say.Language() == "ja" {
			best, sep = i, "。"
		}
	}
	if best < 0 {
		return Explanation{Headline: trimStop(msg)}
	}
	head, next := msg[:best], strings.TrimSpace(msg[best+len(sep):])
	return Explanation{Headline: trimStop(head), NextStep: upperFirst(next)}
}

// trimStop removes a sentence's final full stop ("." or "。").
func trimStop(s string) string {
	return strings.TrimSuffix(strings.TrimSuffix(s, "."), "。")
}

// saidError is an error that is only its words: a failure PrintDrop
// describes itself, with no type a caller branches on.
type saidError struct{ s saying }

func (e *saidError) Error() string { return e.s.String() }

// Explain is the error as a headline and a next step (SelfExplaining).
func (e *saidError) Explain() (headline, nextStep string) {
	x := e.s.explanation()
	return x.Headline, x.NextStep
}
