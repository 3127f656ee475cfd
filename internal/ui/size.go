package ui

import "fyne.io/fyne/v2"

// defaultSize is the window's size on a first start, where the screen has
// room for it.
var defaultSize = fyne.NewSize(980, 680)

// The preferences that keep the size the user left the window at.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// frame is what a window manager adds around a window (title bar,
// borders), in screen pixels, which the work area must also hold.
var frame = fyne.NewSize(16, 48)

// FitScreen sizes the window for a screen whose work area (the screen less
// its panels and docks) measures work, in screen pixels: the size the user
// left it at last time, else defaultSize, but never more than the work
// area holds at the window's scale (FYNE_SCALE, the monitor's DPI), and
// never less than the content needs. Call it on the UI goroutine once the
// window exists (its scale is known then); a zero work area is ignored.
func (m *Window) FitScreen(work fyne.Size) {
	if work.Width <= 0 || work.Height <= 0 {
		return
	}
	scale := m.win.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	avail := fyne.NewSize((work.Width-frame.Width)/scale, (work.Height-frame.Height)/scale)
	m.win.Resize(fitSize(m.rememberedSize(), avail, m.win.Content().MinSize()))
	m.win.CenterOnScreen()
}

// fitSize is want made to fit avail, but no smaller than the content's min.
func fitSize(want, avail, min fyne.Size) fyne.Size {
	return want.Min(avail).Max(min)
}

// rememberedSize is the size kept when the window last closed, or
// defaultSize.
func (m *Window) rememberedSize() fyne.Size {
	p := m.app.Preferences()
	w, h := p.FloatWithFallback(prefWidth, 0), p.FloatWithFallback(prefHeight, 0)
	if w < 200 || h < 150 { // none kept, or nonsense
		return defaultSize
	}
	return fyne.NewSize(float32(w), float32(h))
}

// rememberSize keeps the window's size for the next start.
func (m *Window) rememberSize() {
	c := m.win.Canvas()
	if c == nil {
		return
	}
	s := c.Size()
	if s.Width < 200 || s.Height < 150 {
		return // never shown, or minimised
	}
	p := m.app.Preferences()
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}
