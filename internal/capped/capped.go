// Package capped reads at most a given number of bytes and says so when
// there are more: io.LimitReader ends quietly at its limit, so a truncated
// JSON answer or IPP document would pass for a short one.
package capped

import (
	"errors"
	"io"
)

// ErrTooLarge is what Reader returns once the stream goes past its limit.
var ErrTooLarge = errors.New("more bytes than allowed")

// Reader reads from R until N bytes are used up. At the limit it looks for
// one more byte: the end of R means the stream fit exactly, a byte means
// it is too large (ErrTooLarge).
type Reader struct {
	R io.Reader
	N int64
}

func (c *Reader) Read(p []byte) (int, error) {
	if c.N <= 0 {
		var one [1]byte
		for range 100 { // a reader may return 0, nil a few times
			n, err := c.R.Read(one[:])
			if n > 0 {
				return 0, ErrTooLarge
			}
			if err != nil {
				return 0, err
			}
		}
		return 0, io.ErrNoProgress
	}
	if int64(len(p)) > c.N {
		p = p[:c.N]
	}
	n, err := c.R.Read(p)
	c.N -= int64(n)
	return n, err
}
