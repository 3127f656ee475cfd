package auth

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/secret"
)

// persistingSource hands out access tokens, refreshing them itself so that
// every rotation of the refresh token is saved at once, and so that a
// refresh token another PrintDrop process saved (the window and "printdrop
// send" share the keychain) is used instead of the one this process read
// at start. Refreshing with a token the platform already rotated is a
// reuse, which a strict identity platform (and the emulator) answers by
// revoking the whole sign-in.
type persistingSource struct {
	mu          sync.Mutex    // serialises Token, so one rotation is saved once
	tok         *oauth2.Token // the current token; its access token may have expired
	expiryDelta time.Duration // refresh this long before the access token expires
	refresh     func(rt string) (*oauth2.Token, error)
	load        func() (string, error) // the refresh token in the store now
	saved       secret.Value           // the refresh token last saved or loaded
	spent       map[[32]byte]bool      // hashes of the refresh tokens this source has redeemed
	dead        bool                   // refused with invalid_grant; never retried
	save        func(rt string) error
	onRefused   func(lastSaved secret.Value) // called once, on invalid_grant
	log         *slog.Logger
	now         func() time.Time
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
	if p.fresh() {
		return p.tok, nil
	}
	rt := p.tok.RefreshToken
	if stored, err := p.load(); err == nil && stored != "" && stored != p.saved.Reveal() && !p.spent[sha256.Sum256([]byte(stored))] {
		// Another process rotated the refresh token since we last saw the
		// store: ours is spent, the stored one is current. (A token we
		// redeemed ourselves is in the store only when saving its successor
		// failed; presenting it again would be the reuse we avoid.)
		rt, p.saved = stored, secret.Value(stored)
		p.log.Debug("sign-in: using the refresh token another PrintDrop stored")
	}
	if rt == "" {
		return nil, ErrSignInRequired
	}
	if p.spent == nil {
		p.spent = map[[32]byte]bool{}
	}
	p.spent[sha256.Sum256([]byte(rt))] = true
	t, err := p.refresh(rt)
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
	if t.RefreshToken == "" {
		t.RefreshToken = rt // not rotated: the old one stays valid
	}
	p.tok = t
	if t.RefreshToken != p.saved.Reveal() {
		if err := p.save(t.RefreshToken); err != nil {
			// The token still works for this run; only the next start
			// will need a sign-in.
			p.log.Warn("sign-in: could not store the new refresh token", "err", err)
		}
		p.saved = secret.Value(t.RefreshToken)
		p.log.Debug("sign-in: refresh token rotated and stored")
	}
	return t, nil
}

// fresh reports whether the current access token is usable for a while yet.
func (p *persistingSource) fresh() bool {
	t := p.tok
	if t == nil || t.AccessToken == "" {
		return false
	}
	return t.Expiry.IsZero() || p.now().Add(p.expiryDelta).Before(t.Expiry)
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
			return &AuthError{Code: re.ErrorCode, Description: re.ErrorDescription, ErrorCodes: errorCodes(re.Body)}
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
