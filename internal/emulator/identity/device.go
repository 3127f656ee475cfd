package identity

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// deviceGrant is a device code flow in progress (RFC 8628).
type deviceGrant struct {
	userCode string
	clientID string
	grant    grant
	expires  time.Time
	lastPoll time.Time
	state    deviceState
	userID   string
}

type deviceState int

const (
	devicePending deviceState = iota
	deviceApproved
	deviceDeclined
)

// userCodeAlphabet has no I or O, which read as 1 and 0.
const userCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ"

func newUserCode() string {
	var b strings.Builder
	for range 8 {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(userCodeAlphabet))))
		b.WriteByte(userCodeAlphabet[n.Int64()])
	}
	return b.String()
}

// onDeviceCode serves POST /{tenant}/oauth2/v2.0/devicecode.
func (p *Provider) onDeviceCode(w http.ResponseWriter, r *http.Request) {
	f, e := p.parsePublicClientForm(w, r)
	if e != nil {
		writeJSONError(w, p.now(), e)
		return
	}
	if f.Get("scope") == "" {
		writeJSONError(w, p.now(), errInvalidRequest(900144, "The request body must contain the parameter 'scope'."))
		return
	}
	g, bad := parseScopes(f.Get("scope"))
	if bad != "" {
		writeJSONError(w, p.now(), errInvalidScope(bad))
		return
	}
	deviceCode := randomToken(32)
	p.mu.Lock()
	p.stats.DeviceCodeRequests++
	now := p.now()
	for k, d := range p.devices { // sweep abandoned flows
		if now.After(d.expires) {
			delete(p.devices, k)
			delete(p.userCode, d.userCode)
		}
	}
	userCode := newUserCode()
	for p.userCode[userCode] != "" {
		userCode = newUserCode()
	}
	key := hashKey(deviceCode)
	p.devices[key] = &deviceGrant{userCode: userCode, clientID: f.Get("client_id"), grant: g, expires: now.Add(deviceCodeTTL)}
	p.userCode[userCode] = key
	p.mu.Unlock()

	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	verify := scheme + "://" + r.Host + "/devicelogin"
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code":      deviceCode,
		"user_code":        userCode,
		"verification_uri": verify,
		"expires_in":       int(deviceCodeTTL / time.Second),
		"interval":         deviceInterval,
		"message": fmt.Sprintf("To sign in, use a web browser to open the page %s and enter the code %s to authenticate.",
			verify, userCode),
	})
}

// redeemDevice is the device_code grant the app polls with.
func (p *Provider) redeemDevice(f url.Values) (map[string]any, *oauthError) {
	dc := f.Get("device_code")
	if dc == "" {
		return nil, errInvalidRequest(900144, "The request body must contain the parameter 'device_code'.")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.DevicePolls++
	key := hashKey(dc)
	d := p.devices[key]
	if d == nil || d.clientID != f.Get("client_id") {
		return nil, &oauthError{http.StatusBadRequest, "bad_verification_code", 70019,
			"The device code is not one this application was given. Start the device sign-in again."}
	}
	now := p.now()
	if !now.Before(d.expires) {
		p.endDevice(key, d)
		return nil, &oauthError{http.StatusBadRequest, "expired_token", 70020,
			"The device code has expired: nobody signed in within 15 minutes. Start the device sign-in again."}
	}
	switch d.state {
	case deviceDeclined:
		p.endDevice(key, d)
		return nil, &oauthError{http.StatusBadRequest, "authorization_declined", 70000,
			"The user declined the sign-in request."}
	case deviceApproved:
		p.endDevice(key, d)
		u, ok := p.findUserByID(d.userID)
		if !ok {
			return nil, errInvalidGrant(50034, "The user account does not exist in the directory.")
		}
		return p.issueTokens(u, d.clientID, d.grant, d.grant.graph, ""), nil
	}
	// Polling faster than half the interval is a client bug worth seeing.
	tooSoon := !d.lastPoll.IsZero() && now.Sub(d.lastPoll) < deviceInterval*time.Second/2
	d.lastPoll = now
	if tooSoon {
		return nil, &oauthError{http.StatusBadRequest, "slow_down", 70016,
			"The application is polling faster than the interval it was given. Wait longer between requests."}
	}
	return nil, &oauthError{http.StatusBadRequest, "authorization_pending", 70016,
		"OAuth 2.0 device flow error. Authorization is pending. Continue polling."}
}

// endDevice forgets a finished flow. Callers hold p.mu.
func (p *Provider) endDevice(key string, d *deviceGrant) {
	delete(p.devices, key)
	delete(p.userCode, d.userCode)
}

// onDeviceLoginPage serves GET /devicelogin: the "Enter code" page.
func (p *Provider) onDeviceLoginPage(w http.ResponseWriter, r *http.Request) {
	renderPage(w, http.StatusOK, "devicecode", struct{ Error string }{})
}

// onDeviceLoginPost serves the forms of the device flow: the code, then the
// same sign-in and consent steps as the browser flow.
func (p *Provider) onDeviceLoginPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		renderMessage(w, http.StatusBadRequest, "Sorry, something went wrong.", "The form could not be read. Try again.", nil)
		return
	}
	if r.PostForm.Get("step") != "code" {
		p.onStep(w, r, p.finishDevice)
		return
	}
	code := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(r.PostForm.Get("code")))
	p.mu.Lock()
	key := p.userCode[code]
	d := p.devices[key]
	ok := d != nil && d.state == devicePending && p.now().Before(d.expires)
	p.mu.Unlock()
	if !ok {
		renderPage(w, http.StatusOK, "devicecode", struct{ Error string }{
			"That code didn't work. Check the code shown by the app and try again."})
		return
	}
	req := &pendingRequest{action: "/devicelogin", device: key}
	id := p.addPending(req)
	p.renderSignIn(w, http.StatusOK, req, id, "", "")
}

func (p *Provider) finishDevice(w http.ResponseWriter, _ *http.Request, req *pendingRequest, accept bool) {
	p.mu.Lock()
	d := p.devices[req.device]
	if d != nil && d.state == devicePending {
		if accept {
			d.state, d.userID = deviceApproved, req.userID
		} else {
			d.state = deviceDeclined
		}
	}
	p.mu.Unlock()
	switch {
	case d == nil:
		renderMessage(w, http.StatusBadRequest, "This code has expired.", "Start signing in on your device again.", nil)
	case accept:
		renderMessage(w, http.StatusOK, "You're signed in",
			"You have signed in to the "+p.appName+" application on your device. You can close this window.", nil)
	default:
		renderMessage(w, http.StatusOK, "Sign-in cancelled",
			"You cancelled signing in to "+p.appName+" on your device. You can close this window.", nil)
	}
}
