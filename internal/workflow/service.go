package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/auth"
	"printdrop/internal/graph"
	"printdrop/internal/secret"
	"printdrop/internal/upload"
)

// Params build a Service. Only Settings is required (and Settings.ClientID
// unless TokenSource is given).
type Params struct {
	// Settings say where to sign in and print, and how to upload.
	Settings Settings
	// Prefs is where changed settings (the last share) are saved; nil keeps
	// them in memory.
	Prefs Preferences
	// Secrets keeps the refresh token and the upload URLs of interrupted
	// uploads. Nil: the OS keychain with an in-memory fallback.
	Secrets secret.Store
	// TokenSource, when set, is used as is for Graph (an access token from
	// PRINTDROP_ACCESS_TOKEN, tests); the sign-in methods then refuse.
	TokenSource oauth2.TokenSource
	// Auth is the sign-in manager to use; nil builds one from Settings.
	Auth *auth.Manager
	// OpenURL opens the sign-in page in a browser; nil: the system browser.
	OpenURL func(url string) error
	// OnNotice hears messages to show once (the keychain is unavailable).
	OnNotice func(msg string)
	// CheckpointDir keeps interrupted uploads; "" is the user's config dir.
	CheckpointDir string
	// SentJobsFile is the record of jobs this machine sent (see SentJobs);
	// "" keeps it beside the interrupted uploads, "-" keeps none.
	SentJobsFile string
	// Transport is the base HTTP transport for Graph and uploads; nil is
	// http.DefaultTransport.
	Transport http.RoundTripper
	// Logger gets debug lines, never secrets; nil discards.
	Logger *slog.Logger
	// PollEvery is the first delay between job status checks (it backs
	// off to PollMax); defaults 500 ms and 5 s.
	PollEvery, PollMax time.Duration
	// Retry bounds the Graph client's automatic retries; zero: its defaults.
	Retry graph.RetryPolicy
	// ShareCacheDir keeps the last share list per account and authority;
	// "" is DefaultShareCacheDir, "-" keeps nothing on disk.
	ShareCacheDir string
	// Timeouts bound each Graph and upload request; zero:
	// graph.DefaultTimeouts.
	Timeouts graph.Timeouts
	// NoProgressWindow ends an upload when the service acknowledges no new
	// byte for this long (upload.Options.RetryFor); zero: 2 minutes.
	// Tests shorten it.
	NoProgressWindow time.Duration
	// Soffice is LibreOffice's program, for office documents a printer
	// takes only as PDF; "" looks for it (see convert.Options).
	Soffice string
}

// Service runs PrintDrop's use cases. Its methods are safe for concurrent
// use; the ones that talk to the network take a context first.
type Service struct {
	p      Params
	auth   *auth.Manager // nil when Params.TokenSource is used
	tokens oauth2.TokenSource
	graph  *graph.Client
	checks *upload.Checkpoints
	log    *slog.Logger

	mu       sync.Mutex // guards settings and account
	settings Settings
	account  auth.Account

	sentMu sync.Mutex // serializes the record of sent jobs

	cacheMu    sync.Mutex    // guards cached and cachedPath
	cached     *CachedShares // the last complete list, nil until one is known
	cachedPath string        // the file it belongs to (account and authority)

	statuses statusCache
}

// New builds a Service. It makes no network call: call Restore to pick up a
// stored sign-in.
func New(p Params) (*Service, error) {
	if p.Logger == nil {
		p.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if p.Prefs == nil {
		p.Prefs = NewMemoryPreferences()
	}
	if p.PollEvery <= 0 {
		p.PollEvery = 500 * time.Millisecond
	}
	if p.PollMax <= 0 {
		p.PollMax = 5 * time.Second
	}
	if p.Secrets == nil {
		p.Secrets = secret.WithFallback(secret.Keyring(auth.KeychainService), secret.Memory(), func(err error) {
			if p.OnNotice != nil {
				p.OnNotice(fmt.Sprintf("Your system keychain is not available (%v), so PrintDrop keeps your sign-in and "+
					"interrupted uploads in memory only: you will sign in again next time, and an interrupted upload starts over.", err))
			}
		})
	}
	s := &Service{p: p, settings: p.Settings, log: p.Logger}
	switch {
	case p.TokenSource != nil:
		s.tokens = p.TokenSource
	case p.Auth != nil:
		s.auth = p.Auth
	default:
		if p.Settings.ClientID == "" {
			return nil, ErrNoClientID
		}
		m, err := auth.New(auth.Config{
			ClientID:   p.Settings.ClientID,
			Authority:  p.Settings.Authority(),
			GraphURL:   p.Settings.Graph(),
			Store:      p.Secrets,
			OnNotice:   p.OnNotice,
			Open:       p.OpenURL,
			HTTPClient: auth.NewHTTPClient(p.Transport),
			Logger:     p.Logger,
		})
		if err != nil {
			return nil, err
		}
		s.auth = m
	}
	if s.auth != nil {
		s.tokens = s.auth.TokenSource()
	}
	g, err := graph.New(graph.Options{
		BaseURL:     p.Settings.Graph(),
		TokenSource: s.tokens,
		Transport:   p.Transport,
		Logger:      p.Logger,
		Retry:       p.Retry,
		Timeouts:    p.Timeouts,
	})
	if err != nil {
		return nil, err
	}
	s.graph = g
	if p.CheckpointDir != "" {
		s.checks = upload.NewCheckpoints(p.CheckpointDir, p.Secrets)
	} else if s.checks, err = upload.DefaultCheckpoints(p.Secrets); err != nil {
		return nil, err
	}
	return s, nil
}

// Settings returns the settings in use.
func (s *Service) Settings() Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// RememberShare saves id as the last share used, so the next run
// preselects it. It only writes a preference.
func (s *Service) RememberShare(id string) {
	s.mu.Lock()
	changed := s.settings.LastShareID != id
	s.settings.LastShareID = id
	s.mu.Unlock()
	if changed {
		s.p.Prefs.SetString(KeyLastShareID, id)
	}
}

// ErrStaticToken is returned by the sign-in methods when the Service was
// given a fixed token source (PRINTDROP_ACCESS_TOKEN): there is nothing to
// sign in or out of.
var ErrStaticToken = errors.New("PrintDrop is using the access token it was given (PRINTDROP_ACCESS_TOKEN): unset it to sign in")

// Account returns who is signed in; ok is false when nobody is.
func (s *Service) Account() (acct auth.Account, ok bool) {
	if s.auth != nil {
		return s.auth.Account()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.account, s.account != (auth.Account{})
}

// Restore picks up the stored sign-in, or with a fixed token asks Graph who
// it belongs to. It returns an error matching auth.ErrSignInRequired when
// nobody is signed in.
func (s *Service) Restore(ctx context.Context) (auth.Account, error) {
	if s.auth != nil {
		return s.auth.Restore(ctx)
	}
	me, err := s.graph.Me(ctx)
	if err != nil {
		return auth.Account{}, err
	}
	acct := auth.Account{ID: me.ID, Name: me.DisplayName, UPN: me.UserPrincipalName}
	s.mu.Lock()
	s.account = acct
	s.mu.Unlock()
	return acct, nil
}

// SignIn signs in through the browser; hooks show the link (to copy) and
// report a browser that would not open.
func (s *Service) SignIn(ctx context.Context, hooks auth.Hooks) (auth.Account, error) {
	if s.auth == nil {
		return auth.Account{}, ErrStaticToken
	}
	return s.auth.SignIn(ctx, hooks)
}

// SignInWithDeviceCode signs in with a code typed on another device;
// hooks.ShowDeviceCode receives it.
func (s *Service) SignInWithDeviceCode(ctx context.Context, hooks auth.Hooks) (auth.Account, error) {
	if s.auth == nil {
		return auth.Account{}, ErrStaticToken
	}
	return s.auth.SignInWithDeviceCode(ctx, hooks)
}

// CheckRegistration asks the identity platform whether the client ID and
// the tenant exist (auth.Manager.CheckRegistration). With a token given
// from outside there is nothing to check.
func (s *Service) CheckRegistration(ctx context.Context) error {
	if s.auth == nil {
		return nil
	}
	return s.auth.CheckRegistration(ctx)
}

// SignOut forgets the sign-in.
func (s *Service) SignOut(ctx context.Context) error {
	if s.auth == nil {
		return ErrStaticToken
	}
	s.ForgetShares()
	return s.auth.SignOut(ctx)
}
