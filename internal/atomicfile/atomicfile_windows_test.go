package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteWhileReaderHoldsTarget: on Windows a rename over a file that is
// open fails; a reader that lets go within the bound must not make Write
// fail (settings and checkpoints are read by other PrintDrop processes).
func TestWriteWhileReaderHoldsTarget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "prefs.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path); err == nil { // sanity: is the hold real?
		t.Log("the OS renames over an open file: the retry is not exercised")
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		f.Close()
	}()
	if err := Write(path, []byte("new"), 0o600); err != nil {
		t.Fatalf("Write while a reader held the file for 300ms: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Fatalf("content %q, want new", got)
	}
}

// TestWriteGivesUp: a hold longer than the bound gives an error in bounded
// time instead of hanging.
func TestWriteGivesUp(t *testing.T) {
	defer func(d time.Duration) { replaceTimeout = d }(replaceTimeout)
	replaceTimeout = 200 * time.Millisecond
	path := filepath.Join(t.TempDir(), "prefs.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	if err := Write(path, []byte("new"), 0o600); err == nil {
		t.Skip("this Windows (or Wine) renames over an open file: nothing to give up on")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Write took %v to give up", d)
	}
}
