package main

import (
	"fmt"
	"runtime"
)

// version, build and fyneAppID are stamped at link time by .ci/package from
// FyneApp.toml (-X main.version=... -X main.build=... -X main.fyneAppID=...),
// so the binary, its packages and "printdrop --version" always agree. The
// defaults are what a plain "go build" gets.
var (
	version = "0.1.0"
	build   = "dev"
	// fyneAppID is the reverse-DNS application ID (FyneApp.toml [Details] ID):
	// the Fyne app ID (app.NewWithID), the desktop entry and icon name, the
	// AppStream ID and the single-instance socket name all use it.
	fyneAppID = "io.github.printdrop.PrintDrop"
)

// versionString is what --version prints; the app ID is there because it
// decides where settings and the single-instance socket live.
func versionString() string {
	return fmt.Sprintf("%s (build %s, %s, %s, %s/%s)", version, build, fyneAppID, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
