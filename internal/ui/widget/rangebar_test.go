package widget_test

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"printdrop/internal/ranges"
	pdwidget "printdrop/internal/ui/widget"
)

// mb is a decimal megabyte, the unit the goldens' documents are sized in.
const mb = 1_000_000

func TestRangeBar_Markup(t *testing.T) {
	size := int64(40 * mb)
	cases := []struct {
		name              string
		size              int64
		missing, inFlight ranges.Set
	}{
		{"empty", 0, nil, nil},
		{"half", size, ranges.Set{{Start: 20 * mb, End: size - 1}}, ranges.Set{{Start: 20 * mb, End: 24*mb - 1}}},
		{"gappy", size, ranges.Set{{Start: 4 * mb, End: 8*mb - 1}, {Start: 16 * mb, End: 20*mb - 1}, {Start: 30 * mb, End: size - 1}},
			ranges.Set{{Start: 4 * mb, End: 6*mb - 1}, {Start: 30 * mb, End: 32*mb - 1}}},
		{"full", size, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			bar := pdwidget.NewRangeBar()
			bar.SetState(tc.size, tc.missing, tc.inFlight)
			w := test.NewTempWindow(t, bar)
			w.Resize(fyne.NewSize(208, 36))
			test.AssertRendersToMarkup(t, "rangebar/"+tc.name+".xml", w.Canvas())
		})
	}
}

// variantTheme pins the default theme to one variant, so a test can render
// light and dark whatever the machine prefers.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (v variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return v.Theme.Color(n, v.variant)
}

func TestRangeBar_Image(t *testing.T) {
	for name, variant := range map[string]fyne.ThemeVariant{"light": theme.VariantLight, "dark": theme.VariantDark} {
		t.Run(name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), variant})
			size := int64(40 * mb)
			bar := pdwidget.NewRangeBar()
			bar.SetState(size, ranges.Set{{Start: 4 * mb, End: 8*mb - 1}, {Start: 30 * mb, End: size - 1}},
				ranges.Set{{Start: 30 * mb, End: 32*mb - 1}})
			w := test.NewTempWindow(t, bar)
			w.Resize(fyne.NewSize(208, 36))
			test.AssertImageMatches(t, "rangebar/"+name+".png", w.Canvas().Capture())
		})
	}
}

func TestRangeBar_SubPixelRangesMerge(t *testing.T) {
	test.NewTempApp(t)
	// 10,000 one-byte gaps every 100 bytes in a 1 MB document: far more
	// ranges than pixels. The bar must draw at most one rectangle per pixel.
	var missing ranges.Set
	for i := int64(0); i < 10_000; i++ {
		missing = missing.Add(ranges.Range{Start: i * 100, End: i * 100})
	}
	bar := pdwidget.NewRangeBar()
	bar.SetState(1_000_000, missing, nil)
	bar.Resize(fyne.NewSize(200, 20))
	r := test.TempWidgetRenderer(t, bar)
	if n := len(r.Objects()); n > 200+1 {
		t.Fatalf("bar draws %d objects for a 200 px bar; sub-pixel spans are not merged", n)
	}
	if n := len(r.Objects()); n < 2 {
		t.Fatalf("bar draws %d objects; the received bytes vanished", n)
	}
}

func TestRangeBar_Describe(t *testing.T) {
	test.NewTempApp(t)
	bar := pdwidget.NewRangeBar()
	if got := bar.Describe(); got != "Nothing uploaded yet." {
		t.Fatalf("empty: %q", got)
	}
	bar.SetState(10*mb, ranges.Set{{Start: 2 * mb, End: 4*mb - 1}, {Start: 6 * mb, End: 10*mb - 1}}, ranges.Set{{Start: 2 * mb, End: 3*mb - 1}})
	got := bar.Describe()
	for _, want := range []string{"Received 4.00 MB of 10.0 MB.", "Sending 1.00 MB in 1 part.", "Missing 2 parts: 2000000-3999999, 6000000-9999999."} {
		if !strings.Contains(got, want) {
			t.Errorf("Describe() = %q, want it to contain %q", got, want)
		}
	}
}

func TestMissingText_Limit(t *testing.T) {
	set := ranges.Set{{Start: 0, End: 1}, {Start: 5, End: 6}, {Start: 9, End: 9}}
	if got, want := pdwidget.MissingText(set, 2), "0-1, 5-6 and 1 more"; got != want {
		t.Fatalf("MissingText = %q, want %q", got, want)
	}
	if got, want := pdwidget.MissingText(set, 0), "0-1, 5-6, 9-9"; got != want {
		t.Fatalf("MissingText = %q, want %q", got, want)
	}
}
