package workflow

import (
	"errors"

	"printdrop/internal/auth"
)

// explainAuth explains sign-in errors from internal/auth.
func explainAuth(err error) (Explanation, bool) {
	var authErr *auth.AuthError
	var openErr *auth.OpenError
	switch {
	case errors.Is(err, auth.ErrNoClientID):
		return Explanation{Headline: "PrintDrop is not connected to your organization yet", NextStep: auth.ErrNoClientID.Error()}, true
	case errors.Is(err, auth.ErrCancelled):
		return Explanation{Headline: "Sign-in was cancelled", NextStep: "Click Sign in to try again."}, true
	case errors.Is(err, auth.ErrTimeout):
		return Explanation{Headline: "Sign-in timed out", NextStep: "Click Sign in again and finish signing in in the browser."}, true
	case errors.Is(err, auth.ErrSignInRequired):
		return Explanation{Headline: "Your session expired", NextStep: "Sign in again."}, true
	case errors.Is(err, auth.ErrSignInInProgress):
		return Explanation{Headline: "A sign-in is already waiting for the browser", NextStep: "Finish it in the browser, or cancel it first."}, true
	case errors.As(err, &authErr):
		return Explanation{Headline: "The sign-in was refused", NextStep: "Check the client ID and the tenant in the settings, then sign in again."}, true
	case errors.As(err, &openErr):
		return Explanation{Headline: "No web browser could be opened", NextStep: "Copy the sign-in link into a browser on this computer."}, true
	}
	return Explanation{}, false
}
