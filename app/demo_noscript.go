//go:build !scripted

package main

import (
	"errors"

	"printdrop/internal/emulator"
)

// newScriptedRun refuses: the scripted run is only in builds made with
// -tags scripted (the Xvfb test and the Windows stage build one).
func newScriptedRun(emulator.Info, string, string) (scriptedRun, error) {
	return nil, errors.New("PRINTDROP_SCRIPT needs a build made with -tags scripted; unset it to run the demo yourself")
}
