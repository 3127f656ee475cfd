package ui

import (
	"bytes"
	"encoding/json"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/lang"

	"printdrop/internal/say"
)

// languages are the catalogues PrintDrop ships, with the plural forms each
// language's rules (CLDR, as go-i18n applies them) ask for.
var languages = map[string][]string{
	"en": {"one", "other"}, "de": {"one", "other"},
	"fr": {"many", "one", "other"}, "es": {"many", "one", "other"}, "it": {"many", "one", "other"},
	"pt-BR": {"many", "one", "other"},
	"ja":    {"other"}, "zh-Hans": {"other"},
}

// entry is one catalogue value: a text, or a plural's forms.
type entry struct {
	text  string
	forms map[string]string
}

func (e *entry) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, &e.forms)
	}
	return json.Unmarshal(b, &e.text)
}

func (e entry) MarshalJSON() ([]byte, error) {
	if e.forms != nil {
		return marshal(e.forms)
	}
	return marshal(e.text)
}

func (e entry) plural() bool { return e.forms != nil }

// other is the text, or a plural's "other" form.
func (e entry) other() string {
	if e.forms != nil {
		return e.forms["other"]
	}
	return e.text
}

// texts are every text of the entry.
func (e entry) texts() []string {
	if e.forms == nil {
		return []string{e.text}
	}
	var out []string
	for _, v := range e.forms {
		out = append(out, v)
	}
	return out
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // “quotes”, <, > and & as written
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func readCatalogue(t *testing.T, tag string) map[string]entry {
	t.Helper()
	b, err := translations.ReadFile("translations/" + tag + ".json")
	if err != nil {
		t.Fatalf("no catalogue for %s: %v", tag, err)
	}
	var c map[string]entry
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s.json: %v", tag, err)
	}
	return c
}

// writeEnglish rewrites en.json with the code's words, keeping the plural
// forms other than "other" that it has.
func writeEnglish(t *testing.T, words []codeWord, old map[string]entry) {
	t.Helper()
	c := map[string]entry{}
	for _, w := range words {
		if !w.plural {
			c[w.key] = entry{text: w.english}
			continue
		}
		forms := map[string]string{"one": w.english}
		if o, ok := old[w.key]; ok && o.forms != nil {
			forms = maps(o.forms)
		}
		forms["other"] = w.english
		c[w.key] = entry{forms: forms}
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte(`\u0026`), []byte("&"))
	b = bytes.ReplaceAll(b, []byte(`\u003c`), []byte("<"))
	b = bytes.ReplaceAll(b, []byte(`\u003e`), []byte(">"))
	if err := os.WriteFile(filepath.Join("translations", "en.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders are the {{.Names}} a text uses, sorted, without repeats.
func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// TestCataloguesMatchEnglish fails when a catalogue lacks a key en.json
// has or has one it lacks, when a translation drops or invents a
// {{.Placeholder}}, when a plural lacks a form its language needs, and
// when a file is there that no language list names.
func TestCataloguesMatchEnglish(t *testing.T) {
	files, err := translations.ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, ok := languages[strings.TrimSuffix(f.Name(), ".json")]; !ok {
			t.Errorf("translations/%s is not in the test's list of languages", f.Name())
		}
	}
	en := readCatalogue(t, "en")
	for tag, forms := range languages {
		c := readCatalogue(t, tag)
		for k, e := range en {
			tr, ok := c[k]
			if !ok {
				t.Errorf("%s.json lacks %q", tag, k)
				continue
			}
			if tr.plural() != e.plural() {
				t.Errorf("%s.json: %q must be a plural exactly when en.json's is", tag, k)
				continue
			}
			if tr.plural() {
				got := make([]string, 0, len(tr.forms))
				for f := range tr.forms {
					got = append(got, f)
				}
				sort.Strings(got)
				if !slices.Equal(got, forms) {
					t.Errorf("%s.json: %q has the forms %v, %s needs %v", tag, k, got, tag, forms)
				}
			}
			want := placeholders(e.other())
			for _, text := range tr.texts() {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s.json: %q is empty", tag, k)
				}
				if got := placeholders(text); !slices.Equal(got, want) && !(tr.plural() && slices.Equal(got, without(want, "Count"))) {
					t.Errorf("%s.json: %q uses the placeholders %v, en.json %v: %q", tag, k, got, want, text)
				}
			}
		}
		for k := range c {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has %q, which en.json lacks", tag, k)
			}
		}
		if got := c["meta.language"].text; got != tag {
			t.Errorf("%s.json names itself %q under meta.language", tag, got)
		}
	}
}

// without is list less s: a plural's "one" form may say "1" in words
// instead of {{.Count}} ("Ein Drucker").
func without(list []string, s string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(v string) bool { return v == s })
}

var languageMu sync.Mutex

// useLanguage makes the window speak tag for the rest of the test, as a
// user whose LANGUAGE names it: Fyne picks the catalogue from the locale
// environment, which is the path users take. It goes back to English after.
func useLanguage(t *testing.T, tag string) {
	t.Helper()
	languageMu.Lock()
	setLocale(t, map[string]string{"LANGUAGE": strings.ReplaceAll(tag, "-", "_"), "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"})
	t.Cleanup(func() {
		setLocale(t, map[string]string{"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"})
		languageMu.Unlock()
	})
}

// setLocale sets the locale variables ("" unsets) and reads them again.
func setLocale(t *testing.T, env map[string]string) {
	t.Helper()
	for k, v := range env {
		var err error
		if v == "" {
			err = os.Unsetenv(k)
		} else {
			err = os.Setenv(k, v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := LoadTranslations(); err != nil {
		t.Fatal(err)
	}
}

// fyneErrors collects what Fyne logs (a translation failure is logged, not
// returned) while f runs.
func fyneErrors(f func()) string {
	var b bytes.Buffer
	w := log.Writer()
	log.SetOutput(&b)
	defer log.SetOutput(w)
	f()
	return b.String()
}

// TestLocalePicksTheCatalogue: the variables a user sets choose the
// language as gettext does (LANGUAGE's list first, then LC_ALL,
// LC_MESSAGES, LANG), and C, POSIX or nothing mean English, in silence.
func TestLocalePicksTheCatalogue(t *testing.T) {
	languageMu.Lock()
	defer languageMu.Unlock()
	defer setLocale(t, map[string]string{"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"})
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "de_AT.UTF-8"}, "de"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"},
		{map[string]string{"LANG": "es_ES.UTF-8", "LC_ALL": "it_IT.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "it"},
		{map[string]string{"LANG": "en_GB.UTF-8", "LANGUAGE": "fr:de"}, "fr"},
		{map[string]string{"LANGUAGE": "nl:de"}, "de"}, // no Dutch: the next one
		{map[string]string{"LANG": "ja_JP.UTF-8"}, "ja"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh-Hans"},
		{map[string]string{"LANG": "zh_SG.UTF-8"}, "zh-Hans"},
		{map[string]string{"LANG": "pt_BR.UTF-8"}, "pt-BR"},
		{map[string]string{"LANG": "es_MX.UTF-8"}, "es"},
		{map[string]string{"LANG": "C", "LANGUAGE": "de"}, "en"}, // gettext: C ignores LANGUAGE
		{map[string]string{"LANG": "POSIX"}, "en"},
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "nl_NL.UTF-8"}, "en"},
	} {
		env := map[string]string{"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
		for k, v := range c.env {
			env[k] = v
		}
		logged := fyneErrors(func() { setLocale(t, env) })
		if got := say.Language(); got != c.want {
			t.Errorf("%v: the catalogue is %q, want %q", c.env, got, c.want)
		}
		if logged != "" {
			t.Errorf("%v: Fyne logged %q", c.env, logged)
		}
	}
}

// TestPluralsInEveryLanguage: each plural gives its language's form for
// 0, 1, 2, 5 and 1,000,000 without a translation failure.
func TestPluralsInEveryLanguage(t *testing.T) {
	en := readCatalogue(t, "en")
	for tag := range languages {
		t.Run(tag, func(t *testing.T) {
			useLanguage(t, tag)
			c := readCatalogue(t, tag)
			for k, e := range en {
				if !e.plural() {
					continue
				}
				for _, n := range []int{0, 1, 2, 5, 1000000} {
					var got string
					logged := fyneErrors(func() {
						got = lang.XN(k, e.other(), n, map[string]any{"Count": n, "Shown": 1, "Printer": "P", "Switch": "S", "Minutes": "5", "Seconds": "5", "Max": 4, "Name": "N"})
					})
					if logged != "" {
						t.Errorf("%s, %d: %s", k, n, logged)
					}
					if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
						t.Errorf("%s, %d: %q", k, n, got)
					}
					found := false
					for _, v := range c[k].forms {
						found = found || strings.Contains(got, strings.SplitN(v, "{{", 2)[0])
					}
					if !found {
						t.Errorf("%s, %d: %q is none of %s's forms", k, n, got, tag)
					}
				}
			}
		})
	}
	useLanguage(t, "en")
	if got := lang.XN("printers.listed", "", 1, map[string]any{"Count": 1, "Shown": 1}); got != "1 of 1 printer" {
		t.Errorf("one printer: %q", got)
	}
	if got := lang.XN("printers.listed", "", 2, map[string]any{"Count": 2, "Shown": 1}); got != "1 of 2 printers" {
		t.Errorf("two printers: %q", got)
	}
}
