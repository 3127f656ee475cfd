//go:build !windows

package atomicfile

import "os"

// replace renames oldpath over newpath; POSIX rename never fails because a
// reader has the target open.
func replace(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
