package auth

import (
	"context"
	"errors"
	"time"

	"golang.org/x/oauth2"
)

// DeviceCode is what the user needs for a device-code sign-in: a page to
// open on any device and a short code to type there. Neither is a
// credential on its own (the device code that is stays inside this package).
type DeviceCode struct {
	UserCode        string
	VerificationURI string
	Expires         time.Time
}

// SignInWithDeviceCode is the fallback for machines with no usable browser
// (RFC 8628): Hooks.ShowDeviceCode receives a code the user types at a page
// on any device, and SignInWithDeviceCode polls until they approve, decline
// (ErrCancelled), the code expires (ErrTimeout) or ctx ends.
//
// Tenant admins can block this flow, and it is a favourite of phishers, so
// the app offers it only when the user asks.
func (m *Manager) SignInWithDeviceCode(ctx context.Context, hooks Hooks) (Account, error) {
	if !m.signingIn.CompareAndSwap(false, true) {
		return Account{}, ErrSignInInProgress
	}
	defer m.signingIn.Store(false)
	hctx := withHTTPClient(ctx, m.http)
	da, err := m.oauth.DeviceAuth(hctx)
	if err != nil {
		if ctx.Err() != nil {
			return Account{}, ctx.Err()
		}
		return Account{}, tokenError(err)
	}
	if hooks.ShowDeviceCode != nil {
		hooks.ShowDeviceCode(DeviceCode{UserCode: da.UserCode, VerificationURI: da.VerificationURI, Expires: da.Expiry})
	}
	m.log.Info("sign-in: waiting for the device code to be approved")
	tok, err := m.oauth.DeviceAccessToken(hctx, da)
	if err != nil {
		if ctx.Err() != nil {
			return Account{}, ctx.Err()
		}
		var re *oauth2.RetrieveError
		// oauth2 stops polling at the code's expiry with DeadlineExceeded.
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &re) && re.ErrorCode == "expired_token") {
			return Account{}, ErrTimeout
		}
		return Account{}, tokenError(err)
	}
	return m.complete(ctx, tok, hooks)
}
