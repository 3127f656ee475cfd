package workflow

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestFilePreferencesPersist(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "settings.json")
	p, err := OpenFilePreferences(path)
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultSettings()
	s.LastShareID, s.ChunkSize = "share-9", 10*ChunkUnit
	writeSettings(p, s)
	if err := p.Err(); err != nil {
		t.Fatal(err)
	}
	again, err := OpenFilePreferences(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := LoadSettings(again); got != s {
		t.Fatalf("settings after reopening = %+v, want %+v", got, s)
	}
	fi, err := os.Stat(path)
	// Windows has no mode bits: the folder under %AppData% is private.
	if err != nil || (fi.Mode().Perm() != 0o600 && runtime.GOOS != "windows") {
		t.Fatalf("settings file mode = %v, %v; want 0600", fi.Mode(), err)
	}
}

func TestFilePreferencesCorrupt(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "settings.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFilePreferences(path); err == nil {
		t.Fatal("a corrupt settings file was accepted (and would be overwritten)")
	}
}
