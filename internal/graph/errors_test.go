package graph

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDecodeError(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		code      string
		codes     []string
		msg       string
		requestID string
		retry     time.Duration
		hasRetry  bool
	}{
		{name: "graph envelope", status: 404,
			body: `{"error":{"code":"itemNotFound","message":"The share was not found.","innerError":{"date":"2026-11-24T09:16:11","request-id":"r-1","client-request-id":"c-1"}}}`,
			code: "itemNotFound", codes: []string{"itemNotFound"}, msg: "The share was not found", requestID: "r-1"},
		{name: "throttle prefers innermost known", status: 429, header: http.Header{"Retry-After": {"2.128"}, "Request-Id": {"hdr-id"}},
			body: `{"error":{"code":"TooManyRequests","message":"Please retry again later.","innerError":{"code":"429","date":"x","request-id":"body-id","status":"429"}}}`,
			code: "TooManyRequests", codes: []string{"TooManyRequests", "429"}, msg: "Please retry again later", requestID: "hdr-id",
			retry: 2128 * time.Millisecond, hasRetry: true},
		{name: "nested known codes", status: 416,
			body: `{"error":{"code":"invalidRange","message":"overlap","innerError":{"code":"fragmentOverlap","innerError":{"code":"weird"}}}}`,
			code: "fragmentOverlap", codes: []string{"invalidRange", "fragmentOverlap", "weird"}, msg: "overlap"},
		{name: "unknown code kept", status: 415,
			body: `{"error":{"code":"415","message":"Unsupported document-format: application/pdf.\nSupported formats: x\n"}}`,
			code: "415", codes: []string{"415"}, msg: "Unsupported document-format: application/pdf. Supported formats: x"},
		{name: "quoted message", status: 403,
			body: `{"error":{"code":"UnknownError","message":"\"The token does not have one or more required security scopes.\""}}`,
			code: "UnknownError", codes: []string{"UnknownError"}, msg: "The token does not have one or more required security scopes"},
		{name: "pascal case non-graph body", status: 500,
			body: `{"Code":"InvalidODataUri","Message":"Found a Uri function 'cast' with a parent token."}`,
			code: "InvalidODataUri", codes: []string{"InvalidODataUri"}, msg: "Found a Uri function 'cast' with a parent token"},
		{name: "html", status: 502, header: http.Header{"Retry-After": {"Tue, 24 Nov 2026 09:00:30 GMT"}},
			body: `<html><body>Bad gateway</body></html>`, retry: 30 * time.Second, hasRetry: true},
		{name: "empty", status: 503},
		{name: "json but not an envelope", status: 400, body: `[1,2,3]`},
		{name: "error is a string", status: 400, body: `{"error":"invalid_grant"}`},
		{name: "bad retry-after ignored", status: 429, header: http.Header{"Retry-After": {"soon"}}},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.header {
			h[http.CanonicalHeaderKey(k)] = v
		}
		e := decodeError(tt.status, h, []byte(tt.body), now)
		if e.StatusCode != tt.status || e.HTTPStatus() != tt.status || e.Code != tt.code || e.Message != tt.msg || e.RequestID != tt.requestID {
			t.Errorf("%s: got status %d code %q msg %q rid %q; want %d %q %q %q", tt.name, e.StatusCode, e.Code, e.Message, e.RequestID, tt.status, tt.code, tt.msg, tt.requestID)
		}
		if fmt.Sprint(e.Codes) != fmt.Sprint(tt.codes) {
			t.Errorf("%s: codes %q, want %q", tt.name, e.Codes, tt.codes)
		}
		for _, c := range tt.codes {
			if !e.HasCode(c) {
				t.Errorf("%s: HasCode(%q) = false", tt.name, c)
			}
		}
		if e.HasCode("fragmentOutOfOrder") {
			t.Errorf("%s: HasCode says yes to a code the body does not name", tt.name)
		}
		if d, ok := e.RetryAfter(); d != tt.retry || ok != tt.hasRetry {
			t.Errorf("%s: RetryAfter %v %v, want %v %v", tt.name, d, ok, tt.retry, tt.hasRetry)
		}
	}
}

func TestErrorMessageAndPredicates(t *testing.T) {
	t.Parallel()
	e := &Error{StatusCode: 401, Code: "InvalidAuthenticationToken", Message: "Access token has expired", RequestID: "r-9",
		Op: "list printers", Host: "graph.microsoft.com"}
	want := "list printers: graph.microsoft.com answered 401 Unauthorized (InvalidAuthenticationToken): Access token has expired. Sign in again [request-id r-9]"
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
	wrapped := fmt.Errorf("outer: %w", e)
	if !IsUnauthorized(wrapped) || IsNotFound(wrapped) || IsThrottled(wrapped) || IsForbidden(wrapped) {
		t.Error("predicates wrong for a wrapped 401")
	}
	if !IsUnauthorized(&TokenError{Err: errors.New("refresh token revoked")}) {
		t.Error("a token error must mean sign in again")
	}
	if !IsNotFound(&Error{StatusCode: 404}) || !IsForbidden(&Error{StatusCode: 403}) {
		t.Error("404/403 predicates")
	}
	if !IsThrottled(&Error{StatusCode: 429}) {
		t.Error("429 is throttled")
	}
	if IsThrottled(&Error{StatusCode: 503}) {
		t.Error("a bare 503 is an outage, not throttling")
	}
	if !IsThrottled(&Error{StatusCode: 503, hasRetryAfter: true, retryAfter: time.Second}) {
		t.Error("503 with Retry-After is throttling")
	}
	if IsNotFound(errors.New("plain")) || IsUnauthorized(nil) {
		t.Error("plain errors match nothing")
	}
}

func TestTransportErrorHidesURL(t *testing.T) {
	t.Parallel()
	c, err := New(Options{BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	// Port 1 is closed: the dial fails and net/http's own error quotes the URL.
	s := c.ResumeUploadSession("http://127.0.0.1:1/uploadSessions/abc?tempauthtoken=SECRET", 10)
	_, _, perr := s.Put(t.Context(), rangeOf(0, 9), strings.NewReader("0123456789"))
	if perr == nil {
		t.Fatal("PUT to a closed port succeeded")
	}
	var ne *NetworkError
	if !errors.As(perr, &ne) || ne.Host != "127.0.0.1:1" {
		t.Fatalf("want a NetworkError naming the host, got %T %v", perr, perr)
	}
	if strings.Contains(perr.Error(), "SECRET") || strings.Contains(perr.Error(), "uploadSessions") {
		t.Fatalf("error leaks the upload URL: %v", perr)
	}
}
