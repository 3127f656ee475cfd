package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"printdrop/internal/ui"
)

// installTray puts PrintDrop in the system tray where the desktop has one:
// on Linux and the BSDs the tray, like notifications, goes through the
// session D-Bus, so it is installed only where one can be reached (else
// Fyne's tray would log a failure to connect at every start).
func installTray(a fyne.App, notify fyne.App, win *ui.Window, w fyne.Window) {
	desk, ok := a.(desktop.App)
	if n, wrapped := notify.(notifyingApp); !ok || (wrapped && !n.bus) {
		return
	}
	win.ShowTray(desk.SetSystemTrayMenu, func() {
		w.Show()
		w.RequestFocus()
	})
}
