package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"printdrop/internal/bridgelink"
	"printdrop/internal/emulator"
	"printdrop/internal/workflow"
)

// TestBridgeServesWindowChoice: shares chosen in the window ("Show in
// print dialogs") and the last share used there are what printdrop bridge
// serves when started without --share, as the systemd service starts it:
// the bridge reads the file Fyne keeps the window's preferences in.
func TestBridgeServesWindowChoice(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+filepath.Join(e.dir, "no-bus"))
	d := testDeps()
	d.prefsPath = fynePreferencesPath // where the window really saves (under XDG_CONFIG_HOME)

	// The window's side, through the helpers it calls, saved as Fyne saves
	// its preferences (app/preferences.go: one JSON object of the values,
	// at <config dir>/fyne/<app id>/preferences.json). A Fyne app cannot
	// save outside its event loop, which a test does not run.
	prefs := workflow.NewMemoryPreferences()
	bridgelink.Show(prefs, emulator.ShareColor, true)
	prefs.SetString(workflow.KeyLastShareID, emulator.ShareDefault)
	values := map[string]any{
		bridgelink.KeyShares:    prefs.StringWithFallback(bridgelink.KeyShares, ""),
		workflow.KeyLastShareID: prefs.StringWithFallback(workflow.KeyLastShareID, ""),
		"otherWindowSetting":    []any{"a list", 3.5, true}, // Fyne stores lists too
	}
	path := filepath.Join(e.dir, "config", "fyne", "io.github.printdrop.PrintDrop", "preferences.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewEncoder(f).Encode(&values); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var stderr strings.Builder
	b := startBridgeWith(t, d, []string{"--listen", "127.0.0.1:0"}, &stderr)
	var got bridgeLine
	if err := json.Unmarshal([]byte(b.line), &got); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range got.Printers {
		ids = append(ids, p.ShareID)
	}
	if strings.Join(ids, ",") != emulator.ShareColor+","+emulator.ShareDefault {
		t.Errorf("served %v, want the window's choice then its last share", ids)
	}
	b.stop(t, &stderr)
}
