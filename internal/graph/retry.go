package graph

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds automatic retries. The zero value means the defaults.
//
// Which calls are retried, and on what, is decided per call, not here:
//   - reads (GET) on 429, 500, 502, 503, 504 and network errors;
//   - createUploadSession and the draft session PUT on 429, 503, 504 and
//     network errors: a new session supersedes the old one, so a repeat is harmless;
//   - create job, start and cancel only on 429, which Graph sends before
//     doing anything. They change state and are not idempotent: a second
//     create prints twice, a second start or cancel of a job that moved on
//     fails with 400/409 and hides what really happened;
//   - upload-session PUT, GET and DELETE never: the upload engine owns those
//     retries, and two layers of them would multiply.
type RetryPolicy struct {
	MaxAttempts int           // tries in all, first included; 0 = 4; 1 = never retry
	BaseDelay   time.Duration // first backoff ceiling; 0 = 500ms
	MaxDelay    time.Duration // longest single wait; 0 = 30s
	MaxElapsed  time.Duration // give up when the next wait would pass this; 0 = 2m
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 2 * time.Minute
	}
	return p
}

// backoff is exponential with full jitter: a uniform wait in
// [0, min(MaxDelay, BaseDelay·2^(attempt-1))], so clients that failed
// together do not come back together.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	ceil := p.MaxDelay
	if attempt < 30 {
		if d := p.BaseDelay << (attempt - 1); d > 0 && d < ceil {
			ceil = d
		}
	}
	return rand.N(ceil + 1)
}

// retryClass says when one call may be repeated.
type retryClass int

const (
	retryNever    retryClass = iota
	retryThrottle            // 429 only
	retrySafe                // 429, 503, 504, network errors
	retryRead                // retrySafe + 500, 502
)

func (c retryClass) status(code int) bool {
	switch code {
	case http.StatusTooManyRequests:
		return c >= retryThrottle
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return c >= retrySafe
	case http.StatusInternalServerError, http.StatusBadGateway:
		return c >= retryRead
	}
	return false
}

func (c retryClass) network() bool { return c >= retrySafe }

// maxRetryAfter caps a server's Retry-After so absurd values cannot overflow;
// the policy's MaxElapsed then decides whether to wait at all.
const maxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After value: whole seconds ("120"), the
// fractional seconds Graph sends ("2.128"), or an HTTP date (a date in the
// past means now). Signs, exponents, hex and other float spellings are
// rejected; values beyond a day are capped at a day. ok is false when v is
// empty or malformed.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		whole, frac, hasDot := strings.Cut(v, ".")
		if !allDigits(whole) || (hasDot && !allDigits(frac)) {
			return 0, false
		}
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(secs, 0) {
			return 0, false
		}
		if secs >= maxRetryAfter.Seconds() {
			return maxRetryAfter, true
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	switch {
	case d < 0:
		d = 0
	case d > maxRetryAfter:
		d = maxRetryAfter
	}
	return d, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type retryObserverKey struct{}

// RetryObserver hears about an automatic retry before the client waits:
// op names the call ("create the print job"), wait is the pause and err
// what failed. It must return quickly.
type RetryObserver func(op string, wait time.Duration, err error)

// WithRetryObserver returns a context whose Graph calls report each
// automatic retry to f, so a caller can tell its user why nothing seems to
// happen while the client waits out a Retry-After.
func WithRetryObserver(ctx context.Context, f RetryObserver) context.Context {
	return context.WithValue(ctx, retryObserverKey{}, f)
}

func observeRetry(ctx context.Context, op string, wait time.Duration, err error) {
	if f, ok := ctx.Value(retryObserverKey{}).(RetryObserver); ok && f != nil {
		f(op, wait, err)
	}
}
