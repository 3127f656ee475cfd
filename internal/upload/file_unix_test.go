//go:build unix

package upload

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpenFileRefuses needs Unix file kinds (a FIFO, /dev/null, mode 000);
// Windows has none of them.
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
