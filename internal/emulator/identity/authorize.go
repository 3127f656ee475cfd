package identity

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// authCode is an issued authorization code and everything it is bound to.
type authCode struct {
	clientID    string
	redirectURI string // exactly as sent to authorize; the exchange must repeat it
	challenge   string
	grant       grant
	userID      string
	expires     time.Time
	redeemed    bool // kept as a tombstone so a replay gets the "already redeemed" error
}

// onAuthorize serves GET /{tenant}/oauth2/v2.0/authorize: it validates the
// request the way Entra does and shows the sign-in page.
//
// Errors with the client id or the redirect URI are shown as a page and never
// redirected (RFC 6749 §4.1.2.1): redirecting would hand an attacker an open
// redirector. Every other error goes back to the app on its redirect URI.
func (p *Provider) onAuthorize(w http.ResponseWriter, r *http.Request) {
	tenant := r.PathValue("tenant")
	q := r.URL.Query()
	p.mu.Lock()
	p.stats.AuthorizeRequests++
	p.lastAuth = q
	p.mu.Unlock()

	if !p.validTenant(tenant) {
		renderMessage(w, http.StatusBadRequest, "Sorry, but we're having trouble signing you in.",
			"The directory in the sign-in address was not found.", errUnknownTenant(tenant))
		return
	}
	switch id := q.Get("client_id"); {
	case id == "":
		renderMessage(w, http.StatusBadRequest, "Sorry, but we're having trouble signing you in.",
			"The app did not say who it is.", errInvalidRequest(900144, "The request must contain the parameter 'client_id'."))
		return
	case id != p.clientID:
		renderMessage(w, http.StatusBadRequest, "Sorry, but we're having trouble signing you in.",
			"The app asking you to sign in is not registered here.", errUnknownClient(id))
		return
	}
	rawRedirect := q.Get("redirect_uri")
	back, ok := loopbackRedirect(rawRedirect)
	if !ok {
		renderMessage(w, http.StatusBadRequest, "Sorry, but we're having trouble signing you in.",
			"The reply address of the app is not registered, so you were not sent back to it.",
			errInvalidRequest(50011, "The redirect URI specified in the request does not match the redirect URIs configured for the application: only http://127.0.0.1 and http://localhost (any port, any path) are."))
		return
	}
	state := q.Get("state")
	mode := q.Get("response_mode")
	switch mode {
	case "", "query":
		mode = "query"
	case "form_post":
	default:
		deliverError(w, r, back, "query", state, errInvalidRequest(900144,
			"The response_mode '"+mode+"' is not supported: use query or form_post."))
		return
	}
	if e := checkAuthorizeParams(q); e != nil {
		deliverError(w, r, back, mode, state, e)
		return
	}
	g, bad := parseScopes(q.Get("scope"))
	if bad != "" {
		deliverError(w, r, back, mode, state, errInvalidScope(bad))
		return
	}
	if q.Get("prompt") == "none" {
		// The emulator keeps no browser session, so silent sign-in always
		// needs the user, as Entra answers without a session cookie.
		deliverError(w, r, back, mode, state, &oauthError{http.StatusBadRequest, "login_required", 50058,
			"A silent sign-in request was sent but no user is signed in."})
		return
	}
	req := &pendingRequest{
		action:      "/" + tenant + "/oauth2/v2.0/authorize",
		clientID:    p.clientID,
		redirectURI: rawRedirect,
		back:        back,
		mode:        mode,
		state:       state,
		challenge:   q.Get("code_challenge"),
		grant:       g,
	}
	id := p.addPending(req)
	p.renderSignIn(w, http.StatusOK, req, id, q.Get("login_hint"), "")
}

// checkAuthorizeParams checks the parameters whose errors go back to the app.
func checkAuthorizeParams(q url.Values) *oauthError {
	switch rt := q.Get("response_type"); rt {
	case "code":
	case "":
		return errInvalidRequest(900144, "The request must contain the parameter 'response_type'.")
	default:
		return &oauthError{http.StatusBadRequest, "unsupported_response_type", 700054,
			"response_type '" + rt + "' is not enabled for the application: use code."}
	}
	if m := q.Get("code_challenge_method"); m != "S256" {
		return errInvalidRequest(50148, "PKCE is required: send code_challenge_method=S256 with a code_challenge.")
	}
	if c := q.Get("code_challenge"); len(c) != 43 || strings.Trim(c, base64URLChars) != "" {
		return errInvalidRequest(501491, "Invalid size of Code_Challenge parameter: it must be the 43-character base64url SHA-256 of the verifier.")
	}
	if q.Get("scope") == "" {
		return errInvalidRequest(900144, "The request must contain the parameter 'scope'.")
	}
	switch q.Get("prompt") {
	case "", "login", "select_account", "consent", "none", "create":
	default:
		return errInvalidRequest(90023, "The prompt value '"+q.Get("prompt")+"' is not supported.")
	}
	return nil
}

const base64URLChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// loopbackRedirect accepts http://127.0.0.1 and http://localhost with any
// port and path, the way Entra matches loopback reply URLs for desktop apps
// (the port is ignored). It returns the URL to deliver to: one without a path
// gets "/", as Entra sends it back.
func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return nil, false
	}
	host := strings.ToLower(u.Hostname())
	if host != "127.0.0.1" && host != "localhost" {
		return nil, false
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, true
}

// deliverError sends an OAuth error back to the app, preserving state.
func deliverError(w http.ResponseWriter, r *http.Request, back *url.URL, mode, state string, e *oauthError) {
	v := url.Values{"error": {e.code}, "error_description": {e.description()}}
	if state != "" {
		v.Set("state", state)
	}
	deliver(w, r, back, mode, v)
}

// deliver returns the authorization response to the app's redirect URI: a
// 302 with the parameters in the query, or an auto-submitting form that POSTs
// them (form_post), so the code never shows in the address bar or history.
func deliver(w http.ResponseWriter, r *http.Request, back *url.URL, mode string, params url.Values) {
	if mode == "form_post" {
		var fields []formField
		keys := make([]string, 0, len(params))
		for k := range params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fields = append(fields, formField{k, params.Get(k)})
		}
		renderPage(w, http.StatusOK, "formpost", struct {
			Action string
			Fields []formField
		}{back.String(), fields})
		return
	}
	u := *back
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, u.String(), http.StatusFound)
}
