package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
)

// find is the first widget of type T among o's laid-out objects that
// match accepts, or T's zero value.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) (found T) {
	for _, c := range test.LaidOutObjects(o) {
		if w, ok := c.(T); ok && match(w) {
			return w
		}
	}
	return found
}

// findButton finds a button by its text among o's laid-out objects.
func findButton(o fyne.CanvasObject, text string) *pdwidget.Button {
	return find(o, func(b *pdwidget.Button) bool { return b.Text == text })
}

// findLabel finds a label by its text among o's laid-out objects.
func findLabel(o fyne.CanvasObject, text string) *widget.Label {
	return find(o, func(l *widget.Label) bool { return l.Text == text })
}

// findCheck finds a check box by its text among o's laid-out objects.
func findCheck(o fyne.CanvasObject, text string) *widget.Check {
	return find(o, func(c *widget.Check) bool { return c.Text == text })
}

// dialogButton finds a button of the dialog on top of c by its text; nil
// when no dialog shows or it has no such button.
func dialogButton(c fyne.Canvas, text string) *widget.Button {
	top := c.Overlays().Top()
	if top == nil {
		return nil
	}
	return find(top, func(b *widget.Button) bool { return b.Text == text })
}
