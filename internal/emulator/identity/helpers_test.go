package identity

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

const (
	testClient = "5b1c7a2e-8f3d-4c55-9d0a-2f6e4b7c9a11"
	testTenant = "0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f"
)

var (
	ana = User{ID: "11111111-1111-4111-8111-111111111111", UPN: "ana@contoso.example", DisplayName: "Ana Example", Password: "correct horse"}
	bob = User{ID: "22222222-2222-4222-8222-222222222222", UPN: "bob@contoso.example", DisplayName: "Bob Admin", Password: "battery staple", PrinterAdmin: true}
)

// clock is a settable Now hook.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a Provider served over real HTTP on 127.0.0.1, plus the app's
// loopback redirect target that records what the browser delivered.
type env struct {
	t    *testing.T
	p    *Provider
	idp  *httptest.Server
	app  *httptest.Server
	clk  *clock
	conf oauth2.Config

	mu        sync.Mutex
	callbacks []callback
}

type callback struct {
	method string
	query  string // raw query of the callback URL
	params url.Values
}

func newEnv(t *testing.T, mutate func(*Options)) *env {
	t.Helper()
	e := &env{t: t, clk: &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}}
	opts := Options{Users: []User{ana, bob}, ClientID: testClient, TenantID: testTenant, Now: e.clk.Now}
	if mutate != nil {
		mutate(&opts)
	}
	e.p = New(opts)
	e.idp = httptest.NewServer(e.p.Handler())
	t.Cleanup(e.idp.Close)
	e.app = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		params := r.Form
		if r.Method == http.MethodPost {
			params = r.PostForm
		}
		e.mu.Lock()
		e.callbacks = append(e.callbacks, callback{r.Method, r.URL.RawQuery, params})
		e.mu.Unlock()
		_, _ = io.WriteString(w, "Signed in")
	}))
	t.Cleanup(e.app.Close)
	base := e.idp.URL + "/organizations/oauth2/v2.0/"
	e.conf = oauth2.Config{
		ClientID: testClient,
		Endpoint: oauth2.Endpoint{
			AuthURL: base + "authorize", TokenURL: base + "token", DeviceAuthURL: base + "devicecode",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: e.app.URL + "/callback",
		Scopes:      []string{"offline_access", "https://graph.microsoft.com/PrinterShare.ReadBasic.All", "PrintJob.ReadWrite", "User.Read"},
	}
	return e
}

func (e *env) lastCallback() callback {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.callbacks) == 0 {
		e.t.Fatal("the app's redirect URI was never called")
	}
	return e.callbacks[len(e.callbacks)-1]
}

func (e *env) callbackCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.callbacks)
}

// page is what the plain HTTP "user" sees.
type page struct {
	status int
	url    *url.URL
	header http.Header
	body   string
}

// user is a browser without a browser: net/http with a cookie jar that
// follows redirects, reads forms with a regexp and submits them.
type user struct {
	t *testing.T
	c *http.Client
}

func newUser(t *testing.T) *user {
	jar, _ := cookiejar.New(nil)
	return &user{t: t, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// noRedirectClient stops at the first response, to see a 302 itself.
func noRedirectClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

func (u *user) do(req *http.Request) page {
	u.t.Helper()
	resp, err := u.c.Do(req)
	if err != nil {
		u.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Request.URL, resp.Header, string(b)}
}

func (u *user) get(rawURL string) page {
	req, _ := http.NewRequest(http.MethodGet, rawURL, nil)
	return u.do(req)
}

var (
	formRe   = regexp.MustCompile(`(?s)<form method="post"[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

// submit fills the page's form: hidden fields, then fields, then the button
// (name=value) if given, and posts it to the form's action.
func (u *user) submit(p page, fields map[string]string, button ...string) page {
	u.t.Helper()
	m := formRe.FindStringSubmatch(p.body)
	if m == nil {
		u.t.Fatalf("no form on the page (status %d): %s", p.status, p.body)
	}
	v := url.Values{}
	for _, h := range hiddenRe.FindAllStringSubmatch(m[2], -1) {
		v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	for k, val := range fields {
		v.Set(k, val)
	}
	if len(button) == 2 {
		v.Set(button[0], button[1])
	}
	action, err := p.url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		u.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, action.String(), strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return u.do(req)
}

// signIn drives the whole browser part: sign-in page, password, consent.
func (u *user) signIn(authURL string, who User, decision string) page {
	u.t.Helper()
	p := u.get(authURL)
	if !strings.Contains(p.body, `id="signin"`) {
		u.t.Fatalf("authorize did not show the sign-in page (status %d): %s", p.status, p.body)
	}
	p = u.submit(p, map[string]string{"username": who.UPN, "password": who.Password})
	if !strings.Contains(p.body, `id="accept"`) {
		u.t.Fatalf("sign-in did not lead to consent (status %d): %s", p.status, p.body)
	}
	return u.submit(p, nil, "decision", decision)
}

// postForm sends a raw token-endpoint style request.
func postForm(t *testing.T, target string, v url.Values, mutate ...func(*http.Request)) (int, http.Header, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, m := range mutate {
		m(req)
	}
	resp, err := noRedirectClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("POST %s: status %d, body is not JSON: %v", target, resp.StatusCode, err)
	}
	return resp.StatusCode, resp.Header, body
}

func (e *env) tokenURL() string { return e.conf.Endpoint.TokenURL }

// authCode runs a query-mode sign-in and returns the code and the verifier.
func (e *env) authCode(opts ...oauth2.AuthCodeOption) (code, verifier string) {
	e.t.Helper()
	verifier = oauth2.GenerateVerifier()
	opts = append(opts, oauth2.S256ChallengeOption(verifier))
	p := newUser(e.t).signIn(e.conf.AuthCodeURL("st-1", opts...), ana, "accept")
	if p.status != http.StatusOK {
		e.t.Fatalf("callback status %d", p.status)
	}
	code = e.lastCallback().params.Get("code")
	if code == "" {
		e.t.Fatalf("no code delivered: %+v", e.lastCallback())
	}
	return code, verifier
}

// redeem posts an authorization_code grant.
func (e *env) redeem(code, verifier string) (int, map[string]any) {
	e.t.Helper()
	st, _, body := postForm(e.t, e.tokenURL(), url.Values{
		"grant_type": {"authorization_code"}, "client_id": {testClient}, "code": {code},
		"redirect_uri": {e.conf.RedirectURL}, "code_verifier": {verifier},
	})
	return st, body
}

func (e *env) refresh(rt string) (int, map[string]any) {
	e.t.Helper()
	st, _, body := postForm(e.t, e.tokenURL(), url.Values{
		"grant_type": {"refresh_token"}, "client_id": {testClient}, "refresh_token": {rt},
	})
	return st, body
}

// bearer builds a request carrying an Authorization header.
func bearer(h string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/v1.0/me", nil)
	if h != "" {
		r.Header.Set("Authorization", h)
	}
	return r
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }
