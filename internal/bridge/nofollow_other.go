//go:build !unix

package bridge

import (
	"fmt"
	"os"
)

// openNoFollow opens path for reading unless it is a symlink or not a
// regular file: checked with Lstat before the open, and the open handle
// is checked to be that same file (it may have been swapped in between).
func openNoFollow(path string) (*os.File, error) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	after, err := f.Stat()
	if err != nil || !os.SameFile(before, after) {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, errNotRegular)
	}
	return f, nil
}
