package identity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Errors from Authenticate; the emulator answers all of them with 401
// InvalidAuthenticationToken, but tests and logs can tell them apart.
var (
	ErrNoToken      = errors.New("identity: no bearer token in the Authorization header")
	ErrInvalidToken = errors.New("identity: the bearer token is not one this identity platform issued")
	ErrExpiredToken = errors.New("identity: the bearer token has expired")
)

// Errors from Issue.
var (
	ErrUnknownUser  = errors.New("identity: no such user")
	ErrUnknownScope = errors.New("identity: unknown scope")
)

// Principal is who an access token speaks for.
type Principal struct {
	User     User
	Scopes   []string // short Graph names, e.g. "PrintJob.ReadWrite"
	ClientID string
}

// Has reports whether the token carries scope (short name, case-insensitive).
func (pr Principal) Has(scope string) bool {
	return slices.ContainsFunc(pr.Scopes, func(s string) bool { return strings.EqualFold(s, scope) })
}

type accessToken struct {
	userID   string
	scopes   []string
	clientID string
	family   string // refresh family it came from; "" for Issue and no-offline grants
	expires  time.Time
}

type refreshToken struct {
	userID   string
	grant    grant
	clientID string
	family   string
	expires  time.Time
	rotated  bool // already exchanged: presenting it again is reuse
}

// randomToken returns n random bytes as base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashKey is how secrets are kept in maps: a leaked dump of the maps (or a
// debugger session) shows no usable token.
func hashKey(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newGUID returns a random version-4 UUID, used for trace and family ids.
func newGUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// expiresIn is the wire value of a lifetime, rounded up so a sub-second test
// TTL never becomes 0 (which x/oauth2 reads as "never expires").
func expiresIn(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// mintAccess stores and returns a new access token. Callers hold p.mu.
func (p *Provider) mintAccess(userID, clientID, family string, scopes []string) string {
	tok := randomToken(32)
	p.access[hashKey(tok)] = &accessToken{
		userID:   userID,
		scopes:   append([]string(nil), scopes...),
		clientID: clientID,
		family:   family,
		expires:  p.now().Add(p.tokenTTL),
	}
	p.stats.TokensIssued++
	return tok
}

// mintRefresh stores and returns a new refresh token in family (a new family
// when ""). Callers hold p.mu.
func (p *Provider) mintRefresh(userID, clientID, family string, g grant) string {
	if family == "" {
		family = newGUID()
	}
	tok := randomToken(48)
	p.refresh[hashKey(tok)] = &refreshToken{
		userID:   userID,
		grant:    g,
		clientID: clientID,
		family:   family,
		expires:  p.now().Add(refreshTokenTTL),
	}
	return tok
}

// revokeFamily ends a sign-in: its refresh tokens stop working (they are
// kept, marked by the family, so a later attempt gets the "revoked" error
// rather than "unknown") and its access tokens are forgotten. Callers hold
// p.mu.
func (p *Provider) revokeFamily(family string) {
	p.revoked[family] = true
	for k, t := range p.access {
		if t.family == family {
			delete(p.access, k)
		}
	}
}

// Issue mints an access token directly, without any sign-in, for the
// emulator's control API and for tests. user is a UPN or an object id; ""
// means the first user. Scopes may be short or fully qualified Graph names.
func (p *Provider) Issue(user string, scopes []string) (token string, expiresInSeconds int, err error) {
	names, bad := normaliseScopes(scopes)
	if bad != "" {
		return "", 0, fmt.Errorf("%w %q: use a Graph permission such as PrintJob.ReadWrite", ErrUnknownScope, bad)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.findUser(user)
	if !ok {
		return "", 0, fmt.Errorf("%w %q: pass the UPN or object id of a seeded user", ErrUnknownUser, user)
	}
	return p.mintAccess(u.ID, p.clientID, "", names), expiresIn(p.tokenTTL), nil
}

// Authenticate checks the request's "Authorization: Bearer" header. Errors
// satisfy errors.Is with ErrNoToken, ErrInvalidToken or ErrExpiredToken.
func (p *Provider) Authenticate(r *http.Request) (Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return Principal{}, ErrNoToken
	}
	scheme, tok, ok := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return Principal{}, fmt.Errorf("%w: the Authorization header is not of the form \"Bearer <token>\"", ErrInvalidToken)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t, ok := p.access[hashKey(tok)]
	if !ok {
		return Principal{}, ErrInvalidToken
	}
	if !p.now().Before(t.expires) {
		return Principal{}, ErrExpiredToken
	}
	u, ok := p.findUserByID(t.userID)
	if !ok {
		return Principal{}, fmt.Errorf("%w: its user no longer exists", ErrInvalidToken)
	}
	return Principal{User: u, Scopes: append([]string(nil), t.scopes...), ClientID: t.clientID}, nil
}
