package emulator

import (
	"errors"
	"net/http"

	"printdrop/internal/emulator/identity"
)

// Scope sets per route, from least to most privileged. A request
// passes when its token holds any one of them.
var (
	scopesMe          = []string{"User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All"}
	scopesShareRead   = []string{"PrinterShare.ReadBasic.All", "PrinterShare.Read.All", "PrinterShare.ReadWrite.All"}
	scopesPrinterRead = []string{"Printer.Read.All", "Printer.ReadWrite.All", "Printer.FullControl.All"}
	scopesJobRead     = []string{"PrintJob.ReadBasic", "PrintJob.Read", "PrintJob.ReadWriteBasic", "PrintJob.ReadWrite",
		"PrintJob.ReadBasic.All", "PrintJob.Read.All", "PrintJob.ReadWriteBasic.All", "PrintJob.ReadWrite.All"}
	scopesJobContent    = []string{"PrintJob.Read", "PrintJob.ReadWrite", "PrintJob.Read.All", "PrintJob.ReadWrite.All"}
	scopesCreateShare   = []string{"PrintJob.ReadWriteBasic", "PrintJob.ReadWrite", "PrintJob.ReadWriteBasic.All", "PrintJob.ReadWrite.All"}
	scopesCreatePrinter = []string{"PrintJob.Create", "PrintJob.ReadWrite", "PrintJob.ReadWrite.All"}
	scopesUploadSession = []string{"PrintJob.Create", "PrintJob.ReadWrite", "PrintJob.ReadWrite.All"}
	scopesStart         = []string{"PrintJob.Create", "PrintJob.ReadWrite", "PrintJob.ReadWrite.All", "PrintJob.ReadWriteBasic", "PrintJob.ReadWriteBasic.All"}
	scopesCancel        = []string{"PrintJob.ReadWriteBasic", "PrintJob.ReadWrite", "PrintJob.ReadWriteBasic.All", "PrintJob.ReadWrite.All"}
	scopesDraftWrite    = []string{"PrintJob.ReadWrite", "PrintJob.ReadWrite.All"}
	scopesDraftRead     = []string{"PrintJob.Read", "PrintJob.ReadWrite", "PrintJob.Read.All", "PrintJob.ReadWrite.All"}
	scopesAllJobs       = []string{"PrintJob.ReadBasic.All", "PrintJob.Read.All", "PrintJob.ReadWriteBasic.All", "PrintJob.ReadWrite.All"}
)

// caller is the authenticated user behind a Graph request.
type caller struct {
	user      *SeedUser
	principal identity.Principal
}

func (c *caller) hasAny(scopes []string) bool {
	for _, sc := range scopes {
		if c.principal.Has(sc) {
			return true
		}
	}
	return false
}

// mayActOn reports whether the caller may see or act on another user's job:
// only printer administrators holding a *.All job scope.
func (c *caller) mayActOn(j *job) bool {
	return j.createdBy.ID == c.user.ID || (c.user.PrinterAdmin && c.hasAny(scopesAllJobs))
}

// authenticate checks the bearer token against the identity platform and
// the scopes against the route's set.
func (s *Server) authenticate(r *http.Request, scopes []string) (*caller, *apiError) {
	pr, err := s.idp.Authenticate(r)
	if err != nil {
		msg := "The access token is not valid. Sign in again to get a new one."
		switch {
		case errors.Is(err, identity.ErrNoToken):
			msg = "Access token is empty."
		case errors.Is(err, identity.ErrExpiredToken):
			msg = "Lifetime validation failed, the token is expired."
		}
		return nil, errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "%s", msg)
	}
	s.mu.Lock()
	u := s.st.user(pr.User.ID)
	s.mu.Unlock()
	if u == nil {
		return nil, errorf(http.StatusUnauthorized, "InvalidAuthenticationToken", "The token's user no longer exists in this tenant. Sign in again.")
	}
	c := &caller{user: u, principal: pr}
	if !c.hasAny(scopes) {
		return nil, s.missingScope()
	}
	return c, nil
}

func adminRequired() *apiError {
	return errorf(http.StatusForbidden, "accessDenied",
		"The signed-in user must be a Printer Administrator to use this route. Use the printer share routes (/print/shares) instead.")
}
