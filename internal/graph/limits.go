package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Size limits for answers that are decoded. A service that sends more is
// misbehaving (or hostile), and reading on would only cost memory: the
// answer is refused with a *TooLargeError. Error bodies have their own,
// smaller cap (maxErrorBody).
const (
	// maxPageBody bounds one page of a collection. Graph pages hold at most
	// 999 items, and the largest items PrintDrop lists are printer shares
	// with capabilities: about 3 KB in Graph's own examples, under 16 KB even
	// with every paper size and tray listed. 999 x 16 KB fits in 16 MiB.
	maxPageBody = 16 << 20
	// maxObjectBody bounds one object: a share with its capabilities and
	// defaults, a job with its documents, the signed-in user, a new upload
	// session. Each is a few KB; 1 MiB leaves two orders of magnitude.
	maxObjectBody = 1 << 20
	// maxSessionBody bounds an upload host's status or PUT answer: an
	// expiry and a list of missing ranges. A real list holds a handful;
	// 1 MiB carries tens of thousands, far past what ranges.ParseList is
	// allowed to accept anyway.
	maxSessionBody = 1 << 20
)

// TooLargeError is an answer larger than anything the service legitimately
// sends for that request. Reading stopped at Limit bytes.
type TooLargeError struct {
	Op    string // what we were doing
	Host  string // which server sent it
	Limit int64  // bytes read before giving up
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %s sent an answer larger than %d MiB, far beyond what this request returns, so PrintDrop stopped reading it; try again later, and report it if it keeps happening",
		e.Op, e.Host, e.Limit>>20)
}

// Unusable marks the answer as one that asking again would not fix, so the
// upload engine stops at once instead of retrying (and re-sending bytes).
func (e *TooLargeError) Unusable() bool { return true }

// errTooLarge is what limitReader returns past its limit.
var errTooLarge = errors.New("answer too large")

// limitReader is io.LimitReader that fails, instead of ending quietly, when
// the body goes past n bytes: a truncated JSON document must not pass for a
// short one.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// At the limit: one more byte means the answer is too large; the
		// end of the body means it fit exactly.
		var one [1]byte
		for range 100 {
			n, err := l.r.Read(one[:])
			if n > 0 {
				return 0, errTooLarge
			}
			if err != nil {
				return 0, err
			}
		}
		return 0, io.ErrNoProgress
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// decodeJSON decodes one JSON value of at most limit bytes from body into
// out. Errors: *TooLargeError, the watchdog's *TimeoutError, or a
// sentence saying the answer is not the expected JSON.
func decodeJSON(op, host string, body io.Reader, limit int64, out any) error {
	err := json.NewDecoder(&limitReader{r: body, n: limit}).Decode(out)
	if err == nil {
		return nil
	}
	var te *TimeoutError
	switch {
	case errors.Is(err, errTooLarge):
		return &TooLargeError{Op: op, Host: host, Limit: limit}
	case errors.As(err, &te):
		return te
	}
	return fmt.Errorf("%s: %s sent an answer that is not the expected JSON (%v); try again or report it", op, host, err)
}
