package ui

import (
	// Before Fyne's lang reads the locale in its init: as the app does.
	_ "aearly.invalid/localeenv"

	"os"
	"testing"
)

// TestMain runs the package's tests in English whatever the developer's
// locale, so the goldens compare; tests that need another language say so
// (useLanguage).
func TestMain(m *testing.M) {
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		_ = os.Unsetenv(k)
	}
	_ = os.Setenv("LANG", "C")
	if err := LoadTranslations(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
