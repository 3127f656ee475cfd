package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"printdrop/internal/httpsonly"
)

// Error is a failed Graph or upload-host request, decoded from the Graph
// error envelope ({"error":{"code","message","innerError":{...}}}) when the
// body has one, and from the status line when it does not (HTML pages,
// empty bodies, the non-Graph {"Code","Message"} shape). It never holds a
// URL: Host names the server only, because upload URLs are credentials.
type Error struct {
	StatusCode      int      // HTTP status
	Code            string   // innermost code this package knows, else the outermost one
	Codes           []string // every code in the envelope, outermost first
	Message         string   // the server's message, trimmed to one line
	RequestID       string   // the answer's request-id, for support cases
	ClientRequestID string   // the client-request-id we sent
	Op              string   // what we were doing: "list shares", "upload bytes"
	Host            string   // which server answered: "graph.microsoft.com"

	retryAfter    time.Duration
	hasRetryAfter bool
}

// Error reads as a sentence a user can act on.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s answered %d %s", e.Op, e.Host, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if hint := e.hint(); hint != "" {
		b.WriteString(". " + hint)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request-id %s]", e.RequestID)
	}
	return b.String()
}

// hint says what to do next for the statuses a user can do something about.
func (e *Error) hint() string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "Sign in again"
	case http.StatusForbidden:
		return "Your account lacks permission for this; ask your administrator"
	case http.StatusNotFound:
		return "It no longer exists or you cannot see it; refresh and try again"
	case http.StatusTooManyRequests:
		return "The service is busy; try again in a moment"
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return "The service had a temporary problem; try again later"
	}
	return ""
}

// HTTPStatus is the answer's status code; the upload engine classifies errors through it.
func (e *Error) HTTPStatus() int { return e.StatusCode }

// HasCode reports whether code is among the envelope's codes; the upload
// engine asks it for fragmentOutOfOrder.
func (e *Error) HasCode(code string) bool {
	for _, c := range e.Codes {
		if c == code {
			return true
		}
	}
	return false
}

// RetryAfter is the server's Retry-After, when it sent a valid one.
func (e *Error) RetryAfter() (time.Duration, bool) { return e.retryAfter, e.hasRetryAfter }

// knownCodes are the envelope codes this package understands in Graph's error
// envelope (its code and the nested innerError codes); the
// innermost of them is the most specific statement of what went wrong.
var knownCodes = map[string]bool{
	"accessDenied": true, "activityLimitReached": true, "generalException": true,
	"invalidRange": true, "invalidRequest": true, "itemNotFound": true, "malwareDetected": true,
	"nameAlreadyExists": true, "notAllowed": true, "notSupported": true, "resourceModified": true,
	"serviceNotAvailable": true, "quotaLimitReached": true, "unauthenticated": true,
	"fragmentLengthMismatch": true, "fragmentOutOfOrder": true, "fragmentOverlap": true,
	"maxFragmentLengthExceeded": true, "uploadSessionFailed": true, "uploadSessionIncomplete": true,
	"uploadSessionNotFound": true, "InvalidAuthenticationToken": true, "TooManyRequests": true,
	"UnknownError": true, "InvalidODataUri": true, "BadRequest": true, "Forbidden": true,
	"Unauthorized": true, "NotFound": true, "Conflict": true, "expiredToken": true,
}

// envelope is the Graph error body; Go's case-insensitive field matching
// also takes the PascalCase {"Code","Message"} body some routes send.
type envelope struct {
	Error   *innerError `json:"error"`
	Code    string      `json:"code"`
	Message string      `json:"message"`
}

type innerError struct {
	Code            string      `json:"code"`
	Message         string      `json:"message"`
	RequestID       string      `json:"request-id"`
	ClientRequestID string      `json:"client-request-id"`
	InnerError      *innerError `json:"innerError"`
}

// maxErrorBody bounds how much of an error body is read: enough for any
// envelope, not enough for a misbehaving proxy to flood memory.
const maxErrorBody = 64 << 10

// errorFromResponse builds an *Error and consumes the body.
func errorFromResponse(op string, resp *http.Response, now time.Time) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := decodeError(resp.StatusCode, resp.Header, body, now)
	e.Op = op
	e.Host = resp.Request.URL.Host
	if e.ClientRequestID == "" {
		e.ClientRequestID = resp.Request.Header.Get("client-request-id")
	}
	return e
}

// decodeError reads an error body of any shape; it never fails.
func decodeError(status int, h http.Header, body []byte, now time.Time) *Error {
	e := &Error{StatusCode: status, RequestID: h.Get("request-id"), ClientRequestID: h.Get("client-request-id")}
	e.retryAfter, e.hasRetryAfter = ParseRetryAfter(h.Get("Retry-After"), now)
	var env envelope
	if json.Unmarshal(body, &env) != nil {
		return e
	}
	in := env.Error
	if in == nil && (env.Code != "" || env.Message != "") {
		in = &innerError{Code: env.Code, Message: env.Message}
	}
	for depth := 0; in != nil && depth < 16; in, depth = in.InnerError, depth+1 {
		if in.Code != "" {
			e.Codes = append(e.Codes, in.Code)
		}
		if e.Message == "" {
			e.Message = oneLine(in.Message)
		}
		if e.RequestID == "" {
			e.RequestID = in.RequestID
		}
		if e.ClientRequestID == "" {
			e.ClientRequestID = in.ClientRequestID
		}
	}
	for _, c := range e.Codes {
		if knownCodes[c] {
			e.Code = c // keeps the innermost known one
		}
	}
	if e.Code == "" && len(e.Codes) > 0 {
		e.Code = e.Codes[0]
	}
	return e
}

// oneLine trims a server message to one short printable line.
func oneLine(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), `"`))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.TrimSuffix(s, ".")
}

// statusOf returns the HTTP status carried by err, or 0.
func statusOf(err error) int {
	var h interface{ HTTPStatus() int }
	if errors.As(err, &h) {
		return h.HTTPStatus()
	}
	return 0
}

// IsNotFound reports whether err is a 404: a share, job or upload session that is gone.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsUnauthorized reports whether the user must sign in again: a 401 or no usable token.
func IsUnauthorized(err error) bool {
	var te *TokenError
	return statusOf(err) == http.StatusUnauthorized || errors.As(err, &te)
}

// IsForbidden reports whether err is a 403: signed in, but not allowed.
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }

// IsThrottled reports whether the server asked us to slow down: a 429, or a
// 503 that carries Retry-After.
func IsThrottled(err error) bool {
	switch statusOf(err) {
	case http.StatusTooManyRequests:
		return true
	case http.StatusServiceUnavailable:
		var ra interface{ RetryAfter() (time.Duration, bool) }
		if errors.As(err, &ra) {
			_, ok := ra.RetryAfter()
			return ok
		}
	}
	return false
}

// TokenError means no access token could be had: the user must sign in again.
type TokenError struct{ Err error }

func (e *TokenError) Error() string {
	return "could not get an access token (" + e.Err.Error() + "); sign in again"
}

func (e *TokenError) Unwrap() error { return e.Err }

// NetworkError is a request that got no HTTP answer. It names the host only:
// net/http's own errors quote the full URL, which for uploads is a credential.
type NetworkError struct {
	Op   string
	Host string
	Err  error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s: could not reach %s (%v); check your connection and try again", e.Op, e.Host, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// transportError turns a client.Do failure into a NetworkError, TokenError
// or the context's own error, with any URL stripped out.
func transportError(ctx context.Context, op, host string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s: %w", op, ctxErr)
	}
	var te *TokenError
	if errors.As(err, &te) {
		return te
	}
	var (
		ne *NetworkError
		to *TimeoutError
		ie *httpsonly.InsecureError
	)
	switch {
	case errors.As(err, &ne), errors.As(err, &to), errors.Is(err, errUnusableURL):
		return err // already worded
	case errors.As(err, &ie):
		return fmt.Errorf("%s: %w", op, ie) // a refusal, not a network failure: never retried
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &NetworkError{Op: op, Host: host, Err: err}
}

// ErrJobMayExist is wrapped by CreateJob's error when the request may have
// reached the service but its answer was lost and no matching job could be
// found: sending it again could print twice.
var ErrJobMayExist = errors.New("the print job may have been created even though the answer was lost")
