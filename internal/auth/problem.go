package auth

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Problem is what an identity platform refusal says is wrong with the setup,
// decided from its AADSTS error code so the window can name the field to
// fix. The zero value means the code names no setup problem.
type Problem int

// Setup problems, each from the identity platform's error codes.
const (
	ProblemNone              Problem = iota
	ProblemUnknownClient             // AADSTS700016: no app with this client ID in the directory
	ProblemRedirectURI               // AADSTS50011: http://127.0.0.1 is not a redirect URI of the app
	ProblemTenant                    // AADSTS90002: no such tenant
	ProblemAccountNotAllowed         // AADSTS50020, 500200: the account's organisation may not use the app
	ProblemPublicClientFlows         // AADSTS7000218: "Allow public client flows" is off
	ProblemConsent                   // AADSTS65001: nobody consented to the permissions
	ProblemTenantRequired            // AADSTS50194: a single-tenant app signed in to through organizations
)

// problemCodes maps the identity platform's AADSTS numbers to problems.
var problemCodes = map[int]Problem{
	700016:  ProblemUnknownClient,
	50011:   ProblemRedirectURI,
	90002:   ProblemTenant,
	50020:   ProblemAccountNotAllowed,
	500200:  ProblemAccountNotAllowed, // a personal Microsoft account
	50194:   ProblemTenantRequired,
	7000218: ProblemPublicClientFlows,
	65001:   ProblemConsent,
}

// Problem says which part of the setup the refusal points at.
func (e *AuthError) Problem() Problem {
	for _, c := range e.codes() {
		if p, ok := problemCodes[c]; ok {
			return p
		}
	}
	return ProblemNone
}

// codes are the AADSTS numbers of the refusal: the token endpoint's
// error_codes list, or, for an answer that came back through the browser
// (which has only error and error_description), the "AADSTS<n>:" tag the
// platform puts first in the description. That tag is the protocol's code
// field in Entra's format, not prose.
func (e *AuthError) codes() []int {
	if len(e.ErrorCodes) > 0 {
		return e.ErrorCodes
	}
	if n, ok := leadingAADSTS(e.Description); ok {
		return []int{n}
	}
	return nil
}

func leadingAADSTS(s string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "AADSTS")
	if !ok {
		return 0, false
	}
	end := 0
	for end < len(rest) && end < 9 && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(rest[:end])
	return n, err == nil && end > 0
}

// errorCodes reads the error_codes array of a token or devicecode error
// body (Entra's JSON); nil if there is none.
func errorCodes(body []byte) []int {
	var v struct {
		Codes []int `json:"error_codes"`
	}
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	return v.Codes
}

// CheckRegistration asks the identity platform whether it knows the tenant
// and the client ID, without anyone signing in: it requests a device code
// (and drops it). The browser sign-in cannot tell the app: Entra shows an
// unknown client or tenant on its own error page and never sends the
// browser back. A refusal naming the client or the tenant comes back as an
// *AuthError whose Problem says which; a platform that cannot be reached
// is an error too. Any other refusal is left to the sign-in itself (nil):
// it may concern only the device code flow, such as public client flows
// being off, which the browser sign-in does not need.
func (m *Manager) CheckRegistration(ctx context.Context) error {
	_, err := m.oauth.DeviceAuth(withHTTPClient(ctx, m.http))
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	err = tokenError(err)
	var ae *AuthError
	if errors.As(err, &ae) {
		switch ae.Problem() {
		case ProblemUnknownClient, ProblemTenant, ProblemTenantRequired:
			return err
		}
		m.log.Info("sign-in: the registration check was refused for another reason; the sign-in will tell", "error", ae.Code)
		return nil
	}
	return err
}
