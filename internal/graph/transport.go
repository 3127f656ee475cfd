package graph

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// bearerTransport adds the access token to requests for exactly one origin
// (scheme and host, port included). Checking every request, rather than
// trusting http.Client's redirect rules, is what keeps the token off a
// redirect target, a foreign @odata.nextLink, or anything else that is not
// Graph.
type bearerTransport struct {
	origin string // "https://graph.microsoft.com", lower case
	src    oauth2.TokenSource
	base   http.RoundTripper
}

func originOf(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

func (t *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.src == nil || originOf(req.URL) != t.origin {
		if req.Header.Get("Authorization") == "" {
			return t.base.RoundTrip(req)
		}
		// Never forward a token someone else put on a foreign request.
		r := req.Clone(req.Context())
		r.Header.Del("Authorization")
		return t.base.RoundTrip(r)
	}
	tok, err := tokenFor(req.Context(), t.src)
	if err != nil {
		closeBody(req)
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, &TokenError{Err: err}
	}
	r := req.Clone(req.Context()) // RoundTrippers must not modify the caller's request
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return t.base.RoundTrip(r)
}

// closeBody honours the RoundTripper contract of closing the body on error.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// tokenFor asks src for a token but stops waiting when ctx ends:
// oauth2.TokenSource takes no context, and a refresh against an identity
// platform that does not answer would otherwise hold Ctrl+C for as long as
// the sign-in's own request timeout. The refresh goes on in the background
// and its result (a rotated refresh token) is still stored by the source.
func tokenFor(ctx context.Context, src oauth2.TokenSource) (*oauth2.Token, error) {
	type result struct {
		tok *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	go func() {
		tok, err := src.Token()
		done <- result{tok, err}
	}()
	select {
	case r := <-done:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
