package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"

	"printdrop/internal/ui"
)

// fitOnStart sizes the window for the screen once the driver runs: Fyne
// does not say how large the screen is, so the work area (the screen less
// its panels and docks) is asked of GLFW, which Fyne's desktop driver has
// started by then. The resize is queued, so it runs once the window
// exists and its scale (FYNE_SCALE, the monitor's DPI) is known.
func fitOnStart(a fyne.App, win *ui.Window) {
	a.Lifecycle().SetOnStarted(func() {
		work := workArea() // on the main thread, as GLFW requires
		go fyne.Do(func() { win.FitScreen(work) })
	})
}

// workArea is the primary monitor's work area in pixels; zero when GLFW
// knows no monitor. Call it on the main thread after the driver started.
func workArea() fyne.Size {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}
	}
	_, _, w, h := m.GetWorkarea()
	return fyne.NewSize(float32(w), float32(h))
}
