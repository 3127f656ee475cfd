package main

import (
	"io"
	"runtime"

	"printdrop/internal/say"
)

// noDisplay tells whether the window has nowhere to open: on Linux and the
// BSDs, neither DISPLAY nor WAYLAND_DISPLAY is set (ssh, a service, a
// container), where GLFW would panic. Windows and macOS always have a
// desktop, so they are never refused.
func noDisplay(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return false
	}
	return getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == ""
}

// refuseNoDisplay is the one sentence for a window without a display.
func refuseNoDisplay(stderr io.Writer) int {
	tell(stderr, "printdrop", say.T(`there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); without one, print with "printdrop send", serve printers to CUPS with "printdrop bridge" and sign in with "printdrop login".`))
	return exitFailure
}
