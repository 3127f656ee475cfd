package widget

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// List is a Fyne list the keyboard can pick from: the arrows move the
// focus between rows, as in Fyne's, and Enter picks the focused row, as
// Space does. Fyne's list ignores Enter, the key people press to choose.
type List struct {
	widget.List
}

// NewList is widget.NewList as a List.
func NewList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *List {
	l := &List{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey picks the focused row on Enter; other keys are Fyne's.
func (l *List) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		ev = &fyne.KeyEvent{Name: fyne.KeySpace, Physical: ev.Physical}
	}
	l.List.TypedKey(ev)
}
