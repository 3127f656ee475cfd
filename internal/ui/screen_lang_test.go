package ui

import (
	"image/color"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// lightTheme is PrintDrop's theme in its light variant whatever the test
// app's settings say: the goldens show what most desktops show.
type lightTheme struct{ fyne.Theme }

func (t lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, theme.VariantLight)
}

// needCJKFont fails under CI, and skips elsewhere, when no installed font
// covers Japanese and Chinese: Fyne's own font has no CJK glyphs, and
// falls back per character to the system's fonts (Debian:
// fonts-wqy-microhei, which .ci/install-deps installs).
func needCJKFont(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the golden's fonts are those of the Linux CI run")
	}
	out, err := exec.Command("fc-list", ":lang=ja", "file").Output()
	if err == nil && strings.TrimSpace(string(out)) != "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no font covers Japanese (fc-list :lang=ja: %v): install fonts-wqy-microhei", err)
	}
	t.Skip("no font covers Japanese: install fonts-wqy-microhei")
}

// TestScreen_PrinterChosenInGermanAndJapanese: the main window with a
// printer chosen and a file queued, in German and in Japanese (light),
// with the CJK text drawn, as PNG goldens (markup would not show glyphs).
func TestScreen_PrinterChosenInGermanAndJapanese(t *testing.T) {
	needCJKFont(t)
	for _, tag := range []string{"de", "ja"} {
		t.Run(tag, func(t *testing.T) {
			useLanguage(t, tag)
			f := signedInFake()
			f.lastShare = "s1"
			h := newHarness(t, f, Options{})
			h.app.Settings().SetTheme(lightTheme{Theme()})
			h.until("printer chosen", func() bool { return h.w.state.printer != nil && !h.w.printers.loading && h.statusesIn() })
			h.w.OpenFiles([]string{writeFile(t, t.TempDir(), "report.pdf", 40_000_000)})
			h.until("file queued", func() bool { return len(h.w.state.queue) == 1 })
			test.AssertImageMatches(t, "screens/printer_chosen_"+tag+".png", h.fw.Canvas().Capture())
		})
	}
}
