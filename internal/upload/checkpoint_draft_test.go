package upload

import (
	"errors"
	"path/filepath"
	"testing"

	"printdrop/internal/secret"
)

// TestDraftCheckpointKeepsItsETag: a draft session's checkpoint holds its
// ETag in DraftETag and nothing in the secret store (there is no upload
// URL); one written before DraftETag existed, with the ETag in the store,
// still resumes.
func TestDraftCheckpointKeepsItsETag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secrets := secret.Memory()
	cps := NewCheckpoints(filepath.Join(dir, "uploads"), secrets)
	f := writeFile(t, filepath.Join(dir, "draft.pdf"), randomBytes(3000, 2))
	cp := newCheckpointFor(t, f)
	cp.Protocol, cp.UploadURL, cp.DraftETag = "draft", "", `W/"etag-7"`
	if err := cps.Save(cp); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Load(secretKey(key(f.Path(), "share-1"))); !errors.Is(err, secret.ErrNotFound) {
		t.Fatalf("a draft checkpoint wrote to the secret store: %v", err)
	}
	got, err := cps.Find(f.Path(), "share-1")
	if err != nil || got.DraftETag != `W/"etag-7"` || got.UploadURL != "" {
		t.Fatalf("found %+v, %v; want the ETag in DraftETag and no URL", got, err)
	}

	// An older PrintDrop kept the ETag in the store, under the URL's key.
	cp.DraftETag, cp.UploadURL = "", secret.Value(`W/"etag-old"`)
	if err := cps.Save(cp); err != nil {
		t.Fatal(err)
	}
	got, err = cps.Find(f.Path(), "share-1")
	if err != nil || got.DraftETag != `W/"etag-old"` || got.UploadURL != "" {
		t.Fatalf("an older draft checkpoint: found %+v, %v; want its ETag moved to DraftETag", got, err)
	}
}
