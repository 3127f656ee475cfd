package upload

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenFileSeenReadsOnce: a file opened again with the identity seen
// moments before keeps that fingerprint while its size and modification
// time are the same: an edit in place that restores both shows it, since
// a fresh fingerprint would differ. Any other handle is fingerprinted
// anew, and the upload's Check still catches the edit at the end.
func TestOpenFileSeenReadsOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, []byte("%PDF-1.7 first version"), 0o600); err != nil {
		t.Fatal(err)
	}
	first, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := first.Identity()
	first.Close()

	// Same size, content changed, modification time put back.
	if err := os.WriteFile(path, []byte("%PDF-1.7 other version"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, seen.ModTime, seen.ModTime); err != nil {
		t.Fatal(err)
	}
	again, err := OpenFileSeen(path, seen)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Fingerprint() != seen.Fingerprint {
		t.Fatal("OpenFileSeen read the file again although its size and modification time are unchanged")
	}
	var changed *ChangedError
	if err := again.Check(); !errors.As(err, &changed) {
		t.Fatalf("Check after an edit in place = %v, want a *ChangedError", err)
	}

	fresh, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if fresh.Fingerprint() == seen.Fingerprint {
		t.Fatal("the edit in place did not change the fingerprint: the test proves nothing")
	}

	// A later modification time: fingerprinted anew.
	later := seen.ModTime.Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	moved, err := OpenFileSeen(path, seen)
	if err != nil {
		t.Fatal(err)
	}
	defer moved.Close()
	if moved.Fingerprint() == seen.Fingerprint {
		t.Fatal("OpenFileSeen kept the old fingerprint for a file with another modification time")
	}
}

// BenchmarkOpenFileSeen compares opening a 200 MB document for the upload
// after the window checked it (seen) with opening it cold: the ratio is
// what a window print saves by not fingerprinting twice.
func BenchmarkOpenFileSeen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.pdf")
	if err := os.WriteFile(path, make([]byte, 200<<20), 0o600); err != nil {
		b.Fatal(err)
	}
	f, err := OpenFile(path)
	if err != nil {
		b.Fatal(err)
	}
	seen := f.Identity()
	f.Close()
	for _, bc := range []struct {
		name string
		seen Identity
	}{{"cold", Identity{}}, {"seen", seen}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				f, err := OpenFileSeen(path, bc.seen)
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
	}
}
