package main

import (
	"fmt"
	"runtime"
)

// version and build are stamped at link time by the packaging scripts
// (-X main.version=... -X main.build=...), from FyneApp.toml.
var (
	version = "0.1.0"
	build   = "dev"
)

func versionString() string {
	return fmt.Sprintf("%s (build %s, %s, %s/%s)", version, build, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
