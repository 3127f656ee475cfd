//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package instance

import (
	"errors"
	"io"
)

// lockFile has no implementation here (no flock): single-instance hand-off is
// unavailable and every launch opens its own window.
func lockFile(string) (io.Closer, error) {
	return nil, errors.New("single-instance lock not supported on this OS")
}
