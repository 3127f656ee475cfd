package upload

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"printdrop/internal/ranges"
)

// Error is a final upload failure: what failed, how the server answered and
// how hard the engine tried. It never contains the upload URL.
type Error struct {
	Name     string       // the document's name
	Op       string       // "PUT", "status" or "renew"
	Range    ranges.Range // for PUT
	Status   int          // the HTTP status, 0 for a network failure
	Attempts int          // attempts made for this failure
	Waited   time.Duration
	Err      error
}

func (e *Error) Error() string {
	what := "asking the print service about the upload"
	switch e.Op {
	case "PUT":
		what = "sending bytes " + e.Range.String()
	case "renew":
		what = "renewing the expired upload session"
	}
	how := "failed: " + safeText(e.Err)
	if e.Status != 0 {
		how = fmt.Sprintf("got %d %s", e.Status, http.StatusText(e.Status))
	}
	tries := ""
	if e.Attempts > 1 {
		tries = fmt.Sprintf(" after %d attempts over %s", e.Attempts, e.Waited.Round(time.Second))
	}
	next := "check the network connection and print it again"
	switch {
	case e.Status == http.StatusRequestEntityTooLarge:
		next = "use a smaller chunk size"
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		next = "sign in again and print it again"
	case e.Op == "renew":
		next = "print it again"
	}
	return fmt.Sprintf("uploading %s: %s %s%s; %s", e.Name, what, how, tries, next)
}

func (e *Error) Unwrap() error { return e.Err }

// HTTPStatus lets callers branch on the server's answer.
func (e *Error) HTTPStatus() int { return e.Status }

// safeText is err's message without any URL: net/http's *url.Error quotes
// the request URL, which for an upload session is a credential.
func safeText(err error) string {
	if err == nil {
		return "unknown error"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + " to the print service: " + safeText(ue.Err)
	}
	return err.Error()
}

// errExpired is the reason given to Renew when the session's expiry passed.
var errExpired = errors.New("the upload session expired")

// Backoff without a Retry-After: exponential from retryBase, capped, with
// full jitter (a uniformly random wait up to the cap) so parallel clients
// that failed together do not retry together.
const (
	retryBase = 500 * time.Millisecond
	retryCap  = 30 * time.Second
)

func backoff(attempt int) time.Duration {
	d := retryBase
	for i := 1; i < attempt && d < retryCap; i++ {
		d *= 2
	}
	return min(d, retryCap)
}

func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}
