package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"golang.org/x/oauth2"
)

// persistingSource saves the refresh token every time the identity platform
// rotates it. golang.org/x/oauth2's refresher switches to a new refresh
// token internally but tells nobody; without this wrapper the keychain would
// keep a token Entra no longer prefers (and the emulator revokes).
type persistingSource struct {
	mu        sync.Mutex // serialises Token, so one rotation is saved once
	inner     oauth2.TokenSource
	saved     Secret // the refresh token last handed to save
	dead      bool   // refused with invalid_grant; never retried
	save      func(rt string) error
	onRefused func(lastSaved Secret) // called once, on invalid_grant
	log       *slog.Logger
}

// Token returns a valid access token, refreshing it when needed. On
// invalid_grant it forgets the sign-in for good and returns an error that
// matches ErrSignInRequired.
func (p *persistingSource) Token() (*oauth2.Token, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dead {
		return nil, ErrSignInRequired
	}
	t, err := p.inner.Token()
	if err != nil {
		if isInvalidGrant(err) {
			p.dead = true
			p.log.Info("sign-in: the identity platform refused the stored sign-in; signing out")
			if p.onRefused != nil {
				p.onRefused(p.saved)
			}
			return nil, ErrSignInRequired
		}
		return nil, tokenError(err)
	}
	if t.RefreshToken != "" && t.RefreshToken != p.saved.Reveal() {
		if err := p.save(t.RefreshToken); err != nil {
			// The token still works for this run; only the next start
			// will need a sign-in.
			p.log.Warn("sign-in: could not store the new refresh token", "err", err)
		}
		p.saved = Secret(t.RefreshToken)
		p.log.Debug("sign-in: refresh token rotated and stored")
	}
	return t, nil
}

func isInvalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}

// tokenError turns the identity platform's answer into an AuthError, whose
// message carries the platform's code and description but not the raw
// response body oauth2.RetrieveError prints.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.ErrorCode != "" {
			return &AuthError{Code: re.ErrorCode, Description: re.ErrorDescription}
		}
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		return fmt.Errorf("the identity platform's token endpoint answered HTTP %d; try again later", status)
	}
	return fmt.Errorf("could not reach the identity platform's token endpoint: %w", err)
}

// managerSource is the TokenSource Manager hands out: it follows sign-in and
// sign-out, so a caller can keep it for the life of the app.
type managerSource struct{ m *Manager }

func (s managerSource) Token() (*oauth2.Token, error) {
	src := s.m.current()
	if src == nil {
		return nil, ErrSignInRequired
	}
	return src.Token()
}
