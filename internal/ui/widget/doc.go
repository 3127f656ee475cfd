// Package widget holds PrintDrop's custom Fyne widgets: the RangeBar that
// draws an upload as the server sees it (received, in flight, missing),
// the DropZone, the large friendly target for files, and the Button and
// List that the keyboard can use as well as the mouse (Enter presses or
// picks, and a focused button shows a ring).
//
// Widgets here only render state they are given; they never start work. Like
// every Fyne widget with [Migrations] fyneDo = true, their setters must be
// called on the UI goroutine (inside fyne.Do when the caller is a worker).
package widget
