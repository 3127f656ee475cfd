package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
)

// notifyingApp is the app as the window sees it: desktop notifications go
// out only where a session bus can carry them. Without one (a bare X
// server, ssh -X, a container) Fyne's notification writes "Unable to
// connect to session D-Bus … dbus-launch not found" to stderr after every
// print, while the window shows the outcome anyway.
type notifyingApp struct {
	fyne.App
	bus bool
}

// SendNotification sends n where a session bus is there to take it.
func (a notifyingApp) SendNotification(n *fyne.Notification) {
	if a.bus {
		a.App.SendNotification(n)
	}
}

// withNotifications wraps a for the window.
func withNotifications(a fyne.App) fyne.App {
	return notifyingApp{App: a, bus: sessionBusReachable(os.Getenv, fileExists, hasProgram)}
}

// sessionBusReachable reports whether a D-Bus session bus can be reached
// as Fyne's D-Bus library looks for one: the address in
// DBUS_SESSION_BUS_ADDRESS (a unix socket that must exist), the bus
// socket in the user's runtime folder, or dbus-launch to start one.
// Only Linux and the BSDs notify over D-Bus.
func sessionBusReachable(getenv func(string) string, exists func(string) bool, program func(string) bool) bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios", "js":
		return true
	}
	if addr := getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" {
		if path, ok := unixSocketPath(addr); ok {
			return exists(path)
		}
		return true // another transport: trust it
	}
	dir := getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = "/run/user/" + strconv.Itoa(os.Getuid())
	}
	return exists(filepath.Join(dir, "bus")) || program("dbus-launch")
}

// unixSocketPath is the path of a "unix:path=…" bus address (the first
// of a list, options after a comma).
func unixSocketPath(addr string) (string, bool) {
	first, _, _ := strings.Cut(addr, ";")
	rest, ok := strings.CutPrefix(first, "unix:")
	if !ok {
		return "", false
	}
	for _, kv := range strings.Split(rest, ",") {
		if p, ok := strings.CutPrefix(kv, "path="); ok {
			return p, true
		}
	}
	return "", false // abstract sockets and the like: cannot be checked here
}

func hasProgram(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}
