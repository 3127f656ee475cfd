package widget_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	pdwidget "printdrop/internal/ui/widget"
)

func TestDropZone_Markup(t *testing.T) {
	for _, tc := range []struct {
		name        string
		hint        string
		highlighted bool
	}{
		{"idle", "PDF, XPS or images, up to 1 GB", false},
		{"highlighted", "report.pdf, 2.40 MB", true},
		{"nohint", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			z := pdwidget.NewDropZone(tc.hint, nil)
			z.SetHighlighted(tc.highlighted)
			w := test.NewTempWindow(t, z)
			w.Resize(fyne.NewSize(420, 240))
			test.AssertRendersToMarkup(t, "dropzone/"+tc.name+".xml", w.Canvas())
		})
	}
}

func TestDropZone_TapChooses(t *testing.T) {
	test.NewTempApp(t)
	chosen := 0
	z := pdwidget.NewDropZone("", func() { chosen++ })
	w := test.NewTempWindow(t, z)
	w.Resize(fyne.NewSize(420, 240))
	test.Tap(z)
	if chosen != 1 {
		t.Fatalf("tapping the zone chose %d times, want 1", chosen)
	}
	// The button inside must choose too (it is the keyboard-reachable path).
	test.TapCanvas(w.Canvas(), fyne.NewPos(210, 184))
	if chosen != 2 {
		t.Fatalf("after tapping the button chosen = %d, want 2", chosen)
	}
	z.SetHint("x")
	if z.Highlighted() {
		t.Fatal("zone highlighted without being asked")
	}
}
