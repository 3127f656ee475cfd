package workflow

import (
	"errors"
	"fmt"

	"printdrop/internal/auth"
	"printdrop/internal/say"
)

// explainAuth explains sign-in errors from internal/auth.
func explainAuth(err error) (Explanation, bool) {
	var authErr *auth.AuthError
	var openErr *auth.OpenError
	var portErr *auth.PortError
	switch {
	case errors.Is(err, auth.ErrNoClientID):
		return Explanation{Headline: say.T("PrintDrop is not connected to your organization yet"), NextStep: say.T(auth.ErrNoClientID.Error())}, true
	case errors.Is(err, auth.ErrCancelled):
		return Explanation{Headline: say.T("Sign-in was cancelled"), NextStep: say.T("Click Sign in to try again.")}, true
	case errors.Is(err, auth.ErrTimeout):
		return Explanation{Headline: say.T("Sign-in timed out"), NextStep: say.T("Click Sign in again and finish signing in in the browser.")}, true
	case errors.Is(err, auth.ErrSignInRequired):
		return Explanation{Headline: say.T("Your session expired"), NextStep: say.T("Sign in again.")}, true
	case errors.Is(err, auth.ErrSignInInProgress):
		return Explanation{Headline: say.T("A sign-in is already waiting for the browser"), NextStep: say.T("Finish it in the browser, or cancel it first.")}, true
	case errors.As(err, &authErr) && authErr.Problem() != auth.ProblemNone:
		return problemExplanation(authErr.Problem()), true
	case errors.As(err, &authErr):
		return Explanation{Headline: say.T("The sign-in was refused"), NextStep: say.T("Check the client ID and the tenant in the settings, then sign in again.")}, true
	case errors.As(err, &portErr):
		return Explanation{Headline: say.T("PrintDrop could not open a local port to receive the sign-in ({{.Cause}})", say.Args{"Cause": portErr.Err}),
			NextStep: say.T("Check that nothing blocks 127.0.0.1, or use the device-code sign-in.")}, true
	case errors.As(err, &openErr):
		return Explanation{Headline: say.T("No web browser could be opened"), NextStep: say.T("Copy the sign-in link into a browser on this computer.")}, true
	}
	return Explanation{}, false
}

// problemExplanations say, for each setup problem the identity platform
// reports, which part of the setup is wrong and how to fix it. "App
// registration…" is the window's settings entry; the command line's
// equivalents are in docs/registration.md.
// problemExplanation is the explanation of p in the user's language (the
// table is English: it is made before a translator is installed).
func problemExplanation(p auth.Problem) Explanation {
	x := problemExplanations[p]
	x.Headline, x.NextStep = say.T(x.Headline), say.T(x.NextStep)
	return x
}

var problemExplanations = map[auth.Problem]Explanation{
	auth.ProblemUnknownClient: {
		Headline: "The application (client) ID is not known to your organization",
		NextStep: "Check the client ID under App registration…: it is the Application (client) ID on the app's Overview page in the Microsoft Entra admin center, in the tenant you sign in to.",
	},
	auth.ProblemRedirectURI: {
		Headline: "The app registration does not accept PrintDrop's sign-in address",
		NextStep: "In the Microsoft Entra admin center, add the redirect URI http://127.0.0.1 under the app's Authentication, Mobile and desktop applications, then sign in again.",
	},
	auth.ProblemTenant: {
		Headline: "The tenant was not found",
		NextStep: "Check the tenant under App registration…: use your organization's domain (such as contoso.onmicrosoft.com) or its tenant ID, or leave it empty for any work or school account.",
	},
	auth.ProblemAccountNotAllowed: {
		Headline: "Your account's organization may not use this app registration",
		NextStep: "Sign in with a work or school account of the organization that registered the app, or ask its administrator to let your organization in (a multitenant registration, or a guest invitation).",
	},
	auth.ProblemPublicClientFlows: {
		Headline: "Signing in with a code is turned off for this app registration",
		NextStep: "Sign in through the browser instead, or ask your administrator to turn on Allow public client flows under the app's Authentication.",
	},
	auth.ProblemTenantRequired: {
		Headline: "This app registration is for one organization only, so PrintDrop needs its tenant",
		NextStep: "Enter your organization's domain (such as contoso.onmicrosoft.com) or tenant ID as the tenant under App registration…, then sign in again.",
	},
	auth.ProblemConsent: {
		Headline: "Nobody has approved PrintDrop's permissions in your organization yet",
		NextStep: "Sign in again and accept the permissions PrintDrop asks for, or ask your administrator to grant consent for PrinterShare.ReadBasic.All, PrintJob.ReadWrite and User.Read on the app registration.",
	},
}

// BrowserErrorHint says what the codes mean that Entra shows only on its
// own page, never sending them back to the app: the window shows it while
// the browser sign-in after the setup form is under way.
func BrowserErrorHint() string {
	hint := say.T("If the browser shows an error code instead:")
	for _, c := range []struct {
		code int
		p    auth.Problem
	}{{50011, auth.ProblemRedirectURI}, {50020, auth.ProblemAccountNotAllowed}, {700016, auth.ProblemUnknownClient}} {
		x := problemExplanation(c.p)
		hint += fmt.Sprintf(" AADSTS%d: %s. %s", c.code, x.Headline, x.NextStep)
	}
	return hint
}
