// Package ui is the PrintDrop window: one window, no modal maze, that
// renders the workflow's state and sends the user's intents back to it.
//
// Nothing here talks HTTP or blocks the UI goroutine: every call that may
// wait runs in a goroutine, and its result comes back through fyne.Do. The
// window reaches the layer below only through the small Backend interface
// declared in backend.go (and, on Linux, printdrop bridge through Bridge).
//
// What the window shows is kept once, in the Window's view state
// (state.go). Panels draw from it and report what the user did to the
// Window's transitions (flow.go); no panel steers another.
package ui
