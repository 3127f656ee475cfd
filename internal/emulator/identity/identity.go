// Package identity is the emulator's stand-in for the Microsoft identity
// platform (Entra ID v2 endpoints): authorization code with PKCE through a
// plain sign-in and consent page, refresh-token rotation, the device code
// flow, and opaque bearer tokens that the emulator's Graph routes check with
// Authenticate.
//
// It is deliberately strict where a real client could get away with a bug
// against Entra: PKCE S256 is required, codes are single-use, and replaying a
// refresh token that has already been rotated revokes the whole token family.
// It imports only the standard library; the emulator shares no code with the
// client packages, so a bug cannot hide on both sides at once.
package identity

import (
	"net/url"
	"strings"
	"sync"
	"time"
)

// User is an account that can sign in.
type User struct {
	ID           string // object id (GUID), the token's subject
	UPN          string // user principal name, what the user types to sign in
	DisplayName  string
	Password     string
	PrinterAdmin bool // holds the Printer Administrator role
	// HomeTenant is the directory the account belongs to; "" is the
	// emulator's own. The registered app is single-tenant, so an account
	// of another directory is refused after its password with AADSTS50020
	// on the platform's own page, as Entra does (the app never hears of it).
	HomeTenant string
}

// Options configure a Provider. Zero values have sensible defaults.
type Options struct {
	Users    []User
	ClientID string // the one registered public client
	TenantID string // accepted in paths besides "organizations" and "common"

	AccessTokenTTL time.Duration // 0 = 1h
	CodeTTL        time.Duration // 0 = 10m

	// ShowDemoCredentials makes the sign-in page show the first user's UPN
	// and password, for the --demo mode where nobody knows them.
	ShowDemoCredentials bool

	// AppName is what the consent page says is asking; "" = "PrintDrop".
	AppName string

	Now func() time.Time // nil = time.Now; tests move the clock with it
}

// Lifetimes that Options do not expose: they match Entra's defaults closely
// enough that no test needs to change them.
const (
	refreshTokenTTL = 90 * 24 * time.Hour
	pendingTTL      = 15 * time.Minute // a sign-in page left open
	deviceCodeTTL   = 900 * time.Second
	deviceInterval  = 1 // seconds; Entra says 5, tests want speed
)

// Provider is an in-memory identity platform. It is safe for concurrent use.
type Provider struct {
	clientID string
	tenantID string
	appName  string
	showDemo bool
	now      func() time.Time
	tokenTTL time.Duration
	codeTTL  time.Duration

	mu       sync.Mutex
	users    []User
	pending  map[string]*pendingRequest // by random id in the forms
	codes    map[string]*authCode       // by sha256 of the code
	access   map[string]*accessToken    // by sha256 of the token
	refresh  map[string]*refreshToken   // by sha256 of the token
	revoked  map[string]bool            // refresh-token families revoked on reuse
	devices  map[string]*deviceGrant    // by sha256 of the device code
	userCode map[string]string          // user code -> device key
	stats    Stats
	lastAuth url.Values
}

// Stats counts what clients did, so tests can assert on behaviour the
// client hides (for example "no token request after Cancel").
type Stats struct {
	AuthorizeRequests  int // GET authorize, valid or not
	SignIns            int // correct passwords
	FailedSignIns      int // wrong user name or password
	Consents           int // Accept pressed
	Declines           int // Cancel pressed (sign-in or device flow)
	TokenRequests      int // every POST to the token endpoint
	CodeRedemptions    int // authorization codes exchanged for tokens
	Refreshes          int // successful refresh-token grants
	DeviceCodeRequests int // POST devicecode
	DevicePolls        int // device_code grant requests
	InvalidClient      int // token requests refused for a secret or Basic auth
	PKCEFailures       int // code_verifier missing or wrong
	RefreshReuse       int // rotated refresh tokens presented again
	TokensIssued       int // access tokens minted, by any grant or Issue
}

// New returns a Provider for opts.
func New(opts Options) *Provider {
	p := &Provider{
		clientID: opts.ClientID,
		tenantID: opts.TenantID,
		appName:  opts.AppName,
		showDemo: opts.ShowDemoCredentials,
		now:      opts.Now,
		tokenTTL: opts.AccessTokenTTL,
		codeTTL:  opts.CodeTTL,
		pending:  map[string]*pendingRequest{},
		codes:    map[string]*authCode{},
		access:   map[string]*accessToken{},
		refresh:  map[string]*refreshToken{},
		revoked:  map[string]bool{},
		devices:  map[string]*deviceGrant{},
		userCode: map[string]string{},
	}
	if p.appName == "" {
		p.appName = "PrintDrop"
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.tokenTTL <= 0 {
		p.tokenTTL = time.Hour
	}
	if p.codeTTL <= 0 {
		p.codeTTL = 10 * time.Minute
	}
	p.SetUsers(opts.Users)
	return p
}

// SetUsers replaces the accounts. Tokens of users that no longer exist stop
// authenticating; tokens of users that remain keep working.
func (p *Provider) SetUsers(users []User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users = append([]User(nil), users...)
}

// Stats returns a snapshot of the counters.
func (p *Provider) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// LastAuthorizeQuery returns the query of the most recent authorize request
// (nil before the first), so tests can check what a client asked for, such
// as code_challenge_method=S256 or response_mode.
func (p *Provider) LastAuthorizeQuery() url.Values {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastAuth == nil {
		return nil
	}
	q := url.Values{}
	for k, v := range p.lastAuth {
		q[k] = append([]string(nil), v...)
	}
	return q
}

// ExpireAccessTokens makes every access token issued so far expired, so a
// test can force a client to refresh without waiting.
func (p *Provider) ExpireAccessTokens() {
	p.mu.Lock()
	defer p.mu.Unlock()
	past := p.now().Add(-time.Second)
	for _, t := range p.access {
		t.expires = past
	}
}

// findUser resolves a UPN (case-insensitive, as Entra does) or an object id;
// "" means the first user. Callers hold p.mu.
func (p *Provider) findUser(name string) (User, bool) {
	if name == "" {
		if len(p.users) == 0 {
			return User{}, false
		}
		return p.users[0], true
	}
	for _, u := range p.users {
		if strings.EqualFold(u.UPN, name) || u.ID == name {
			return u, true
		}
	}
	return User{}, false
}

// validTenant reports whether the path segment names this directory.
func (p *Provider) validTenant(t string) bool {
	switch strings.ToLower(t) {
	case "organizations", "common":
		return true
	}
	return p.tenantID != "" && strings.EqualFold(t, p.tenantID)
}
