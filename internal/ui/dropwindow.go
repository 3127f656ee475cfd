package ui

import "fyne.io/fyne/v2"

// dropWindow wraps a fyne.Window and remembers the drop callback, because
// the Fyne test driver's windows never deliver drops: tests (and the
// scripted demo run) call Drop to do what the file manager would.
type dropWindow struct {
	fyne.Window
	onDropped func(fyne.Position, []fyne.URI)
}

func (w *dropWindow) SetOnDropped(f func(fyne.Position, []fyne.URI)) {
	w.onDropped = f
	w.Window.SetOnDropped(f)
}

// drop delivers uris as if they had been dropped on the window.
func (w *dropWindow) drop(uris []fyne.URI) {
	if w.onDropped != nil {
		w.onDropped(fyne.Position{}, uris)
	}
}
