package emulator

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// errSharingViolation is what windowsRules answers where Windows would
// answer ERROR_SHARING_VIOLATION.
var errSharingViolation = errors.New("sharing violation: the file is open (Windows refuses this)")

// windowsRules is the OS file system held to Windows' rules on any OS: a
// file that has an open handle can be neither renamed (either name) nor
// removed. Go opens files without FILE_SHARE_DELETE on Windows, so that is
// exactly what printdrop.exe meets there. Every emulator test started with
// start() runs under it, and checks at the end that the emulator closed
// every file it opened.
type windowsRules struct {
	mu   sync.Mutex
	open map[string]int // clean path -> open handles
}

func newWindowsRules(t *testing.T) *windowsRules {
	w := &windowsRules{open: map[string]int{}}
	// Registered before the emulator's Close, so it runs after it.
	t.Cleanup(func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		for p, n := range w.open {
			t.Errorf("%d handle(s) on %s still open after Close", n, p)
		}
	})
	return w
}

func (w *windowsRules) OpenFile(name string, flag int, perm os.FileMode) (dataFile, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	key := filepath.Clean(name)
	w.mu.Lock()
	w.open[key]++
	w.mu.Unlock()
	return &trackedFile{File: f, w: w, key: key}, nil
}

func (w *windowsRules) busy(names ...string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, n := range names {
		if w.open[filepath.Clean(n)] > 0 {
			return true
		}
	}
	return false
}

func (w *windowsRules) Rename(oldpath, newpath string) error {
	if w.busy(oldpath, newpath) {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: errSharingViolation}
	}
	return os.Rename(oldpath, newpath)
}

func (w *windowsRules) Remove(name string) error {
	if w.busy(name) {
		return &os.PathError{Op: "remove", Path: name, Err: errSharingViolation}
	}
	return os.Remove(name)
}

// trackedFile releases its path in windowsRules once, on the first Close.
type trackedFile struct {
	*os.File
	w    *windowsRules
	key  string
	once sync.Once
}

func (f *trackedFile) Close() error {
	f.once.Do(func() {
		f.w.mu.Lock()
		if f.w.open[f.key]--; f.w.open[f.key] == 0 {
			delete(f.w.open, f.key)
		}
		f.w.mu.Unlock()
	})
	return f.File.Close()
}

// TestUploadUnderWindowsFileRules is the upload whose last PUT answered 500
// "Sharing violation" under Wine: the session file was renamed into the
// document store while still open. The upload must complete, store the
// bytes exactly and leave no session file behind.
func TestUploadUnderWindowsFileRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := start(t, Config{DataDir: dir, files: newWindowsRules(t)})
	data := pattern(300_000)
	j := e.createJob(ShareDefault)
	s := e.session(ShareDefault, j, "memo.pdf", "application/pdf", int64(len(data)))
	e.decode(e.put(s.UploadURL, data, 0, 99_999), 202, nil)
	e.decode(e.put(s.UploadURL, data, 100_000, int64(len(data))-1), 201, nil)
	e.checkStored(data)
	if left, _ := filepath.Glob(filepath.Join(dir, "sessions", "*")); len(left) != 0 {
		t.Fatalf("session files left behind: %v", left)
	}
	if docs, _ := filepath.Glob(filepath.Join(dir, "documents", "*")); len(docs) != 1 {
		t.Fatalf("documents stored: %v, want one", docs)
	}
}

// TestRemoveDocumentHeldOpen: a document replaced while a download still
// streams it cannot be removed on Windows; it is removed once it is closed.
func TestRemoveDocumentHeldOpen(t *testing.T) {
	t.Parallel()
	w := newWindowsRules(t)
	path := filepath.Join(t.TempDir(), "doc")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	st := &state{fs: w}
	f, err := w.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	st.removeFile(path)
	if _, err := os.Stat(path); err != nil || len(st.leftover) != 1 {
		t.Fatalf("held open: stat %v, leftover %v; want the file kept for later", err, st.leftover)
	}
	f.Close()
	st.removeFile("")
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) || len(st.leftover) != 0 {
		t.Fatalf("after close: stat %v, leftover %v; want it removed", err, st.leftover)
	}
}
