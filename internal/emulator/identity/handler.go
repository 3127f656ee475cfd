package identity

import (
	"net/http"
)

// Handler serves the identity platform's routes, relative to the host root:
//
//	GET  /{tenant}/oauth2/v2.0/authorize   sign-in page (POST: its form steps)
//	POST /{tenant}/oauth2/v2.0/token       code, refresh and device grants
//	POST /{tenant}/oauth2/v2.0/devicecode  start a device flow
//	GET  /devicelogin                      the device flow's "Enter code" page
//
// {tenant} is "organizations", "common" or the TenantID. The sign-in and
// consent forms post back to the page's own path, so mounting just these
// paths (or the prefixes "/{tenant}/oauth2/v2.0/" and "/devicelogin") is
// enough.
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/oauth2/v2.0/authorize", p.onAuthorize)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/authorize", p.onAuthorizePost)
	mux.HandleFunc("/{tenant}/oauth2/v2.0/token", p.onToken)
	mux.HandleFunc("/{tenant}/oauth2/v2.0/devicecode", p.onDeviceCode)
	mux.HandleFunc("GET /devicelogin", p.onDeviceLoginPage)
	mux.HandleFunc("POST /devicelogin", p.onDeviceLoginPost)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		renderMessage(w, http.StatusNotFound, "Page not found.", "The identity platform has no page at this address.", nil)
	})
	return mux
}

// onAuthorizePost receives the sign-in and consent forms.
func (p *Provider) onAuthorizePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		renderMessage(w, http.StatusBadRequest, "Sorry, something went wrong.", "The form could not be read. Try again.", nil)
		return
	}
	p.onAuthorizeStep(w, r)
}
