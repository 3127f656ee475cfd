// Package atomicfile replaces a small file whole: readers see the old
// content or the new, never half of it, on Linux, macOS and Windows alike.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write puts data in path through a temporary file in the same directory
// (flushed to disk, given perm) and a rename over path. On Windows a rename
// over a file another process has open for a moment (a reader, an
// antivirus scanner, the search indexer) fails with a sharing violation or
// "access denied"; it is retried there for a bounded time (see
// replace_windows.go).
func Write(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	err = tmp.Chmod(perm)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	// Closed before the rename: Windows cannot rename an open file.
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return replace(tmp.Name(), path)
}
