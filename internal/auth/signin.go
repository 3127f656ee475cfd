package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"

	"golang.org/x/oauth2"

	"printdrop/internal/secret"
)

// SignIn runs the browser sign-in: it opens a loopback port, shows the link
// (Hooks.ShowURL), asks the browser to open it, and waits for the answer,
// at most Config.Timeout. It returns the signed-in account, or an error:
// ErrCancelled (errors.Is) when the user declined, ErrTimeout, ctx.Err()
// when ctx ends first (a normal quiet path: the caller cancelled), an
// *AuthError for the platform's other refusals. The port is closed before
// SignIn returns, whatever the outcome.
func (m *Manager) SignIn(ctx context.Context, hooks Hooks) (Account, error) {
	if !m.signingIn.CompareAndSwap(false, true) {
		return Account{}, ErrSignInInProgress
	}
	defer m.signingIn.Store(false)
	tok, err := m.browserToken(ctx, hooks)
	if err != nil {
		return Account{}, err
	}
	return m.complete(ctx, tok, hooks)
}

func (m *Manager) browserToken(ctx context.Context, hooks Hooks) (*oauth2.Token, error) {
	state := newState()
	verifier := secret.Value(oauth2.GenerateVerifier())
	lb, err := listenLoopback(state, m.cfg.ResponseMode, m.log)
	if err != nil {
		return nil, err
	}
	defer lb.close()

	conf := m.oauth
	conf.RedirectURL = lb.redirectURL()
	authURL := conf.AuthCodeURL(state.Reveal(),
		oauth2.S256ChallengeOption(verifier.Reveal()),
		oauth2.SetAuthURLParam("prompt", "select_account"),
		oauth2.SetAuthURLParam("response_mode", string(m.cfg.ResponseMode)),
	)
	target := secret.Value(authURL)
	lb.authURL.Store(&target)
	m.log.Info("sign-in: waiting for the browser", "redirect", conf.RedirectURL, "response_mode", string(m.cfg.ResponseMode))

	if hooks.ShowURL != nil {
		hooks.ShowURL(authURL)
	}
	start := lb.startURL()
	go func() {
		// The opener blocks until xdg-open (or the like) exits, so it
		// never runs on the caller's goroutine. It gets the one-time start
		// address, never the authorize URL: an opener's arguments are on
		// its command line, which every local user can read.
		if err := m.open(start); err != nil {
			oe := &OpenError{Err: err}
			m.log.Warn("sign-in: could not open the browser; the link can be copied instead", "err", err)
			if hooks.OpenFailed != nil {
				hooks.OpenFailed(oe)
			}
		}
	}()

	wctx, cancel := context.WithTimeoutCause(ctx, m.cfg.Timeout, ErrTimeout)
	defer cancel()
	select {
	case <-wctx.Done():
		if ctx.Err() != nil {
			m.log.Info("sign-in: stopped waiting (cancelled)")
			return nil, ctx.Err()
		}
		m.log.Info("sign-in: stopped waiting (timed out)")
		return nil, context.Cause(wctx)
	case a := <-lb.answers:
		if a.err != nil {
			a.verdict <- a.err
			m.log.Info("sign-in: the browser brought back an error", "code", authErrorCode(a.err))
			return nil, a.err
		}
		tok, err := conf.Exchange(withHTTPClient(wctx, m.http), a.code.Reveal(), oauth2.VerifierOption(verifier.Reveal()))
		if err != nil {
			err = tokenError(err)
			if ctx.Err() != nil {
				err = ctx.Err()
			}
		}
		a.verdict <- err
		return tok, err
	}
}

// newState returns 32 random bytes, base64url: far beyond the 128 bits RFC
// 8252 asks for, and fresh for every attempt.
func newState() secret.Value {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return secret.Value(base64.RawURLEncoding.EncodeToString(b))
}

func authErrorCode(err error) string {
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}
