package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"printdrop/internal/capped"
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

// decodeJSON decodes one JSON value of at most limit bytes from body into
// out. Errors: *TooLargeError, the watchdog's *TimeoutError, or a
// sentence saying the answer is not the expected JSON.
func decodeJSON(op, host string, body io.Reader, limit int64, out any) error {
	err := json.NewDecoder(&capped.Reader{R: body, N: limit}).Decode(out)
	if err == nil {
		return nil
	}
	var te *TimeoutError
	switch {
	case errors.Is(err, capped.ErrTooLarge):
		return &TooLargeError{Op: op, Host: host, Limit: limit}
	case errors.As(err, &te):
		return te
	}
	return fmt.Errorf("%s: %s sent an answer that is not the expected JSON (%v); try again or report it", op, host, err)
}
