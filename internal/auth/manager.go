package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/httpsonly"
	"printdrop/internal/secret"
)

// Manager is the one sign-in the window and the commands share.
//
// A typical life:
//
//	m, _ := auth.New(auth.Config{ClientID: id})
//	acct, err := m.Restore(ctx)            // at start; ErrSignInRequired if none
//	if errors.Is(err, auth.ErrSignInRequired) {
//	    acct, err = m.SignIn(ctx, auth.Hooks{ShowURL: showCopyLink})
//	}
//	graph := graphClient(m.TokenSource())   // refreshes and persists rotation
//	...
//	m.SignOut(ctx)
//
// All methods are safe for concurrent use. Only one interactive sign-in runs
// at a time (ErrSignInInProgress).
type Manager struct {
	cfg       Config
	oauth     oauth2.Config // without RedirectURL; each attempt sets its own
	http      *http.Client
	store     secret.Store
	log       *slog.Logger
	open      func(string) error
	rtKey     string
	acctKey   string
	refresher context.Context // carries the HTTP client for token refreshes

	signingIn atomic.Bool

	mu      sync.Mutex // guards src and account
	src     oauth2.TokenSource
	account Account
}

// Hooks let the caller show progress of an interactive sign-in. Every field
// is optional; hooks may be called from any goroutine.
type Hooks struct {
	// ShowURL always receives the sign-in link, before the browser is
	// asked to open it, so the user can copy it if no browser shows up.
	ShowURL func(url string)
	// OpenFailed hears that the browser could not be opened (*OpenError).
	// The wait goes on: the link from ShowURL still works.
	OpenFailed func(err error)
	// ShowDeviceCode receives the code and page for a device-code sign-in.
	ShowDeviceCode func(DeviceCode)
	// AccountChanged hears, before the stored sign-in is replaced, that
	// the sign-in came back as another account than the one stored for
	// this authority and client ID. It may mean the user picked another
	// account, or that someone else completed the sign-in: say so plainly.
	AccountChanged func(previous, now Account)
}

// New checks cfg and returns a Manager that is signed out until Restore or a
// sign-in succeeds.
func New(cfg Config) (*Manager, error) {
	if strings.TrimSpace(cfg.ClientID) == "" {
		return nil, ErrNoClientID
	}
	if cfg.Authority == "" {
		cfg.Authority = DefaultAuthority
	}
	cfg.Authority = strings.TrimRight(cfg.Authority, "/")
	ep, err := Endpoint(cfg.Authority)
	if err != nil {
		return nil, err
	}
	if cfg.GraphURL == "" {
		cfg.GraphURL = DefaultGraphURL
	}
	if err := checkGraphURL(cfg.GraphURL); err != nil {
		return nil, err
	}
	if cfg.Scopes == nil {
		cfg.Scopes = DefaultScopes
	}
	if cfg.ResponseMode == "" {
		cfg.ResponseMode = FormPost
	}
	if cfg.ResponseMode != FormPost && cfg.ResponseMode != Query {
		return nil, fmt.Errorf("unknown response mode %q; use %q or %q", cfg.ResponseMode, FormPost, Query)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.ExpiryDelta <= 0 {
		cfg.ExpiryDelta = DefaultExpiryDelta
	}
	m := &Manager{
		cfg:     cfg,
		oauth:   oauth2.Config{ClientID: cfg.ClientID, Endpoint: ep, Scopes: cfg.Scopes},
		http:    cfg.HTTPClient,
		store:   cfg.Store,
		log:     cfg.Logger,
		open:    cfg.Open,
		rtKey:   storeKey("refresh_token", cfg.Authority, cfg.ClientID),
		acctKey: storeKey("account", cfg.Authority, cfg.ClientID),
	}
	if m.http == nil {
		m.http = NewHTTPClient(nil)
	}
	if m.log == nil {
		m.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if m.open == nil {
		m.open = OpenBrowser
	}
	if m.store == nil {
		m.store = KeychainStore(cfg.OnNotice)
	}
	m.refresher = withHTTPClient(context.Background(), m.http)
	return m, nil
}

// ErrNoClientID means no app registration is configured. Its text is the
// one explanation of it everywhere (the window, send, login, whoami): what
// is missing, the three ways to give it, and where the registration steps
// are.
var ErrNoClientID error = message("PrintDrop needs the application (client) ID of your organization's app registration to sign in. " +
	"Enter it under App registration in the PrintDrop window, pass it with --client-id or PRINTDROP_CLIENT_ID, or ask your administrator to set it for this computer. " +
	"To register the app yourself: in the Microsoft Entra admin center, open App registrations and add one for mobile and desktop applications with the redirect URI http://127.0.0.1 " +
	"(the full steps are in registration.md in PrintDrop's documentation).")

// KeychainStore is the default store: the OS keychain under
// KeychainService, falling back to memory for this run when the keychain
// cannot be used. onNotice (may be nil) hears once why.
func KeychainStore(onNotice func(string)) secret.Store {
	return secret.WithFallback(secret.Keyring(KeychainService), secret.Memory(), func(err error) {
		if onNotice != nil {
			onNotice(KeychainNotice(err))
		}
	})
}

// KeychainNotice is what the user reads when the keychain cannot be used.
func KeychainNotice(err error) string {
	return fmt.Sprintf("Your system keychain is not available (%v), so PrintDrop keeps your sign-in in memory only and will ask you to sign in again next time it starts.", err)
}

func checkGraphURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("the Graph URL %q is not a URL like %s; check --graph-url", raw, DefaultGraphURL)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("the Graph URL %q is not a URL like %s; check --graph-url", raw, DefaultGraphURL)
	}
	return httpsonly.Check("the Graph URL", u)
}

// Config returns the configuration in use, with defaults filled in.
func (m *Manager) Config() Config { return m.cfg }

// TokenSource returns a source of access tokens for Graph that follows this
// Manager: it refreshes when a token is about to expire (ExpiryDelta early),
// stores every rotated refresh token, and returns ErrSignInRequired while
// nobody is signed in or after the platform refused the sign-in. Keep it
// for the life of the app.
func (m *Manager) TokenSource() oauth2.TokenSource { return managerSource{m: m} }

// Account returns who is signed in; ok is false when nobody is.
func (m *Manager) Account() (acct Account, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.account, m.src != nil
}

func (m *Manager) current() oauth2.TokenSource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.src
}

// Restore picks up the sign-in stored by an earlier run. It makes no network
// call when the account's name is stored too; the first token request then
// refreshes. It returns ErrSignInRequired when nothing is stored.
func (m *Manager) Restore(ctx context.Context) (Account, error) {
	rt, err := m.store.Load(m.rtKey)
	if errors.Is(err, secret.ErrNotFound) {
		return Account{}, ErrSignInRequired
	}
	if err != nil {
		return Account{}, fmt.Errorf("could not read the stored sign-in: %w", err)
	}
	src := m.newSource(&oauth2.Token{RefreshToken: rt}, rt)
	acct, stored := m.storedAccount()
	if !stored {
		acct, err = fetchAccount(ctx, m.http, m.cfg.GraphURL, src)
		if err != nil {
			return Account{}, err
		}
		m.saveAccount(acct)
	}
	m.setSignedIn(src, acct)
	m.log.Info("sign-in: restored the stored sign-in")
	return acct, nil
}

// StoredAccount returns the account stored by the last sign-in without
// touching the network (for "whoami"). ok is false when nobody is signed in.
func (m *Manager) StoredAccount() (acct Account, ok bool) {
	if _, err := m.store.Load(m.rtKey); err != nil {
		return Account{}, false
	}
	acct, _ = m.storedAccount()
	return acct, true
}

// FetchAccount asks Graph who is signed in now (refreshing the token if
// needed), stores the answer and returns it. It proves the stored sign-in
// still works.
func (m *Manager) FetchAccount(ctx context.Context) (Account, error) {
	src := m.current()
	if src == nil {
		return Account{}, ErrSignInRequired
	}
	acct, err := fetchAccount(ctx, m.http, m.cfg.GraphURL, src)
	if err != nil {
		return Account{}, err
	}
	m.saveAccount(acct)
	m.mu.Lock()
	if m.src == src {
		m.account = acct
	}
	m.mu.Unlock()
	return acct, nil
}

// SignOut forgets the sign-in: the in-memory tokens and the stored refresh
// token and account. It does not end the browser's session with Microsoft;
// the next sign-in offers to pick an account again (prompt=select_account).
func (m *Manager) SignOut(_ context.Context) error {
	m.mu.Lock()
	m.src, m.account = nil, Account{}
	m.mu.Unlock()
	err1 := m.store.Delete(m.rtKey)
	err2 := m.store.Delete(m.acctKey)
	for _, err := range []error{err1, err2} {
		if err != nil && !errors.Is(err, secret.ErrNotFound) {
			return fmt.Errorf("signed out, but the stored sign-in could not be deleted: %w", err)
		}
	}
	m.log.Info("sign-in: signed out")
	return nil
}

// newSource builds the refreshing, rotation-persisting source around tok.
// savedRT is the refresh token already in the store ("" if none).
func (m *Manager) newSource(tok *oauth2.Token, savedRT string) oauth2.TokenSource {
	p := &persistingSource{
		tok:         tok,
		expiryDelta: m.cfg.ExpiryDelta,
		refresh: func(rt string) (*oauth2.Token, error) {
			// An empty access token makes oauth2 refresh at once.
			return m.oauth.TokenSource(m.refresher, &oauth2.Token{RefreshToken: rt}).Token()
		},
		load:  func() (string, error) { return m.store.Load(m.rtKey) },
		saved: secret.Value(savedRT),
		save:  func(rt string) error { return m.store.Save(m.rtKey, rt) },
		log:   m.log,
		now:   time.Now,
	}
	p.onRefused = func(last secret.Value) { m.onRefused(p, last) }
	return p
}

// onRefused forgets a sign-in the platform refused (invalid_grant), unless a
// newer sign-in has replaced it meanwhile.
func (m *Manager) onRefused(src oauth2.TokenSource, lastSaved secret.Value) {
	m.mu.Lock()
	if m.src == src {
		m.src, m.account = nil, Account{}
	}
	m.mu.Unlock()
	if stored, err := m.store.Load(m.rtKey); err == nil && stored == lastSaved.Reveal() {
		_ = m.store.Delete(m.rtKey)
		_ = m.store.Delete(m.acctKey)
	}
}

func (m *Manager) setSignedIn(src oauth2.TokenSource, acct Account) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.src, m.account = src, acct
}

func (m *Manager) storedAccount() (Account, bool) {
	v, err := m.store.Load(m.acctKey)
	if err != nil {
		return Account{}, false
	}
	var a Account
	if json.Unmarshal([]byte(v), &a) != nil {
		return Account{}, false
	}
	return a, true
}

func (m *Manager) saveAccount(a Account) {
	b, _ := json.Marshal(a)
	if err := m.store.Save(m.acctKey, string(b)); err != nil {
		m.log.Warn("sign-in: could not store the account name", "err", err)
	}
}

// complete turns a fresh token into the signed-in state: the refresh token
// is stored, Graph says who signed in, and that is stored next to it.
func (m *Manager) complete(ctx context.Context, tok *oauth2.Token, hooks Hooks) (Account, error) {
	previous, hadPrevious := m.storedAccount()
	if tok.RefreshToken == "" {
		m.log.Warn("sign-in: no refresh token came back (offline_access not granted?); the sign-in lasts this run only")
	} else if err := m.store.Save(m.rtKey, tok.RefreshToken); err != nil {
		m.log.Warn("sign-in: could not store the refresh token", "err", err)
	}
	src := m.newSource(tok, tok.RefreshToken)
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	acct, err := fetchAccount(ctx, m.http, m.cfg.GraphURL, src)
	if err != nil {
		// The sign-in itself stands; only the name for display is missing.
		m.log.Warn("sign-in: signed in, but could not read the account name", "err", err)
	} else {
		if hadPrevious && !previous.Same(acct) {
			m.log.Warn("sign-in: a different account than the stored one signed in")
			if hooks.AccountChanged != nil {
				hooks.AccountChanged(previous, acct)
			}
		}
		m.saveAccount(acct)
	}
	m.setSignedIn(src, acct)
	m.log.Info("sign-in: signed in", "upn", acct.UPN)
	return acct, nil
}
