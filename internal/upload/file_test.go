package upload

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpenFileRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(p("empty.pdf"), nil, 0o600))
	must(os.WriteFile(p("secret.pdf"), []byte("x"), 0o000))
	must(os.Mkdir(p("folder"), 0o700))
	must(syscall.Mkfifo(p("fifo"), 0o600))
	must(os.Symlink(p("folder"), p("link-to-folder")))
	must(os.Symlink(p("fifo"), p("link-to-fifo")))
	big, err := os.Create(p("huge.pdf"))
	must(err)
	must(big.Truncate(MaxSize + 1)) // sparse: costs no disk
	must(big.Close())
	must(os.WriteFile(p("limit.pdf"), nil, 0o600))
	must(os.Truncate(p("limit.pdf"), MaxSize))

	tests := []struct {
		path    string
		problem FileProblem
		advice  string
	}{
		{p("nope.pdf"), NotFound, "check the name"},
		{p("folder"), IsDirectory, "choose a file"},
		{p("link-to-folder"), IsDirectory, "choose a file"},
		{p("fifo"), NotRegular, "save the document to a file"},
		{p("link-to-fifo"), NotRegular, "save the document to a file"},
		{"/dev/null", NotRegular, "save the document to a file"},
		{p("empty.pdf"), Empty, "nothing to print"},
		{p("huge.pdf"), TooLarge, "1 GB job limit"},
		{p("secret.pdf"), Unreadable, "permissions"},
	}
	for _, tt := range tests {
		if tt.problem == Unreadable && os.Geteuid() == 0 {
			continue // root reads anything
		}
		f, err := OpenFile(tt.path)
		var fe *FileError
		if !errors.As(err, &fe) || fe.Problem != tt.problem {
			if f != nil {
				f.Close()
			}
			t.Fatalf("%s: got %v, want problem %d", tt.path, err, tt.problem)
		}
		if !strings.Contains(err.Error(), tt.advice) || !strings.Contains(err.Error(), filepath.Base(tt.path)) {
			t.Fatalf("%s: message %q should name the file and say %q", tt.path, err, tt.advice)
		}
	}
	// Exactly 1 GB is allowed.
	f, err := OpenFile(p("limit.pdf"))
	if err != nil {
		t.Fatalf("a file of exactly 1 GB: %v", err)
	}
	f.Close()
}

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
