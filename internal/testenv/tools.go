// Package testenv gives tests the outside programs they need: it checks
// that tools are installed (skipping locally, failing under CI) and re-runs
// a test inside a private Secret Service session.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// aptPackages names the Debian package that installs each tool, so a CI
// failure says exactly what to add to the image.
var aptPackages = map[string]string{
	"dbus-run-session":     "dbus",
	"gnome-keyring-daemon": "gnome-keyring",
	"Xvfb":                 "xvfb",
	"xauth":                "xauth",
	"xdotool":              "xdotool",
	"import":               "imagemagick",
	"convert":              "imagemagick",
	"compare":              "imagemagick",
	"chromium":             "chromium",
	"sh":                   "dash",
	"ipptool":              "cups-ipp-utils",
	"cupsd":                "cups-daemon",
	"lpadmin":              "cups-client",
	"lp":                   "cups-client",
	"lpstat":               "cups-client",
	"runuser":              "util-linux",
	"soffice":              "libreoffice-writer-nogui",
}

// RequireTools skips the test when a tool (a command name, or an absolute
// path) is not installed, but fails it when the environment variable CI is
// set: CI must never skip a test silently. On Windows it always skips, with
// the reason: those tools exist only on the Linux side of CI.
func RequireTools(t testing.TB, tools ...string) {
	t.Helper()
	// Every tool tests ask for is a Debian package the Linux CI run
	// installs; the Windows run (under Wine) has none of them, so there the
	// test skips, even under CI, saying what it needs.
	if runtime.GOOS == "windows" {
		t.Skipf("not on windows: needs %s (Linux tools; the Linux CI run covers this test)", strings.Join(tools, ", "))
	}
	var missing, pkgs []string
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err == nil {
			continue
		}
		missing = append(missing, tool)
		pkg, ok := aptPackages[filepath.Base(tool)]
		if !ok {
			pkg = filepath.Base(tool)
		}
		if !slices.Contains(pkgs, pkg) {
			pkgs = append(pkgs, pkg)
		}
	}
	if len(missing) == 0 {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must run %s, but %s is not installed: apt-get install %s",
			t.Name(), strings.Join(missing, ", "), strings.Join(pkgs, " "))
	}
	t.Skipf("%s is not installed (apt-get install %s)", strings.Join(missing, ", "), strings.Join(pkgs, " "))
}
