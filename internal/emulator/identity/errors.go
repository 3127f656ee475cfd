package identity

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// oauthError is a protocol error in Entra's shape. The AADSTS numbers are the
// ones Entra uses for the same condition, so a client that branches on
// error_codes (as MSAL does) sees what it would see in production.
type oauthError struct {
	status int    // HTTP status for the token and devicecode endpoints
	code   string // RFC 6749 error, e.g. "invalid_grant"
	aadsts int
	msg    string // human sentence, no secrets
}

func (e *oauthError) Error() string { return e.code + ": " + e.description() }

// description is Entra's error_description: "AADSTS<n>: <message>".
func (e *oauthError) description() string {
	return fmt.Sprintf("AADSTS%d: %s", e.aadsts, e.msg)
}

func errInvalidRequest(aadsts int, msg string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", aadsts, msg}
}

func errInvalidGrant(aadsts int, msg string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_grant", aadsts, msg}
}

func errInvalidScope(scope string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_scope", 70011,
		fmt.Sprintf("The provided value for the input parameter 'scope' is not valid. The scope %q does not exist.", scope)}
}

func errPublicClientSecret() *oauthError {
	return &oauthError{http.StatusUnauthorized, "invalid_client", 700025,
		"Client is public so neither 'client_assertion' nor 'client_secret' should be presented. Send client_id in the request body and no Authorization header."}
}

func errUnknownClient(id string) *oauthError {
	return &oauthError{http.StatusBadRequest, "unauthorized_client", 700016,
		fmt.Sprintf("Application with identifier '%s' was not found in the directory. Check the client ID.", id)}
}

func errUnknownTenant(t string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", 90002,
		fmt.Sprintf("Tenant '%s' not found. Use 'organizations', 'common' or the tenant id.", t)}
}

func errAccountNotInTenant(upn, tenant string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", 50020,
		fmt.Sprintf("User account '%s' from identity provider does not exist in tenant '%s' and cannot access the application in that tenant.", upn, tenant)}
}

// writeJSONError writes the token-endpoint error body Entra sends.
func writeJSONError(w http.ResponseWriter, now time.Time, e *oauthError) {
	trace := newGUID()
	body := map[string]any{
		"error":             e.code,
		"error_description": e.description() + " Trace ID: " + trace + " Timestamp: " + now.UTC().Format("2006-01-02 15:04:05Z"),
		"error_codes":       []int{e.aadsts},
		"timestamp":         now.UTC().Format("2006-01-02 15:04:05Z"),
		"trace_id":          trace,
		"correlation_id":    newGUID(),
		"error_uri":         "https://login.microsoftonline.com/error?code=" + strconv.Itoa(e.aadsts),
	}
	writeJSON(w, e.status, body)
}

// writeJSON writes v with the headers every token-endpoint answer carries:
// tokens must never be cached by a proxy or the browser.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
