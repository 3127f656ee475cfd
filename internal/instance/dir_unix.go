//go:build unix

package instance

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

func defaultOptions() (options, error) {
	dir := filepath.Join(os.TempDir(), "printdrop-"+strconv.Itoa(os.Getuid()))
	if rt := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(rt) {
		dir = filepath.Join(rt, "printdrop")
	}
	return options{dir: dir, transport: transportUnix}, nil
}

// prepareDir creates dir (0700) if needed and refuses one that another user
// owns or can enter: anyone who can reach the socket can hand us files, and
// in a shared /tmp someone could have made the directory first.
func prepareDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("instance: cannot create %s: %w", dir, err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("instance: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("instance: %s is not a directory (a symbolic link or file is in the way); remove it", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("instance: %s belongs to another user (uid %d); remove it or set XDG_RUNTIME_DIR", dir, st.Uid)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("instance: %s is open to other users (mode %04o); run chmod 700 on it", dir, perm)
	}
	return nil
}
