package widget

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Button is a Fyne button the keyboard can use as well as the mouse:
// Enter presses it like Space when it has the focus, and a ring in the
// foreground colour shows which button that is. Fyne's own focus mark is
// a faint tint of the button's colour, which on a button drawn in the
// primary colour (Print) cannot be seen at all.
type Button struct {
	widget.Button
	focused bool
}

// NewButton is a Button with a label; tapped runs when it is pressed.
func NewButton(label string, tapped func()) *Button {
	return NewButtonWithIcon(label, nil, tapped)
}

// NewButtonWithIcon is a Button with a label and an icon.
func NewButtonWithIcon(label string, icon fyne.Resource, tapped func()) *Button {
	b := &Button{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter (and, as Fyne's does, on Space).
func (b *Button) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() {
			b.Tapped(nil)
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// FocusGained shows the ring.
func (b *Button) FocusGained() {
	b.focused = true
	b.Button.FocusGained()
}

// FocusLost hides the ring.
func (b *Button) FocusLost() {
	b.focused = false
	b.Button.FocusLost()
}

// Focused reports whether the button has the keyboard focus.
func (b *Button) Focused() bool { return b.focused }

// CreateRenderer is part of fyne.Widget: Fyne's button with a ring on top.
func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	inner := b.Button.CreateRenderer()
	ring := canvas.NewRectangle(color.Transparent)
	r := &ringRenderer{WidgetRenderer: inner, button: b, ring: ring}
	r.collect()
	r.applyTheme()
	return r
}

type ringRenderer struct {
	fyne.WidgetRenderer
	button  *Button
	ring    *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Move(fyne.NewPos(0, 0))
	r.ring.Resize(size)
}

func (r *ringRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh() // may replace its objects (an icon set later)
	r.collect()
	r.applyTheme()
	r.ring.Refresh()
}

// collect is the button's own objects with the ring drawn over them.
func (r *ringRenderer) collect() {
	r.objects = append(append(r.objects[:0], r.WidgetRenderer.Objects()...), r.ring)
}

func (r *ringRenderer) applyTheme() {
	th := r.button.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.ring.StrokeWidth = 2
	r.ring.FillColor = color.Transparent
	r.ring.StrokeColor = color.Transparent
	if r.button.focused && !r.button.Disabled() {
		r.ring.StrokeColor = th.Color(theme.ColorNameForeground, v)
	}
}
