package atomicfile

import (
	"errors"
	"os"
	"syscall"
	"time"
)

const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
)

// replaceTimeout bounds how long replace keeps trying while another
// process holds the target open.
var replaceTimeout = 2 * time.Second

// replace renames oldpath over newpath (MoveFileEx with
// MOVEFILE_REPLACE_EXISTING). While any process has newpath open without
// FILE_SHARE_DELETE, which is how Go and most programs open files on
// Windows, that fails; such holds are short (a read), so it is retried.
func replace(oldpath, newpath string) error {
	deadline := time.Now().Add(replaceTimeout)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := os.Rename(oldpath, newpath)
		if err == nil || !transient(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

func transient(err error) bool {
	return errors.Is(err, errorAccessDenied) || errors.Is(err, errorSharingViolation)
}
