// Package localeenv makes the locale environment one that Fyne's lang
// package can read without complaint, before that package reads it.
//
// fyne.io/fyne/v2/lang reads LC_ALL, LC_MESSAGES, LANG and LANGUAGE in its
// package init (AddTranslationsFS calls updateLocalizer) and logs "Fyne
// error: Error parsing user locale" for C.UTF-8 or a malformed value, so
// every command, even --help, would start with three lines of noise. Go
// initialises packages in import-path order once their imports are ready;
// this package imports only os and strings (which lang needs too) and its
// module path sorts before "fyne.io", so its init always runs first. That
// is why it is a module of its own, replaced to this folder in go.mod.
//
// C and POSIX with a codeset (C.UTF-8) become C, which Fyne takes as
// English in silence; malformed values become C too; a modifier (@euro) is
// dropped; LANGUAGE loses entries that are not language names. Valid
// locales (de_DE.UTF-8, LANGUAGE=fr:de) are left as they are. Restore
// puts the original values back for programs that do not show Fyne.
package localeenv

import (
	"os"
	"strings"
)

var saved = map[string]*string{}

func init() { Normalise() }

// Normalise rewrites the locale variables as the package comment says.
func Normalise() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			continue
		}
		if n := locale(v); n != v {
			set(name, v, n)
		}
	}
	if v, ok := os.LookupEnv("LANGUAGE"); ok && v != "" {
		var keep []string
		for _, e := range strings.Split(v, ":") {
			if n := locale(e); n != "C" {
				keep = append(keep, n)
			}
		}
		if n := strings.Join(keep, ":"); n != v {
			set("LANGUAGE", v, n)
		}
	}
}

// Restore puts back the values Normalise changed.
func Restore() {
	for name, v := range saved {
		_ = os.Setenv(name, *v)
		delete(saved, name)
	}
}

func set(name, old, now string) {
	if _, done := saved[name]; !done {
		saved[name] = &old
	}
	if now == "" {
		_ = os.Unsetenv(name)
		return
	}
	_ = os.Setenv(name, now)
}

// locale is v as Fyne can parse it: language[_TERRITORY][.codeset], or C.
func locale(v string) string {
	base, _, _ := strings.Cut(v, "@") // de_DE@euro: the modifier is no part of a language tag
	name, codeset, hasCodeset := strings.Cut(base, ".")
	if name == "C" || name == "POSIX" {
		return "C"
	}
	lang, region, hasRegion := strings.Cut(name, "_")
	if !letters(lang, 2, 3) || (hasRegion && !(letters(region, 2, 2) || digits(region, 3))) ||
		(hasCodeset && codeset == "") || !knownLanguage(lang) {
		return "C"
	}
	return base
}

// iso639 are the two-letter language codes of ISO 639-1, and the
// withdrawn ones systems still set (iw, in, ji, jw, mo, sh). A two-letter
// code outside them ("xx", "zz") is well-formed but unknown to Fyne's
// parser, which would log it.
const iso639 = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy " +
	"da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz " +
	"ia id ie ig ii ik in io is it iu iw ja ji jv jw ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li " +
	"ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi " +
	"pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk " +
	"tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"

// knownLanguage reports whether a language code may be handed to Fyne:
// any three-letter code (ISO 639-2/3, which Fyne's parser knows almost
// all of), or a two-letter one of ISO 639-1.
func knownLanguage(lang string) bool {
	if len(lang) != 2 {
		return true
	}
	return strings.Contains(" "+iso639+" ", " "+strings.ToLower(lang)+" ")
}

func letters(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
