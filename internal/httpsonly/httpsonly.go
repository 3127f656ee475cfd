// Package httpsonly is PrintDrop's one rule for where plain http may go:
// nowhere but this computer. Graph, the identity platform and the upload
// host are reached over https; http is allowed only to loopback hosts
// (127.0.0.0/8, ::1, localhost), where the emulator runs. On any other
// network, plain http lets whoever is on the path read and change what
// travels: the bearer token, sign-in codes, the document and the upload
// URL, which is itself a credential.
//
// Check validates a URL a user or a service gave; Transport enforces the
// same rule on every request, redirects and next links included.
package httpsonly

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// IsLoopbackHost reports whether host (a hostname without port, IPv6
// without brackets) always means this computer: "localhost", any address
// in 127.0.0.0/8, or ::1.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// InsecureError is a plain-http URL to a host that is not this computer.
// It names the host only: the rest of a URL (an upload URL's query) may be
// a credential.
type InsecureError struct {
	What string // what the URL is for: "the Graph URL", "the upload URL"
	Host string // host[:port]
}

func (e *InsecureError) Error() string {
	return fmt.Sprintf("PrintDrop refused to use plain http for %s (http://%s): anyone on that network could read or change what travels in clear text, "+
		"including your sign-in and your documents. Use an https URL; plain http is allowed only to this computer (127.0.0.1, ::1, localhost)", e.What, e.Host)
}

// Check returns an *InsecureError when u is plain http to a host that is
// not loopback, and nil for https and loopback http. Other schemes are the
// caller's to refuse.
func Check(what string, u *url.URL) error {
	if u == nil || !strings.EqualFold(u.Scheme, "http") || IsLoopbackHost(u.Hostname()) {
		return nil
	}
	return &InsecureError{What: what, Host: u.Host}
}

// CheckString is Check for a URL in text; a URL that does not parse is
// not this package's to judge and passes.
func CheckString(what, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	return Check(what, u)
}

// Transport wraps base so that no request leaves over plain http to a
// host that is not loopback, whichever code built it: a redirect, an
// @odata.nextLink or a stored upload URL are refused before a byte is sent.
func Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if _, ok := base.(*transport); ok {
		return base
	}
	return &transport{base: base}
}

type transport struct{ base http.RoundTripper }

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := Check("a request", req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close() // the RoundTripper contract
		}
		return nil, err
	}
	return t.base.RoundTrip(req)
}

// Unwrap gives the wrapped transport, for code that tunes it.
func (t *transport) Unwrap() http.RoundTripper { return t.base }
