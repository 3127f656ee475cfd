package main

import (
	"runtime"
	"testing"
)

// TestSessionBusReachable: notifications are sent only where Fyne's D-Bus
// library will find a session bus, so a machine without one gets no
// "Unable to connect to session D-Bus" line after each print.
func TestSessionBusReachable(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("notifications there do not go over D-Bus")
	}
	const sock = "/run/user/1000/bus"
	for _, tc := range []struct {
		name          string
		env           map[string]string
		exists        bool
		dbusLaunch    bool
		wantReachable bool
	}{
		{"address whose socket exists", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + sock + ",guid=1"}, true, false, true},
		{"address whose socket is gone", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=" + sock}, false, true, false},
		{"abstract address", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:abstract=/tmp/dbus-x"}, false, false, true},
		{"runtime folder's bus", map[string]string{"XDG_RUNTIME_DIR": "/run/user/1000"}, true, false, true},
		{"dbus-launch can start one", map[string]string{}, false, true, true},
		{"nothing at all", map[string]string{}, false, false, false},
	} {
		getenv := func(k string) string { return tc.env[k] }
		exists := func(string) bool { return tc.exists }
		program := func(string) bool { return tc.dbusLaunch }
		if got := sessionBusReachable(getenv, exists, program); got != tc.wantReachable {
			t.Errorf("%s: reachable = %v, want %v", tc.name, got, tc.wantReachable)
		}
	}
}
