package upload

import (
	"path/filepath"
	"strings"
	"testing"

	"printdrop/internal/secret"
)

// TestCheckpointIgnoresCase: on Windows the same file spelled in another
// case resumes the same upload.
func TestCheckpointIgnoresCase(t *testing.T) {
	dir := t.TempDir()
	cps := NewCheckpoints(filepath.Join(dir, "uploads"), secret.Memory())
	f := writeFile(t, filepath.Join(dir, "Report.pdf"), randomBytes(3000, 1))
	if err := cps.Save(newCheckpointFor(t, f)); err != nil {
		t.Fatal(err)
	}
	other := strings.ToUpper(f.Path())
	got, err := cps.Find(other, "share-1")
	if err != nil || got.JobID != "41" {
		t.Fatalf("Find(%s) = %+v, %v; want the checkpoint saved for %s", other, got, err, f.Path())
	}
}
