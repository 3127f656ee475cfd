package auth

import (
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// emulatorManager signs in against the emulator with a memory store unless
// cfg says otherwise.
func emulatorManager(t *testing.T, info emulator.Info, cfg Config) *Manager {
	t.Helper()
	cfg.ClientID = info.ClientID
	cfg.Authority = info.AuthorityURL
	cfg.GraphURL = info.GraphURL
	if cfg.Store == nil {
		cfg.Store = memoryStore()
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// requestsTo counts the emulator's logged requests whose path ends in
// suffix (e.g. "/oauth2/v2.0/token").
func requestsTo(t *testing.T, emu *emutest.Env, method, suffix string) int {
	t.Helper()
	n := 0
	for _, r := range emu.For(t).Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// httpUser is a browser without a browser: net/http with a cookie jar,
// reading forms with a regexp. It follows redirects into the app's loopback
// listener and submits the form_post page the way its script would.
type httpUser struct {
	t        *testing.T
	c        *http.Client
	upn, pw  string
	decision string // "accept" or "cancel"
}

func newHTTPUser(t *testing.T, info emulator.Info, decision string) *httpUser {
	jar, _ := cookiejar.New(nil)
	return &httpUser{t: t, c: &http.Client{Jar: jar, Timeout: 30 * time.Second},
		upn: info.DemoUser, pw: info.DemoPassword, decision: decision}
}

type webPage struct {
	status int
	url    *url.URL
	body   string
}

var (
	formRe   = regexp.MustCompile(`(?s)<form method="post"[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

func (u *httpUser) do(req *http.Request) (webPage, error) {
	resp, err := u.c.Do(req)
	if err != nil {
		return webPage{}, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return webPage{resp.StatusCode, resp.Request.URL, string(b)}, nil
}

func (u *httpUser) submit(p webPage, fields map[string]string) (webPage, error) {
	m := formRe.FindStringSubmatch(p.body)
	if m == nil {
		return webPage{}, &pageError{"no form", p}
	}
	v := url.Values{}
	for _, h := range hiddenRe.FindAllStringSubmatch(m[2], -1) {
		v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	for k, val := range fields {
		v.Set(k, val)
	}
	action, err := p.url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		return webPage{}, err
	}
	req, _ := http.NewRequest(http.MethodPost, action.String(), strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return u.do(req)
}

type pageError struct {
	what string
	p    webPage
}

func (e *pageError) Error() string { return e.what + " on " + e.p.url.Path + ": " + e.p.body }

// signIn drives authorize -> sign-in -> consent -> the app's page and
// returns the page the app's listener showed.
func (u *httpUser) signIn(authURL string) (webPage, error) {
	req, _ := http.NewRequest(http.MethodGet, authURL, nil)
	p, err := u.do(req)
	if err != nil {
		return p, err
	}
	return u.finish(p)
}

// finish goes on from a sign-in page (username/password) to the end.
func (u *httpUser) finish(p webPage) (webPage, error) {
	if !strings.Contains(p.body, `id="signin"`) {
		return p, &pageError{"no sign-in form", p}
	}
	p, err := u.submit(p, map[string]string{"username": u.upn, "password": u.pw})
	if err != nil {
		return p, err
	}
	if !strings.Contains(p.body, `id="accept"`) {
		return p, &pageError{"no consent page", p}
	}
	p, err = u.submit(p, map[string]string{"decision": u.decision})
	if err != nil {
		return p, err
	}
	if strings.Contains(p.body, `id="response"`) { // form_post: the page would submit itself
		return u.submit(p, nil)
	}
	return p, nil
}

// opener returns an Open func that hands the URL to this user, as a
// browser would; the page the app showed arrives on pages.
func (u *httpUser) opener(pages chan<- webPage) func(string) error {
	return func(link string) error {
		go func() {
			p, err := u.signIn(link)
			if err != nil {
				u.t.Errorf("http user: %v", err)
			}
			pages <- p
		}()
		return nil
	}
}

// approveDevice enters the user code on /devicelogin and finishes there.
func (u *httpUser) approveDevice(dc DeviceCode) (webPage, error) {
	req, _ := http.NewRequest(http.MethodGet, dc.VerificationURI, nil)
	p, err := u.do(req)
	if err != nil {
		return p, err
	}
	if !strings.Contains(p.body, `id="code"`) {
		return p, &pageError{"no code field", p}
	}
	p, err = u.submit(p, map[string]string{"code": dc.UserCode})
	if err != nil {
		return p, err
	}
	return u.finish(p)
}

// bufferLogger logs everything, debug included, into a buffer.
func bufferLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
