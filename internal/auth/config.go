package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/microsoft"

	"printdrop/internal/cloud"
	"printdrop/internal/httpsonly"
	"printdrop/internal/secret"
)

// Defaults for the live Microsoft cloud.
const (
	// DefaultAuthority accepts work and school accounts only: Universal
	// Print refuses personal Microsoft accounts.
	DefaultAuthority = cloud.GlobalAuthority
	// DefaultGraphURL is where /v1.0/me is asked who signed in.
	DefaultGraphURL = cloud.GlobalGraph
	// DefaultTimeout bounds the wait for the browser.
	DefaultTimeout = 5 * time.Minute
	// RequestTimeout bounds each request to the identity platform and to
	// Graph's /me, whole: connect, TLS, headers and body. Both answer in
	// well under a second; a token answer is a few KB (golang.org/x/oauth2
	// reads at most 1 MiB of it, fetchAccount the same).
	RequestTimeout = 30 * time.Second
	// DefaultExpiryDelta refreshes an access token this long before it
	// expires, so a request never leaves with a token that dies in flight.
	DefaultExpiryDelta = time.Minute
	// KeychainService is the OS keychain service name PrintDrop uses for
	// every secret, in the window and on the command line alike.
	KeychainService = "PrintDrop"
)

// DefaultScopes are what PrintDrop asks for: a refresh token, the printer
// shares, the user's own print jobs, and the user's name for display.
var DefaultScopes = []string{"offline_access", "PrinterShare.ReadBasic.All", "PrintJob.ReadWrite", "User.Read"}

// ResponseMode is how the identity platform hands the code back.
type ResponseMode string

const (
	// FormPost (the default) posts the code to the loopback listener, so it
	// never shows in the address bar or the browser history.
	FormPost ResponseMode = "form_post"
	// Query puts the code in the redirect URL's query string.
	Query ResponseMode = "query"
)

// Config describes where and how to sign in. Only ClientID is required.
type Config struct {
	// ClientID is the application (client) ID of a public-client app
	// registration with the redirect URI http://127.0.0.1.
	ClientID string
	// Authority is the identity platform URL ending in the tenant, e.g.
	// DefaultAuthority, a national cloud, or the emulator's AuthorityURL.
	Authority string
	// GraphURL is the Graph host without /v1.0 (DefaultGraphURL if empty).
	GraphURL string
	// Scopes to request; DefaultScopes if nil.
	Scopes []string
	// ResponseMode is FormPost unless set to Query.
	ResponseMode ResponseMode
	// Store keeps the refresh token and the account name. Nil means the OS
	// keychain (KeychainService) with an in-memory fallback; OnNotice then
	// hears once why the sign-in will not outlive this run.
	Store secret.Store
	// OnNotice receives messages the user should read once (keychain
	// unavailable). It may be called from any goroutine.
	OnNotice func(string)
	// Open opens a URL in the user's browser; OpenBrowser if nil.
	Open func(url string) error
	// Timeout bounds the wait for the browser; DefaultTimeout if zero.
	Timeout time.Duration
	// ExpiryDelta refreshes access tokens this early; DefaultExpiryDelta if
	// zero.
	ExpiryDelta time.Duration
	// HTTPClient talks to the token endpoint and /me. Nil means a client
	// with a timeout that refuses redirects (NewHTTPClient).
	HTTPClient *http.Client
	// Logger gets debug and info lines, never a secret. Nil discards.
	Logger *slog.Logger
}

// NewHTTPClient returns the client used for the token endpoint and /me: a
// timeout so a dead network cannot hang a refresh, and no redirects, because
// a 307 or 308 would replay a form holding a code, verifier or refresh token
// (or a bearer header) to another place.
//
// Plain http goes only to this computer (httpsonly), whatever the URL.
func NewHTTPClient(base http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: httpsonly.Transport(base),
		Timeout:   RequestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("the identity platform answered with a redirect, which PrintDrop does not follow for token requests")
		},
	}
}

// Endpoint returns the OAuth endpoints under an authority URL such as
// "https://login.microsoftonline.com/organizations". The client
// authenticates in the request body (public client, no secret), which spares
// the rejected Basic-auth round trip oauth2's auto-detection would cost.
func Endpoint(authority string) (oauth2.Endpoint, error) {
	if authority == "" {
		authority = DefaultAuthority
	}
	u, err := url.Parse(authority)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return oauth2.Endpoint{}, fmt.Errorf("the authority %q is not a URL like %s; check --authority", authority, DefaultAuthority)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return oauth2.Endpoint{}, fmt.Errorf("the authority %q is not a URL like %s; check --authority", authority, DefaultAuthority)
	}
	if err := httpsonly.Check("the authority", u); err != nil {
		return oauth2.Endpoint{}, err
	}
	base := strings.TrimRight(authority, "/")
	if strings.Trim(u.Path, "/") == "" {
		return oauth2.Endpoint{}, fmt.Errorf("the authority %q names no tenant; end it with /organizations or your tenant ID", authority)
	}
	if base == DefaultAuthority {
		ep := microsoft.AzureADEndpoint("organizations")
		ep.AuthStyle = oauth2.AuthStyleInParams
		return ep, nil
	}
	return oauth2.Endpoint{
		AuthURL:       base + "/oauth2/v2.0/authorize",
		TokenURL:      base + "/oauth2/v2.0/token",
		DeviceAuthURL: base + "/oauth2/v2.0/devicecode",
		AuthStyle:     oauth2.AuthStyleInParams,
	}, nil
}

// withHTTPClient hands c to golang.org/x/oauth2 for the calls made with ctx.
func withHTTPClient(ctx context.Context, c *http.Client) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c)
}

// storeKey names the stored refresh token: one sign-in per authority and
// client ID, so the emulator's sign-in never replaces the real one.
func storeKey(kind, authority, clientID string) string {
	return kind + ":" + clientID + "@" + strings.TrimRight(authority, "/")
}
