package identity

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// pendingRequest is a sign-in in progress, kept server-side under a random
// id that travels in a hidden form field. Nothing that decides where the
// browser goes next (redirect URI, state, challenge) is read back from the
// form, so a tampered page cannot redirect a code elsewhere.
type pendingRequest struct {
	action string // where the sign-in and consent forms post

	// Authorization code flow.
	clientID    string
	redirectURI string
	back        *url.URL
	mode        string
	state       string
	challenge   string
	grant       grant

	device string // device flow: key of the deviceGrant being approved

	userID  string // set once the password was right
	expires time.Time
}

// addPending stores req under a new random id and returns the id.
func (p *Provider) addPending(req *pendingRequest) string {
	id := randomToken(32)
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for k, old := range p.pending { // sweep, so abandoned pages don't pile up
		if now.After(old.expires) {
			delete(p.pending, k)
		}
	}
	req.expires = now.Add(pendingTTL)
	p.pending[id] = req
	return id
}

// lookupPending returns the live request with id, or nil.
func (p *Provider) lookupPending(id string) *pendingRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	req, ok := p.pending[id]
	if !ok || p.now().After(req.expires) {
		return nil
	}
	return req
}

func (p *Provider) renderSignIn(w http.ResponseWriter, status int, req *pendingRequest, id, username, errMsg string) {
	data := struct {
		Action, Req, Username, Error string
		Demo                         *User
	}{Action: req.action, Req: id, Username: username, Error: errMsg}
	if p.showDemo {
		p.mu.Lock()
		if len(p.users) > 0 {
			u := p.users[0]
			data.Demo = &u
		}
		p.mu.Unlock()
	}
	renderPage(w, status, "signin", data)
}

// onStep handles the sign-in and consent form posts of both flows.
func (p *Provider) onStep(w http.ResponseWriter, r *http.Request, onDone func(http.ResponseWriter, *http.Request, *pendingRequest, bool)) {
	id := r.PostForm.Get("req")
	req := p.lookupPending(id)
	if req == nil {
		renderMessage(w, http.StatusBadRequest, "This sign-in page has expired.",
			"Go back to the app and start signing in again.", nil)
		return
	}
	switch r.PostForm.Get("step") {
	case "login":
		name, password := r.PostForm.Get("username"), r.PostForm.Get("password")
		u, ok := p.checkPassword(name, password)
		if !ok {
			p.renderSignIn(w, http.StatusOK, req, id, name,
				"Your account or password is incorrect. Check them and try again.")
			return
		}
		if u.HomeTenant != "" && !strings.EqualFold(u.HomeTenant, p.tenantID) {
			renderMessage(w, http.StatusBadRequest, "Sorry, but we're having trouble signing you in.",
				"Your account is from another organization, which may not use this app.", errAccountNotInTenant(u.UPN, p.tenantID))
			return
		}
		p.mu.Lock()
		req.userID = u.ID
		g := req.grant
		if req.device != "" {
			if d := p.devices[req.device]; d != nil {
				g = d.grant
			}
		}
		p.mu.Unlock()
		renderPage(w, http.StatusOK, "consent", struct {
			User, App, Action, Req string
			Scopes                 []string
		}{u.UPN, p.appName, req.action, id, g.descriptions()})
	case "consent":
		p.mu.Lock()
		signedIn := req.userID != ""
		if signedIn {
			delete(p.pending, id) // a decision is final: the page cannot be replayed
		}
		p.mu.Unlock()
		if !signedIn {
			renderMessage(w, http.StatusBadRequest, "Sign in first.",
				"Go back to the app and start signing in again.", nil)
			return
		}
		accept := r.PostForm.Get("decision") == "accept"
		p.mu.Lock()
		if accept {
			p.stats.Consents++
		} else {
			p.stats.Declines++
		}
		p.mu.Unlock()
		onDone(w, r, req, accept)
	default:
		renderMessage(w, http.StatusBadRequest, "Sorry, but we're having trouble signing you in.",
			"The form was not one this page sent.", nil)
	}
}

// checkPassword compares in constant time, and does the same work for an
// unknown user, so timing tells an attacker nothing about which part failed.
func (p *Provider) checkPassword(name, password string) (User, bool) {
	p.mu.Lock()
	u, found := p.findUser(name)
	p.mu.Unlock()
	if name == "" {
		found = false
	}
	want := sha256.Sum256([]byte(u.Password))
	got := sha256.Sum256([]byte(password))
	ok := subtle.ConstantTimeCompare(want[:], got[:]) == 1 && found
	p.mu.Lock()
	if ok {
		p.stats.SignIns++
	} else {
		p.stats.FailedSignIns++
	}
	p.mu.Unlock()
	return u, ok
}

// onAuthorizeStep finishes the authorization code flow after consent.
func (p *Provider) onAuthorizeStep(w http.ResponseWriter, r *http.Request) {
	p.onStep(w, r, func(w http.ResponseWriter, r *http.Request, req *pendingRequest, accept bool) {
		if !accept {
			deliverError(w, r, req.back, req.mode, req.state, &oauthError{http.StatusBadRequest, "access_denied", 65004,
				"User declined to consent to access the app."})
			return
		}
		code := randomToken(32)
		p.mu.Lock()
		p.sweepCodes()
		p.codes[hashKey(code)] = &authCode{
			clientID:    req.clientID,
			redirectURI: req.redirectURI,
			challenge:   req.challenge,
			grant:       req.grant,
			userID:      req.userID,
			expires:     p.now().Add(p.codeTTL),
		}
		p.mu.Unlock()
		v := url.Values{"code": {code}}
		if req.state != "" {
			v.Set("state", req.state)
		}
		deliver(w, r, req.back, req.mode, v)
	})
}

// sweepCodes drops expired codes and tombstones. Callers hold p.mu.
func (p *Provider) sweepCodes() {
	now := p.now()
	for k, c := range p.codes {
		if now.After(c.expires) {
			delete(p.codes, k)
		}
	}
}
