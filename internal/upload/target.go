package upload

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"printdrop/internal/ranges"
)

// Target is one upload session on the server. graph.UploadSession (v1.0) and
// graph.DraftSession satisfy it.
//
// Errors are classified only through optional methods, so any client can
// plug in: HTTPStatus() int (the status of a non-2xx answer), RetryAfter()
// (time.Duration, bool) (the server's Retry-After, parsed), HasCode(string)
// bool (whether the error envelope names a code, such as fragmentOutOfOrder)
// and Unusable() bool (an answer asking again would not fix: final).
// An error with no status is treated as a network failure: a doubt, resolved
// by asking the server.
type Target interface {
	// Status asks the server which bytes it still needs and when the
	// session expires (zero if unknown).
	Status(ctx context.Context) (missing ranges.Set, expires time.Time, err error)
	// Put sends the bytes r from body. On 202 it returns what is still
	// missing; on 201 (the last byte arrived) done is true.
	Put(ctx context.Context, r ranges.Range, body io.Reader) (missing ranges.Set, done bool, err error)
	// Delete abandons the session.
	Delete(ctx context.Context) error
}

type httpStatuser interface{ HTTPStatus() int }
type retryAfterer interface {
	RetryAfter() (time.Duration, bool)
}
type coder interface{ HasCode(code string) bool }

// unusabler is an answer that asking again would not fix, such as one far
// larger than the service ever sends (graph's *TooLargeError).
type unusabler interface{ Unusable() bool }

// unusable reports whether err says the service's answer cannot be used.
func unusable(err error) bool {
	var u unusabler
	return errors.As(err, &u) && u.Unusable()
}

// hasCode reports whether err's error envelope names code.
func hasCode(err error, code string) bool {
	var c coder
	return errors.As(err, &c) && c.HasCode(code)
}

// outOfOrder reports a 416 that says the server takes ranges only in order.
func outOfOrder(err error) bool {
	return statusOf(err) == http.StatusRequestedRangeNotSatisfiable && hasCode(err, "fragmentOutOfOrder")
}

// statusOf returns the HTTP status carried by err, or 0 for a network error.
func statusOf(err error) int {
	var s httpStatuser
	if errors.As(err, &s) {
		return s.HTTPStatus()
	}
	return 0
}

// retryAfterOf returns the server's Retry-After, if err carries one.
func retryAfterOf(err error) (time.Duration, bool) {
	var r retryAfterer
	if errors.As(err, &r) {
		return r.RetryAfter()
	}
	return 0, false
}

// class is what the engine does about an error.
type class int

const (
	classHard   class = iota // stop and report
	classResync              // ask the server (416, or a contradiction)
	classRetry               // transient: back off, then ask the server
	classRenew               // the session is gone: renew it
)

func classify(err error) class {
	switch s := statusOf(err); s {
	case 0:
		return classRetry // network error, timeout, dropped body: a doubt
	case http.StatusRequestedRangeNotSatisfiable:
		return classResync
	case http.StatusNotFound, http.StatusGone:
		return classRenew
	case http.StatusUnauthorized:
		// An upload URL carries its own credential, which lapses with its
		// session: "expiredToken" asks for a new session, not a new sign-in.
		if hasCode(err, "expiredToken") {
			return classRenew
		}
		return classHard
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return classRetry
	default:
		return classHard
	}
}
