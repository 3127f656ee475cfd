//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package instance

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on path. The kernel releases it when the
// process exits however it exits, which is what makes stale-state detection
// exact. Each call opens its own file, so two locks in one process conflict
// too (flock belongs to the open file description).
func lockFile(path string) (io.Closer, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return f, nil
}
