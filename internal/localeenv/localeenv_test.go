package localeenv

import (
	"os"
	"testing"
)

// TestLocale: C-like and malformed values become C; valid ones stay.
func TestLocale(t *testing.T) {
	for in, want := range map[string]string{"C": "C", "POSIX": "C", "C.UTF-8": "C", "C.utf8": "C", "xx_!!": "C",
		"de_DE.UTF-8": "de_DE.UTF-8", "de_DE@euro": "de_DE", "fr": "fr", "es_419.UTF-8": "es_419.UTF-8",
		"pt_BR": "pt_BR", "zh_CN.GB18030": "zh_CN.GB18030", "english": "C", "de_DE.": "C",
		"xx": "C", "zz_ZZ.UTF-8": "C", "iw_IL": "iw_IL", "ja_JP.eucJP": "ja_JP.eucJP", "ast_ES": "ast_ES"} {
		if got := locale(in); got != want {
			t.Errorf("locale(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNormaliseRestore: LANGUAGE keeps its valid entries; Restore undoes it.
func TestNormaliseRestore(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	t.Setenv("LANGUAGE", "C.UTF-8:fr:de")
	t.Setenv("LC_ALL", "")
	Normalise()
	if g, l := getenv("LANG"), getenv("LANGUAGE"); g != "C" || l != "fr:de" {
		t.Fatalf("LANG %q LANGUAGE %q", g, l)
	}
	Restore()
	if g, l := getenv("LANG"), getenv("LANGUAGE"); g != "C.UTF-8" || l != "C.UTF-8:fr:de" {
		t.Fatalf("after Restore: LANG %q LANGUAGE %q", g, l)
	}
}

func getenv(k string) string { return os.Getenv(k) }
