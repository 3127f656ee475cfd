package ui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// variantTheme is the app's theme held to one variant, for goldens.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// visibleIn reports whether o shows whole inside c: not hidden, and its
// box within the canvas.
func visibleIn(c fyne.Canvas, o fyne.CanvasObject) bool {
	if !o.Visible() {
		return false
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	end := pos.Add(o.Size())
	size := c.Size()
	return pos.X >= 0 && pos.Y >= 0 && end.X <= size.Width+0.5 && end.Y <= size.Height+0.5 && o.Size().Height > 0
}

// TestScreen_FitsTheScreen: on an 800x600 screen, a 1280x800 one, and the
// 1280x800 one at scale 2, the window opens no larger than the screen
// holds, and once a printer is picked and a file queued, Print and the
// sentence beside it are in view, in the light and the dark theme.
func TestScreen_FitsTheScreen(t *testing.T) {
	for _, tc := range []struct {
		screen fyne.Size
		scale  float32
	}{
		{fyne.NewSize(800, 600), 1},
		{fyne.NewSize(1280, 800), 1},
		{fyne.NewSize(1280, 800), 2},
	} {
		for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			name := fmt.Sprintf("%vx%v@%v_%s", tc.screen.Width, tc.screen.Height, tc.scale, variantName(variant))
			t.Run(name, func(t *testing.T) {
				h, _ := readyToPrint(t)
				h.app.Settings().SetTheme(variantTheme{Theme(), variant})
				c := h.fw.Canvas().(test.WindowlessCanvas)
				c.SetScale(tc.scale)
				h.w.FitScreen(tc.screen)
				got := c.Size()
				if px := got.Width * tc.scale; px > tc.screen.Width {
					t.Fatalf("window %v at scale %v is %v px wide on a %v px screen", got, tc.scale, px, tc.screen.Width)
				}
				if px := got.Height * tc.scale; px > tc.screen.Height {
					t.Fatalf("window %v at scale %v is %v px high on a %v px screen", got, tc.scale, px, tc.screen.Height)
				}
				h.fw.Content().Refresh() // lay wrapped text out at its final width
				for what, o := range map[string]fyne.CanvasObject{"Print": h.w.files.print, "the sentence beside it": h.w.bar.message} {
					if !visibleIn(c, o) {
						t.Errorf("%s is out of view at %v", what, got)
					}
				}
				if !strings.HasPrefix(h.w.bar.message.Text, "Ready to print report.pdf") {
					t.Errorf("the bar says %q", h.w.bar.message.Text)
				}
				test.AssertImageMatches(t, "fit/"+name+".png", c.Capture())
			})
		}
	}
}

func variantName(v fyne.ThemeVariant) string {
	if v == theme.VariantDark {
		return "dark"
	}
	return "light"
}

// TestScreen_RefusalInTheActionBar: a file the printer cannot take is
// refused beside Print, where the user is looking, not at the top of a
// scrolled column.
func TestScreen_RefusalInTheActionBar(t *testing.T) {
	h, _ := readyToPrint(t)
	h.app.Settings().SetTheme(variantTheme{Theme(), theme.VariantLight})
	h.w.FitScreen(fyne.NewSize(800, 600))
	folder := filepath.Join(t.TempDir(), "Scans")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	h.w.OpenFiles([]string{folder})
	h.until("refusal", func() bool { return !h.w.files.refused.Hidden })
	h.fw.Content().Refresh()
	c := h.fw.Canvas()
	if !visibleIn(c, h.w.files.refused) || !strings.Contains(h.w.files.refused.Text, "is a folder") {
		t.Fatalf("refusal %q not in view", h.w.files.refused.Text)
	}
	test.AssertImageMatches(t, "fit/refusal.png", c.Capture())
}

// TestScreen_RemembersItsSize: the size the window closed at is the size
// the next one opens at, on a screen that holds it; one that does not gets
// the screen's.
func TestScreen_RemembersItsSize(t *testing.T) {
	h := newHarness(t, signedInFake(), Options{})
	h.fw.Resize(fyne.NewSize(1100, 720))
	h.w.Close()
	next := newWindow(h.app, test.NewTempWindow(t, nil), signedInFake(), Options{RedrawEvery: -1}, func(func()) {}, func(func()) {})
	t.Cleanup(next.Close)
	next.FitScreen(fyne.NewSize(1920, 1080))
	if got := next.Canvas().Size(); got != fyne.NewSize(1100, 720) {
		t.Fatalf("reopened at %v, want the 1100x720 it closed at", got)
	}
	next.FitScreen(fyne.NewSize(1024, 600))
	if got := next.Canvas().Size(); got.Width > 1024 || got.Height > 600 {
		t.Fatalf("on a 1024x600 screen the window is %v", got)
	}
}
