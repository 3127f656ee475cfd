//go:build !scripted

package main

import (
	"reflect"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/ui"
)

// TestProductHasNoScriptedRun: the build people install cannot be driven by
// PRINTDROP_SCRIPT, and its window has none of the scripted run's buttons.
// It fails when the driver slips back into the product's build.
func TestProductHasNoScriptedRun(t *testing.T) {
	if run, err := newScriptedRun(emulator.Info{}, t.TempDir(), "1"); err == nil || run != nil {
		t.Fatalf("newScriptedRun = %v, %v; want a refusal in a build without -tags scripted", run, err)
	}
	w := reflect.TypeOf(&ui.Window{})
	for _, name := range []string{"PressSignIn", "PressPrint", "ChoosePrinter", "UploadedFraction"} {
		if _, ok := w.MethodByName(name); ok {
			t.Errorf("ui.Window has %s outside the scripted build", name)
		}
	}
}
