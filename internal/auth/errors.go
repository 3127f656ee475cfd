package auth

import "fmt"

// message is an error whose text is one or two complete sentences a window
// or a terminal shows as they are (hence capitalised and punctuated, which
// errors.New strings conventionally are not).
type message string

func (m message) Error() string { return string(m) }

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrCancelled means the user declined: Cancel on the sign-in or
	// consent page, or a denied device code.
	ErrCancelled error = message("Sign-in was cancelled in the browser. Start the sign-in again to try once more.")

	// ErrTimeout means nobody finished the sign-in in the browser in time.
	ErrTimeout error = message("Sign-in timed out: the browser did not come back within the time allowed. Start the sign-in again and finish it in the browser.")

	// ErrSignInRequired means there is no usable sign-in: nothing stored,
	// signed out, or the identity platform refused the stored refresh
	// token (revoked, expired, password changed).
	ErrSignInRequired error = message("You are not signed in, or your sign-in has expired. Sign in again to continue.")

	// ErrSignInInProgress means a second sign-in was started while one
	// is still waiting for the browser.
	ErrSignInInProgress error = message("A sign-in is already waiting for the browser. Finish or cancel it first.")
)

// AuthError is an error the identity platform sent back instead of a code or
// a token (RFC 6749 §4.1.2.1, §5.2). access_denied and authorization_declined
// match ErrCancelled with errors.Is.
type AuthError struct {
	Code        string // e.g. "access_denied", "invalid_scope"
	Description string // the platform's own text, e.g. "AADSTS65004: ..."
	// ErrorCodes are the AADSTS numbers of a token-endpoint refusal (its
	// error_codes); Problem reads them.
	ErrorCodes []int
}

func (e *AuthError) Error() string {
	if e.cancelled() {
		return ErrCancelled.Error()
	}
	msg := fmt.Sprintf("The identity platform refused the sign-in (%s)", e.Code)
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg + ". Check the client ID and authority, then try again."
}

// Is makes errors.Is(err, ErrCancelled) true for a declined sign-in.
func (e *AuthError) Is(target error) bool {
	return target == ErrCancelled && e.cancelled()
}

func (e *AuthError) cancelled() bool {
	return e.Code == "access_denied" || e.Code == "authorization_declined"
}

// OpenError says the browser could not be opened. The sign-in goes on: the
// link shown through Hooks.ShowURL still works when pasted into a browser.
type OpenError struct {
	Err error
}

func (e *OpenError) Error() string {
	return fmt.Sprintf("Could not open a web browser (%v). Copy the sign-in link into a browser on this computer instead.", e.Err)
}

func (e *OpenError) Unwrap() error { return e.Err }

// PortError says no local port could be opened to receive the browser's
// answer, so a browser sign-in cannot start.
type PortError struct {
	Err error
}

func (e *PortError) Error() string {
	return "PrintDrop could not open a local port to receive the sign-in (" + e.Err.Error() + "). Check that nothing blocks 127.0.0.1, or use the device-code sign-in."
}

func (e *PortError) Unwrap() error { return e.Err }
