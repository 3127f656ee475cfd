package identity

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// maxFormBytes caps the token and devicecode request bodies.
const maxFormBytes = 64 << 10

const grantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"

// parsePublicClientForm does the checks the token and devicecode endpoints
// share: POST, a known tenant, a form body, no client credentials (this is a
// public client: a secret or Basic auth is refused as Entra refuses it), and
// the registered client_id.
func (p *Provider) parsePublicClientForm(w http.ResponseWriter, r *http.Request) (url.Values, *oauthError) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return nil, &oauthError{http.StatusMethodNotAllowed, "invalid_request", 900561,
			"The endpoint only accepts POST requests."}
	}
	if t := r.PathValue("tenant"); !p.validTenant(t) {
		return nil, errUnknownTenant(t)
	}
	if r.Header.Get("Authorization") != "" {
		p.mu.Lock()
		p.stats.InvalidClient++
		p.mu.Unlock()
		return nil, errPublicClientSecret()
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return nil, errInvalidRequest(900144, "The request body must be application/x-www-form-urlencoded.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return nil, errInvalidRequest(900144, "The request body could not be read as a form.")
	}
	f := r.PostForm
	if f.Has("client_secret") || f.Has("client_assertion") {
		p.mu.Lock()
		p.stats.InvalidClient++
		p.mu.Unlock()
		return nil, errPublicClientSecret()
	}
	switch id := f.Get("client_id"); {
	case id == "":
		return nil, errInvalidRequest(900144, "The request body must contain the parameter 'client_id'.")
	case id != p.clientID:
		return nil, errUnknownClient(id)
	}
	return f, nil
}

// onToken serves POST /{tenant}/oauth2/v2.0/token.
func (p *Provider) onToken(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.stats.TokenRequests++
	p.mu.Unlock()
	f, e := p.parsePublicClientForm(w, r)
	var resp map[string]any
	if e == nil {
		switch gt := f.Get("grant_type"); gt {
		case "authorization_code":
			resp, e = p.redeemCode(f)
		case "refresh_token":
			resp, e = p.redeemRefresh(f)
		case grantDeviceCode:
			resp, e = p.redeemDevice(f)
		case "":
			e = errInvalidRequest(900144, "The request body must contain the parameter 'grant_type'.")
		default:
			e = &oauthError{http.StatusBadRequest, "unsupported_grant_type", 70003,
				"The app requested an unsupported grant type '" + gt + "'."}
		}
	}
	if e != nil {
		writeJSONError(w, p.now(), e)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// redeemCode is the authorization_code grant. The code is spent by the first
// attempt, right or wrong, so a stolen code cannot be tried twice.
func (p *Provider) redeemCode(f url.Values) (map[string]any, *oauthError) {
	code := f.Get("code")
	if code == "" {
		return nil, errInvalidRequest(900144, "The request body must contain the parameter 'code'.")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.codes[hashKey(code)]
	switch {
	case c == nil:
		return nil, errInvalidGrant(70000, "The provided value for the 'code' parameter is not valid.")
	case c.redeemed:
		return nil, errInvalidGrant(54005, "OAuth2 Authorization code was already redeemed. Start a new sign-in or use the refresh token.")
	}
	c.redeemed = true
	if !p.now().Before(c.expires) {
		return nil, errInvalidGrant(70008, "The provided authorization code has expired. Sign in again.")
	}
	if f.Get("client_id") != c.clientID {
		return nil, errInvalidGrant(70000, "The authorization code was issued to another application.")
	}
	if f.Get("redirect_uri") != c.redirectURI {
		return nil, errInvalidGrant(500117, "The reply URI in the token request does not match the one used in the authorization request.")
	}
	verifier := f.Get("code_verifier")
	if verifier == "" {
		p.stats.PKCEFailures++
		return nil, errInvalidGrant(9002325, "Proof Key for Code Exchange is required: send the code_verifier.")
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(got), []byte(c.challenge)) != 1 {
		p.stats.PKCEFailures++
		return nil, errInvalidGrant(501481, "The code_verifier does not match the code_challenge supplied in the authorization request.")
	}
	u, ok := p.findUserByID(c.userID)
	if !ok {
		return nil, errInvalidGrant(50034, "The user account does not exist in the directory.")
	}
	p.stats.CodeRedemptions++
	return p.issueTokens(u, c.clientID, c.grant, c.grant.graph, ""), nil
}

// redeemRefresh is the refresh_token grant. Every use rotates the token; a
// rotated token presented again means a copy leaked or the client failed to
// save the new one, so the whole family is revoked (stricter than Entra, on
// purpose: it is what exposes a client that does not persist rotation).
func (p *Provider) redeemRefresh(f url.Values) (map[string]any, *oauthError) {
	rt := f.Get("refresh_token")
	if rt == "" {
		return nil, errInvalidRequest(900144, "The request body must contain the parameter 'refresh_token'.")
	}
	want, bad := parseScopes(f.Get("scope"))
	if bad != "" {
		return nil, errInvalidScope(bad)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.refresh[hashKey(rt)]
	switch {
	case t == nil:
		return nil, errInvalidGrant(9002313, "The refresh token is not valid. Sign in again.")
	case p.revoked[t.family]:
		return nil, errInvalidGrant(50173, "The provided grant has been revoked. Sign in again.")
	case t.rotated:
		p.stats.RefreshReuse++
		p.revokeFamily(t.family)
		return nil, errInvalidGrant(50173, "The refresh token was already used and replaced by a newer one, so every token of this sign-in has been revoked. Save the new refresh token after each refresh, and sign in again.")
	case !p.now().Before(t.expires):
		return nil, errInvalidGrant(700082, "The refresh token has expired due to inactivity. Sign in again.")
	case t.clientID != f.Get("client_id"):
		return nil, errInvalidGrant(70000, "The refresh token was issued to another application.")
	}
	scopes := t.grant.graph
	if len(want.graph) > 0 {
		for _, s := range want.graph {
			if !slices.Contains(t.grant.graph, s) {
				return nil, errInvalidGrant(65001, "The user has not consented to the scope '"+s+"' for this application. Sign in again asking for it.")
			}
		}
		scopes = want.graph
	}
	u, ok := p.findUserByID(t.userID)
	if !ok {
		return nil, errInvalidGrant(50034, "The user account does not exist in the directory.")
	}
	t.rotated = true
	p.stats.Refreshes++
	return p.issueTokens(u, t.clientID, t.grant, scopes, t.family), nil
}

// issueTokens builds Entra's token response. Callers hold p.mu.
func (p *Provider) issueTokens(u User, clientID string, g grant, scopes []string, family string) map[string]any {
	if g.offline && family == "" {
		family = newGUID()
	}
	granted := g
	granted.graph = scopes
	resp := map[string]any{
		"token_type":     "Bearer",
		"scope":          strings.Join(granted.names(), " "),
		"expires_in":     expiresIn(p.tokenTTL),
		"ext_expires_in": expiresIn(p.tokenTTL),
		"access_token":   p.mintAccess(u.ID, clientID, family, scopes),
	}
	if g.offline {
		resp["refresh_token"] = p.mintRefresh(u.ID, clientID, family, g)
	}
	if g.openid {
		resp["id_token"] = p.idToken(u, clientID, g)
	}
	return resp
}

// idToken is an unsigned JWT ("alg":"none") with Entra's claim names. It is
// only for display: clients must identify the user through /me, never by
// trusting an ID token, and an unsigned one makes that obvious.
func (p *Provider) idToken(u User, clientID string, g grant) string {
	now := p.now()
	claims := map[string]any{
		"aud": clientID,
		"iss": "https://login.microsoftonline.com/" + p.tenantID + "/v2.0",
		"iat": now.Unix(),
		"nbf": now.Unix(),
		"exp": now.Add(p.tokenTTL).Unix(),
		"sub": u.ID,
		"oid": u.ID,
		"tid": p.tenantID,
		"ver": "2.0",
	}
	if g.profile {
		claims["name"] = u.DisplayName
		claims["preferred_username"] = u.UPN
	}
	if g.email {
		claims["email"] = u.UPN
	}
	body, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(body) + "."
}

// findUserByID returns the current record of a user. Callers hold p.mu.
func (p *Provider) findUserByID(id string) (User, bool) {
	for _, u := range p.users {
		if u.ID == id {
			return u, true
		}
	}
	return User{}, false
}
