package upload

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestOpenFileIdentity(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"a.pdf", "%PDF-1.7 ...", "application/pdf"},
		{"A.PDF", "%PDF-1.7 ...", "application/pdf"},
		{"doc.oxps", "PK\x03\x04", "application/oxps"},
		{"photo.jpeg", "\xff\xd8\xff", "image/jpeg"},
		{"noext", "%PDF-1.4\n", "application/pdf"},
		{"scan", "\x89PNG\r\n\x1a\n", "image/png"},
		{"notes", "hello", "text/plain"},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if f.ContentType() != tt.want || f.Size() != int64(len(tt.content)) || f.Name() != tt.name || !filepath.IsAbs(f.Path()) {
			t.Fatalf("%s: type %q size %d name %q path %q", tt.name, f.ContentType(), f.Size(), f.Name(), f.Path())
		}
		if err := f.Check(); err != nil {
			t.Fatalf("%s: unchanged file fails Check: %v", tt.name, err)
		}
		f.Close()
	}
}

// The fingerprint must see a change in each sampled region of a large file
// and stay the same for the same content.
func TestFingerprintSamples(t *testing.T) {
	t.Parallel()
	size := int64(8 << 20)
	data := randomBytes(size, 2)
	base, _ := fingerprint(Bytes("", data), size, time.Time{})
	again, _ := fingerprint(Bytes("", data), size, time.Time{})
	if base != again {
		t.Fatal("fingerprint is not deterministic")
	}
	span := size - 2*edgeSample
	for _, off := range []int64{0, edgeSample - 1, edgeSample + span*3/(middleBlocks+1), size - 1} {
		changed := append([]byte(nil), data...)
		changed[off] ^= 0xff
		if fp, _ := fingerprint(Bytes("", changed), size, time.Time{}); fp == base {
			t.Fatalf("a change at offset %d is not seen", off)
		}
	}
}
