// Package ui is the PrintDrop window: one window, no modal maze, that
// renders the workflow's state and sends the user's intents back to it.
//
// Nothing here talks HTTP or blocks the UI goroutine: every call that may
// wait runs in a goroutine, and its result comes back through fyne.Do. The
// window reaches the layer below only through the small Backend interface
// declared in backend.go.
package ui
