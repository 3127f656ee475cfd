package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// graphJSON is the content type Graph sends with JSON bodies.
const graphJSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

// graphTime formats timestamps like Graph: UTC with 7 fractional digits.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") }

func newGUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newSecret returns 32 random bytes, base64url: tempauthtokens and download tokens.
func newSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// writeJSON answers status with v as Graph-typed JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", graphJSON)
	w.WriteHeader(status)
	w.Write(b)
}

// apiError is a Graph error: it becomes Graph's error envelope
// ({"error": {"code", "message", "innerError"}}).
type apiError struct {
	status     int
	code       string
	innerCode  string // the more specific code in innerError, if any
	message    string
	retryAfter string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "invalidRequest", format, args...)
}

// wrongState refuses an action on a job in the wrong state: 400 by default,
// or 409 with Config.Conflict409 (the public material allows both).
func (s *Server) wrongState(format string, args ...any) *apiError {
	if s.cfg.Conflict409 {
		return errorf(http.StatusConflict, "Conflict", format, args...)
	}
	return badRequest(format, args...)
}

// missingScope is the 403 for a token without a scope the route needs: the
// quoted UnknownError body seen in the wild, or accessDenied when asked.
func (s *Server) missingScope() *apiError {
	if s.cfg.ScopeAccessDenied {
		return errorf(http.StatusForbidden, "accessDenied", "The token does not have one or more required security scopes.")
	}
	return errorf(http.StatusForbidden, "UnknownError", "%s", `"The token does not have one or more required security scopes."`)
}

func notFound(what string) *apiError {
	return errorf(http.StatusNotFound, "itemNotFound", "%s was not found. Check the id, or list the collection to find it.", what)
}

// writeError writes the Graph error envelope with innerError{date, request-id,
// client-request-id}. observe set both ids on the response headers already.
func writeError(w http.ResponseWriter, e *apiError) {
	if e.retryAfter != "" {
		w.Header().Set("Retry-After", e.retryAfter)
	}
	if e.status == http.StatusUnauthorized {
		// Graph names the resource whose token is wanted (Graph's own app id).
		w.Header().Set("WWW-Authenticate", `Bearer realm="", client_id="00000003-0000-0000-c000-000000000000"`)
	}
	inner := map[string]any{
		"date":              time.Now().UTC().Format("2006-01-02T15:04:05"),
		"request-id":        w.Header().Get("request-id"),
		"client-request-id": w.Header().Get("client-request-id"),
	}
	if e.innerCode != "" {
		inner["code"] = e.innerCode
	}
	if e.status == http.StatusTooManyRequests {
		inner["code"] = "429"
		inner["status"] = "429"
	}
	writeJSON(w, e.status, map[string]any{"error": map[string]any{
		"code": e.code, "message": e.message, "innerError": inner,
	}})
}

func (s *Server) onUnknownRoute(w http.ResponseWriter, r *http.Request) {
	writeError(w, errorf(http.StatusNotFound, "itemNotFound",
		"Nothing is served at %s %s on this host. Graph lives under /v1.0 and /beta.", r.Method, r.URL.Path))
}
