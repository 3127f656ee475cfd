package ui

import (
	"embed"

	"fyne.io/fyne/v2/lang"

	"printdrop/internal/say"
)

// translations holds one catalogue per language (en.json, de.json, …), in
// the JSON of Fyne's lang package: the English text as the key, or for a
// plural a key with "one" and "other" (and the forms the language needs).
//
//go:embed translations
var translations embed.FS

// LoadTranslations adds PrintDrop's catalogues to Fyne's and makes them
// translate the words of workflow and auth too (say.Use). Fyne picks the
// language from the system: LANGUAGE (a list, "fr:de"), then LC_ALL,
// LC_MESSAGES and LANG on Linux; the user's UI languages on Windows and
// macOS. C, POSIX and unset mean English (internal/localeenv makes C.UTF-8
// and malformed values plain C first). Call it once at start, before any
// window; calling it again reads the locale again (tests do).
func LoadTranslations() error {
	err := lang.AddTranslationsFS(translations, "translations")
	say.Use(fyneWords{})
	return err
}

// args are the values of a sentence's {{.Placeholders}}.
type args = map[string]any

// fyneWords translates through Fyne's lang package.
type fyneWords struct{}

// Language is the catalogue in use ("de", "pt-BR"): each catalogue names
// itself under the key meta.language.
func (fyneWords) Language() string { return lang.X("meta.language", "en") }

func (fyneWords) Text(english string, args say.Args) string {
	if args == nil {
		return lang.L(english)
	}
	return lang.L(english, args)
}

func (fyneWords) Plural(key, english string, count int, args say.Args) string {
	return lang.XN(key, english, count, args)
}
