package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// actionBar is the foot of the job column. The column above it scrolls;
// the bar never does, so the buttons that act on the print, and what
// happened when they did (a refusal, an error, the job's end), are always
// where the user is looking, whatever the window's size. It only shows
// what the Window gives it (flow.go decides).
type actionBar struct {
	root    *fyne.Container
	icon    *widget.Icon
	message *widget.Label
}

// newActionBar lays out above its sentence the problem panels (the error,
// the refused files), and beside it the buttons.
func newActionBar(problems []fyne.CanvasObject, buttons ...fyne.CanvasObject) *actionBar {
	b := &actionBar{}
	b.icon = widget.NewIcon(theme.InfoIcon())
	b.message = widget.NewLabel("")
	b.message.Wrapping = fyne.TextWrapWord
	line := container.NewBorder(nil, nil, container.NewCenter(b.icon), container.NewHBox(buttons...), b.message)
	b.root = container.NewVBox(append(append([]fyne.CanvasObject{widget.NewSeparator()}, problems...), line)...)
	return b
}

// say shows the sentence for where things stand; "" shows none.
func (b *actionBar) say(text string, icon fyne.Resource, importance widget.Importance) {
	b.message.Text, b.message.Importance = text, importance
	b.message.Hidden, b.icon.Hidden = text == "", text == ""
	b.icon.SetResource(icon)
	b.message.Refresh()
	b.root.Refresh()
}
