package graph

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/cloud"
	"printdrop/internal/httpsonly"
)

// Options configure a Client.
type Options struct {
	// BaseURL is the Graph origin, "https://graph.microsoft.com" (the
	// default), or the emulator's GraphURL. A trailing "/v1.0" or "/beta" is
	// tolerated and dropped.
	BaseURL string
	// Version is the API version for most calls; "" means "v1.0".
	Version string
	// TokenSource gives the bearer for Graph requests. With nil, requests
	// carry no Authorization header (Graph will answer 401).
	TokenSource oauth2.TokenSource
	// Transport is the base round tripper, without any auth; nil means
	// NewTransport().
	Transport http.RoundTripper
	// UserAgent is sent on every request; "" means "PrintDrop".
	UserAgent string
	// Logger receives one debug line per request (never a URL query, token or upload URL).
	Logger *slog.Logger
	// Retry bounds retries; the zero value means the defaults.
	Retry RetryPolicy
	// Timeouts bound each request; the zero value means DefaultTimeouts.
	Timeouts Timeouts
}

// Client talks to Universal Print. It is safe for concurrent use.
type Client struct {
	base     string // origin (+ optional path prefix), no trailing slash
	host     string
	version  string
	api      *http.Client // bearer-scoped
	noFollow *http.Client // bearer-scoped, does not follow redirects
	upload   *http.Client // no token source at all
	ua       string
	log      *slog.Logger
	retry    RetryPolicy
	to       Timeouts
	now      func() time.Time

	mu         sync.Mutex        // guards printerIDs and me
	printerIDs map[string]string // share id -> printer id
	me         *User
}

// New checks o and builds a Client.
func New(o Options) (*Client, error) {
	if o.BaseURL == "" {
		o.BaseURL = cloud.GlobalGraph
	}
	u, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return nil, fmt.Errorf("the Graph URL %q is not an http(s) URL like %s", o.BaseURL, cloud.GlobalGraph)
	}
	if err := httpsonly.Check("the Graph URL", u); err != nil {
		return nil, err
	}
	for _, v := range []string{"/v1.0", "/beta"} {
		u.Path = strings.TrimSuffix(u.Path, v)
	}
	if o.Version == "" {
		o.Version = "v1.0"
	}
	o.Timeouts = o.Timeouts.withDefaults()
	if o.Transport == nil {
		o.Transport = newTransport(o.Timeouts)
	}
	// Every request, redirects and next links included, obeys the one
	// https rule; the bearer transport adds the token inside it.
	o.Transport = httpsonly.Transport(o.Transport)
	if o.UserAgent == "" {
		o.UserAgent = "PrintDrop"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	bt := &bearerTransport{origin: originOf(u), src: o.TokenSource, base: o.Transport}
	return &Client{
		base:     strings.TrimRight(u.String(), "/"),
		host:     u.Host,
		version:  o.Version,
		api:      &http.Client{Transport: bt},
		noFollow: &http.Client{Transport: bt, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		upload:   &http.Client{Transport: o.Transport},
		ua:       o.UserAgent,
		log:      o.Logger,
		retry:    o.Retry.withDefaults(),
		to:       o.Timeouts,
		now:      time.Now,
	}, nil
}

// UploadClient is the HTTP client for upload URLs and download redirects:
// it has no token source, so nothing it sends can carry the bearer.
func (c *Client) UploadClient() *http.Client { return c.upload }

// apiURL joins the base, a version and a path whose dynamic segments the
// caller escaped with seg.
func (c *Client) apiURL(version, path string, q query) string {
	s := c.base + "/" + version + path
	if enc := q.encode(); enc != "" {
		s += "?" + enc
	}
	return s
}

// seg escapes one path segment (ids come from servers and users).
func seg(s string) string { return url.PathEscape(s) }

// query is an ordered list of OData options, encoded the way Graph's own
// docs write them: "$top=2", spaces as %20 rather than "+".
type query [][2]string

func (q query) encode() string {
	var parts []string
	for _, kv := range q {
		if kv[1] == "" {
			continue
		}
		v := strings.ReplaceAll(url.QueryEscape(kv[1]), "+", "%20")
		// Keep OData punctuation readable; these are all legal in a query.
		v = strings.NewReplacer("%24", "$", "%28", "(", "%29", ")", "%2C", ",", "%2F", "/", "%27", "'", "%3D", "=").Replace(v)
		parts = append(parts, kv[0]+"="+v)
	}
	return strings.Join(parts, "&")
}

// newRequestID makes a random RFC 4122 version 4 id for client-request-id.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// call is one logical API call, perhaps sent several times.
type call struct {
	op     string // human words for errors: "list shares"
	method string
	url    string
	in     any // JSON body, or nil
	out    any // decode target for a 2xx body, or nil
	class  retryClass
	header http.Header // extra request headers
	client *http.Client
	// redirect makes a 3xx answer a success (with its headers returned), for
	// the document download that must not follow it with the bearer client.
	redirect bool
	// limit bounds the decoded answer; 0 means maxObjectBody.
	limit int64
}

// do runs a call with the retry policy and returns the successful response's
// headers. The body of a 2xx answer is decoded into cl.out.
func (c *Client) do(ctx context.Context, cl call) (http.Header, error) {
	var body []byte
	if cl.in != nil {
		var err error
		if body, err = json.Marshal(cl.in); err != nil {
			return nil, fmt.Errorf("%s: %w", cl.op, err)
		}
	}
	if cl.client == nil {
		cl.client = c.api
	}
	start := c.now()
	for attempt := 1; ; attempt++ {
		resp, err := c.send(ctx, cl, body)
		var wait time.Duration
		if err != nil {
			err = transportError(ctx, cl.op, hostOf(cl.url), err)
			var ne *NetworkError
			var te *TimeoutError
			if !(errors.As(err, &ne) || errors.As(err, &te)) || !cl.class.network() {
				return nil, err
			}
			wait = c.retry.backoff(attempt)
		} else {
			if cl.redirect && resp.StatusCode >= 300 && resp.StatusCode < 400 {
				resp.Body.Close()
				return resp.Header, nil
			}
			if resp.StatusCode >= 200 && resp.StatusCode < 300 {
				return resp.Header, decodeBody(cl.op, resp, cl.out, cl.limit)
			}
			apiErr := errorFromResponse(cl.op, resp, c.now())
			resp.Body.Close()
			err = apiErr
			if !cl.class.status(apiErr.StatusCode) {
				return nil, err
			}
			var ok bool
			if wait, ok = apiErr.RetryAfter(); !ok {
				wait = c.retry.backoff(attempt)
			}
		}
		if attempt >= c.retry.MaxAttempts || wait > c.retry.MaxDelay || c.now().Sub(start)+wait > c.retry.MaxElapsed {
			return nil, err
		}
		c.log.DebugContext(ctx, "graph: retrying", "op", cl.op, "attempt", attempt, "wait", wait, "reason", err)
		observeRetry(ctx, cl.op, wait, err)
		if serr := sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("%s: %w", cl.op, serr)
		}
	}
}

// send makes one attempt, with a fresh client-request-id.
func (c *Client) send(ctx context.Context, cl call, body []byte) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	h := http.Header{}
	for k, v := range cl.header {
		h[k] = v
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.ua)
	h.Set("client-request-id", newRequestID())
	host := hostOf(cl.url)
	// A JSON body is sent in one write, so the answer deadline runs from
	// the start (roundTrip's stall mode is for streamed uploads).
	resp, err := roundTrip(ctx, cl.client, c.to, exchange{op: cl.op, method: cl.method, url: cl.url, host: host, header: h, body: rd})
	if err == nil {
		c.log.DebugContext(ctx, "graph request", "op", cl.op, "method", cl.method, "host", host,
			"status", resp.StatusCode, "request-id", resp.Header.Get("request-id"))
	}
	return resp, err
}

// decodeBody reads a successful answer of at most limit bytes (0:
// maxObjectBody) into out and closes the body.
func decodeBody(op string, resp *http.Response, out any, limit int64) error {
	defer resp.Body.Close()
	if out == nil || resp.StatusCode == http.StatusNoContent {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		return nil
	}
	if limit <= 0 {
		limit = maxObjectBody
	}
	return decodeJSON(op, resp.Request.URL.Host, resp.Body, limit, out)
}

// hostOf names the server of a URL without anything else from it.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the server"
	}
	return u.Host
}

// get is a retried GET of one object.
func (c *Client) get(ctx context.Context, op, u string, out any) error {
	_, err := c.do(ctx, call{op: op, method: http.MethodGet, url: u, out: out, class: retryRead})
	return err
}

// getPage is a retried GET of one page of a collection.
func (c *Client) getPage(ctx context.Context, op, u string, out any) error {
	_, err := c.do(ctx, call{op: op, method: http.MethodGet, url: u, out: out, class: retryRead, limit: maxPageBody})
	return err
}

// maxPages stops a server that keeps sending next links from looping forever.
const maxPages = 10000

// pages walks a collection, calling fn per page, following @odata.nextLink
// exactly as given.
func pages[T any](ctx context.Context, c *Client, op, first string, fn func([]T) error) error {
	next := first
	seen := map[string]bool{}
	for n := 0; next != ""; n++ {
		if seen[next] || n >= maxPages {
			return fmt.Errorf("%s: the server kept sending the same pages; try again later", op)
		}
		seen[next] = true
		var p page[T]
		if err := c.getPage(ctx, op, next, &p); err != nil {
			return err
		}
		if err := fn(p.Value); err != nil {
			return err
		}
		next = p.NextLink
	}
	return nil
}

// all collects every page of a collection.
func all[T any](ctx context.Context, c *Client, op, first string) ([]T, error) {
	var out []T
	err := pages(ctx, c, op, first, func(v []T) error { out = append(out, v...); return nil })
	return out, err
}
