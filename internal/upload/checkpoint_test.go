package upload

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"printdrop/internal/secret"
)

const fakeURL = "https://upload.example/uploadSessions/abc?tempauthtoken=SECRET-TOKEN"

func newCheckpointFor(t *testing.T, f *File) Checkpoint {
	t.Helper()
	return Checkpoint{
		FilePath: f.Path(), ShareID: "share-1", JobID: "41", DocumentID: "doc-1", Protocol: "v1",
		Name: f.Name(), ContentType: f.ContentType(), Size: f.Size(), ModTime: f.ModTime(),
		Fingerprint: f.Fingerprint(), Created: time.Now().UTC(), Expires: time.Now().Add(time.Hour).UTC(),
		UploadURL: secret.Value(fakeURL),
	}
}

func writeFile(t *testing.T, path string, data []byte) *File {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestCheckpointRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secrets := secret.Memory()
	cps := NewCheckpoints(filepath.Join(dir, "uploads"), secrets)
	f := writeFile(t, filepath.Join(dir, "report.pdf"), randomBytes(3000, 1))
	cp := newCheckpointFor(t, f)
	if err := cps.Save(cp); err != nil {
		t.Fatal(err)
	}
	got, err := cps.Find(f.Path(), "share-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.UploadURL.Reveal() != fakeURL || got.JobID != "41" || !got.ModTime.Equal(cp.ModTime) || got.Fingerprint != cp.Fingerprint {
		t.Fatalf("found %+v", got)
	}
	if _, err := cps.Find(f.Path(), "other-share"); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("another share: %v", err)
	}
	// The URL is a credential: only in the secret store, never on disk.
	entries, _ := os.ReadDir(filepath.Join(dir, "uploads"))
	if len(entries) != 1 {
		t.Fatalf("%d files in the checkpoint folder, want 1 (no temp files left)", len(entries))
	}
	path := filepath.Join(dir, "uploads", entries[0].Name())
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "SECRET-TOKEN") || strings.Contains(string(data), "uploadSessions") {
		t.Fatalf("the checkpoint file holds the upload URL:\n%s", data)
	}
	// Windows has no mode bits: the folder under %AppData% is private.
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 && runtime.GOOS != "windows" {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	for _, s := range []string{fmt.Sprint(got), fmt.Sprintf("%+v %#v %s %q", *got, *got, got.UploadURL, got.UploadURL)} {
		if strings.Contains(s, "SECRET") {
			t.Fatalf("printing a checkpoint leaks the URL: %s", s)
		}
	}
	if list, err := cps.List(); err != nil || len(list) != 1 || list[0].UploadURL != "" {
		t.Fatalf("List = %v, %v", list, err)
	}
	if err := cps.Remove(f.Path(), "share-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := cps.Find(f.Path(), "share-1"); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("after Remove: %v", err)
	}
	if _, err := secrets.Load("upload-url-" + key(f.Path(), "share-1")); !errors.Is(err, secret.ErrNotFound) {
		t.Fatalf("the URL stayed in the secret store: %v", err)
	}
	if err := cps.Remove(f.Path(), "share-1"); err != nil {
		t.Fatalf("removing twice: %v", err)
	}
}

func TestCheckpointFileChanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cps := NewCheckpoints(dir, secret.Memory())
	path := filepath.Join(dir, "report.pdf")
	f := writeFile(t, path, randomBytes(3000, 1))
	if err := cps.Save(newCheckpointFor(t, f)); err != nil {
		t.Fatal(err)
	}
	later := f.ModTime().Add(time.Second)
	if err := os.WriteFile(path, randomBytes(3000, 2), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(path, later, later)
	var ce *CheckpointChangedError
	if _, err := cps.Find(path, "share-1"); !errors.As(err, &ce) || !strings.Contains(err.Error(), "report.pdf changed") {
		t.Fatalf("got %v, want a *CheckpointChangedError", err)
	}
	if _, err := cps.Find(path, "share-1"); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("a stale checkpoint was kept: %v", err)
	}
}

// A checkpoint whose URL the secret store lost (a memory fallback in the
// previous run) cannot resume and is dropped.
func TestCheckpointWithoutSecret(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cps := NewCheckpoints(dir, secret.Memory())
	f := writeFile(t, filepath.Join(dir, "a.pdf"), []byte("%PDF"))
	if err := cps.Save(newCheckpointFor(t, f)); err != nil {
		t.Fatal(err)
	}
	fresh := NewCheckpoints(dir, secret.Memory()) // a new process, nothing in memory
	if _, err := fresh.Find(f.Path(), "share-1"); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("got %v", err)
	}
	if list, _ := fresh.List(); len(list) != 0 {
		t.Fatalf("dropped checkpoint still listed: %v", list)
	}
}

func TestCheckpointCorruptFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cps := NewCheckpoints(dir, secret.Memory())
	path, _ := filepath.Abs(filepath.Join(dir, "a.pdf"))
	if err := os.WriteFile(filepath.Join(dir, key(path, "s")+".json"), []byte("{torn"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cps.Find(path, "s"); !errors.Is(err, ErrNoCheckpoint) {
		t.Fatalf("got %v", err)
	}
}

// Only checkpoints this store wrote are listed: a JSON file of another
// kind in the same folder (the demo once kept its printer list there) is
// neither offered for resuming nor deleted.
func TestCheckpointListSkipsForeignFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cps := NewCheckpoints(dir, secret.Memory())
	f := writeFile(t, filepath.Join(dir, "a.pdf"), []byte("%PDF-1.7 a real upload"))
	if err := cps.Save(newCheckpointFor(t, f)); err != nil {
		t.Fatal(err)
	}
	foreign := map[string]string{
		"printers-0123.json":                    `{"saved":"2026-12-01T10:00:00Z","rows":[{"id":"s1"}]}`,
		"0123456789abcdef0123456789abcdef.json": `{"file_path":"","share_id":"","size":0}`,
		"not-json.json":                         `{"torn`,
	}
	for name, body := range foreign {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	list, err := cps.List()
	if err != nil || len(list) != 1 || list[0].Name != "a.pdf" {
		t.Fatalf("List = %+v, %v; want only the upload of a.pdf", list, err)
	}
	for name := range foreign {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("List removed %s, which is not its own: %v", name, err)
		}
	}
}
