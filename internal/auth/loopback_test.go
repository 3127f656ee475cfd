package auth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// noRedirectClient never follows redirects, so each status is the
// listener's own.
var noRedirectClient = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func send(t *testing.T, method, target, host string, form url.Values) (int, string, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if host != "" {
		req.Host = host
	}
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func noAnswerYet(t *testing.T, lb *loopback, after string) {
	t.Helper()
	select {
	case a := <-lb.answers:
		t.Fatalf("after %s the wait ended with %+v; a refused request must not end it", after, a.err)
	default:
	}
	if lb.handled.Load() {
		t.Fatalf("after %s the listener counts the sign-in as handled", after)
	}
}

// TestLoopbackFormPostRefusesStraysThenTakesFirstAnswer sends the listener
// every kind of request that must not end the wait, then the real answer,
// then a replay of it.
func TestLoopbackFormPostRefusesStraysThenTakesFirstAnswer(t *testing.T) {
	t.Parallel()
	state := newState()
	lb, err := listenLoopback(state, FormPost, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	cb := lb.redirectURL()
	port := lb.host[strings.LastIndex(lb.host, ":")+1:]
	good := url.Values{"state": {state.Reveal()}, "code": {"the-code"}}

	strays := []struct {
		name, method, target, host string
		form                       url.Values
		want                       int
	}{
		{"wrong state", "POST", cb, "", url.Values{"state": {"forged"}, "code": {"x"}}, 400},
		{"missing state", "POST", cb, "", url.Values{"code": {"x"}}, 400},
		{"state of another attempt", "POST", cb, "", url.Values{"state": {newState().Reveal()}, "code": {"x"}}, 400},
		{"error without state", "POST", cb, "", url.Values{"error": {"access_denied"}}, 400},
		{"wrong Host (DNS rebinding)", "POST", cb, "evil.example:" + port, good, 421},
		{"localhost Host", "POST", cb, "localhost:" + port, good, 421},
		{"wrong path", "POST", strings.Replace(cb, "/callback", "/other", 1), "", good, 404},
		{"GET on a form_post callback", "GET", cb + "?" + good.Encode(), "", nil, 405},
		{"state in the query of a POST", "POST", cb + "?" + good.Encode(), "", url.Values{}, 400},
		{"body over 64 KiB", "POST", cb, "", url.Values{"state": {state.Reveal()}, "code": {strings.Repeat("x", 70<<10)}}, 413},
	}
	for _, s := range strays {
		status, body, h := send(t, s.method, s.target, s.host, s.form)
		if status != s.want {
			t.Errorf("%s: status %d, want %d", s.name, status, s.want)
		}
		if strings.Contains(body, state.Reveal()) {
			t.Errorf("%s: the page echoes the state", s.name)
		}
		if s.want == 405 && h.Get("Allow") != "POST" {
			t.Errorf("%s: Allow %q, want POST", s.name, h.Get("Allow"))
		}
		if s.want == 405 && !strings.Contains(body, "post") {
			t.Errorf("%s: the 405 page does not explain why: %q", s.name, body)
		}
		noAnswerYet(t, lb, s.name)
	}

	type result struct {
		status int
		body   string
		h      http.Header
	}
	first := make(chan result, 1)
	go func() {
		status, body, h := send(t, "POST", cb, "", good)
		first <- result{status, body, h}
	}()
	var a answer
	select {
	case a = <-lb.answers:
	case <-time.After(10 * time.Second):
		t.Fatal("the real answer did not reach the waiter")
	}
	if a.err != nil || a.code.Reveal() != "the-code" {
		t.Fatalf("answer = %v, %q", a.err, a.code.Reveal())
	}
	// While the exchange is in progress a replay of the same answer is refused.
	if status, _, _ := send(t, "POST", cb, "", good); status != http.StatusConflict {
		t.Errorf("second answer: status %d, want 409", status)
	}
	a.verdict <- nil
	r := <-first
	if r.status != 200 || !strings.Contains(r.body, "You are signed in") {
		t.Fatalf("first answer: %d %q", r.status, r.body)
	}
	if strings.Contains(r.body, "the-code") {
		t.Error("the success page shows the code")
	}
	for k, want := range map[string]string{
		"Cache-Control":          "no-store",
		"Referrer-Policy":        "no-referrer",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := r.h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if csp := r.h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if status, _, _ := send(t, "POST", cb, "", good); status != http.StatusConflict {
		t.Errorf("answer after the verdict: status %d, want 409", status)
	}
}

func TestLoopbackQueryModeAcceptsGETOnly(t *testing.T) {
	t.Parallel()
	state := newState()
	lb, err := listenLoopback(state, Query, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	q := url.Values{"state": {state.Reveal()}, "error": {"access_denied"}, "error_description": {"AADSTS65004: declined"}}
	if status, _, h := send(t, "POST", lb.redirectURL(), "", q); status != 405 || h.Get("Allow") != "GET" {
		t.Fatalf("POST in query mode: %d Allow=%q, want 405 GET", status, h.Get("Allow"))
	}
	noAnswerYet(t, lb, "a POST in query mode")
	done := make(chan string, 1)
	go func() {
		_, body, _ := send(t, "GET", lb.redirectURL()+"?"+q.Encode(), "", nil)
		done <- body
	}()
	a := <-lb.answers
	if !errors.Is(a.err, ErrCancelled) {
		t.Fatalf("access_denied gave %v, want ErrCancelled", a.err)
	}
	if !strings.Contains(a.err.Error(), "cancelled") {
		t.Fatalf("message %q does not say cancelled", a.err)
	}
	a.verdict <- a.err
	if body := <-done; !strings.Contains(body, "Sign-in cancelled") {
		t.Fatalf("page after cancel: %q", body)
	}
}

// TestLoopbackCloseEndsHeldRequest shows that a page held while the code is
// exchanged is answered when the wait stops, and the port closes.
func TestLoopbackCloseEndsHeldRequest(t *testing.T) {
	t.Parallel()
	state := newState()
	lb, err := listenLoopback(state, FormPost, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() {
		status, _, _ := send(t, "POST", lb.redirectURL(), "", url.Values{"state": {state.Reveal()}, "code": {"c"}})
		done <- status
	}()
	<-lb.answers // taken, but no verdict ever comes
	lb.close()
	if status := <-done; status != http.StatusServiceUnavailable {
		t.Fatalf("held request got %d, want 503 (stopped waiting)", status)
	}
	assertPortClosed(t, lb.host)
}

func assertPortClosed(t *testing.T, hostport string) {
	t.Helper()
	c, err := net.DialTimeout("tcp4", hostport, 2*time.Second)
	if err == nil {
		c.Close()
		t.Fatalf("%s still accepts connections after the sign-in ended", hostport)
	}
}

// redirectPort pulls the loopback address out of an authorize URL.
func redirectHost(t *testing.T, authURL string) string {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(u.Query().Get("redirect_uri"))
	if err != nil || r.Hostname() != "127.0.0.1" || r.Path != "/callback" {
		t.Fatalf("redirect_uri %q is not http://127.0.0.1:<port>/callback", u.Query().Get("redirect_uri"))
	}
	return r.Host
}

// offlineManager never reaches a token endpoint: the tests using it end
// before any exchange.
func offlineManager(t *testing.T, cfg Config) *Manager {
	t.Helper()
	cfg.ClientID = "00000000-0000-0000-0000-000000000001"
	cfg.Authority = "http://127.0.0.1:1/organizations"
	cfg.Logger = discardLogger()
	if cfg.Store == nil {
		cfg.Store = memoryStore()
	}
	if cfg.Open == nil {
		cfg.Open = func(string) error { return nil }
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSignInCancelClosesThePort(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	hosts := make(chan string, 1)
	m := offlineManager(t, Config{})
	errc := make(chan error, 1)
	go func() {
		_, err := m.SignIn(ctx, Hooks{ShowURL: func(u string) { hosts <- redirectHost(t, u) }})
		errc <- err
	}()
	host := <-hosts
	if c, err := net.Dial("tcp4", host); err != nil {
		t.Fatalf("the port is not open while waiting: %v", err)
	} else {
		c.Close()
	}
	cancel()
	err := <-errc
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("SignIn after cancel = %v, want context.Canceled", err)
	}
	assertPortClosed(t, host)
	if _, ok := m.Account(); ok {
		t.Fatal("signed in after a cancelled sign-in")
	}
}

func TestSignInTimeoutClosesThePort(t *testing.T) {
	t.Parallel()
	hosts := make(chan string, 1)
	m := offlineManager(t, Config{Timeout: 300 * time.Millisecond})
	_, err := m.SignIn(context.Background(), Hooks{ShowURL: func(u string) { hosts <- redirectHost(t, u) }})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("SignIn = %v, want ErrTimeout", err)
	}
	if !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("message %q", err)
	}
	assertPortClosed(t, <-hosts)
}

// TestOpenerFailureKeepsWaiting: when no browser opens, the user is told
// and the copied link still completes (here: the user declines).
func TestOpenerFailureKeepsWaiting(t *testing.T) {
	t.Parallel()
	openErr := errors.New(`exec: "xdg-open": executable file not found in $PATH`)
	failed := make(chan error, 1)
	links := make(chan string, 1)
	m := offlineManager(t, Config{Open: func(string) error { return openErr }})
	errc := make(chan error, 1)
	go func() {
		_, err := m.SignIn(context.Background(), Hooks{
			ShowURL:    func(u string) { links <- u },
			OpenFailed: func(err error) { failed <- err },
		})
		errc <- err
	}()
	link := <-links
	got := <-failed
	var oe *OpenError
	if !errors.As(got, &oe) || !errors.Is(got, openErr) || !strings.Contains(got.Error(), "Copy the sign-in link") {
		t.Fatalf("OpenFailed got %v", got)
	}
	// The "user" pastes the link into a browser and declines there.
	u, _ := url.Parse(link)
	form := url.Values{"state": {u.Query().Get("state")}, "error": {"access_denied"}}
	if status, _, _ := send(t, "POST", u.Query().Get("redirect_uri"), "", form); status != 200 {
		t.Fatalf("callback status %d", status)
	}
	if err := <-errc; !errors.Is(err, ErrCancelled) {
		t.Fatalf("SignIn = %v, want ErrCancelled", err)
	}
}

func TestSecondSignInWhileWaitingIsRefused(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	shown := make(chan struct{})
	m := offlineManager(t, Config{})
	go func() { _, _ = m.SignIn(ctx, Hooks{ShowURL: func(string) { close(shown) }}) }()
	<-shown
	if _, err := m.SignIn(ctx, Hooks{}); !errors.Is(err, ErrSignInInProgress) {
		t.Fatalf("second SignIn = %v, want ErrSignInInProgress", err)
	}
}

// TestAuthorizeURL checks what the browser is sent: PKCE S256, a fresh
// 256-bit state per attempt, prompt and response_mode, the scopes.
func TestAuthorizeURL(t *testing.T) {
	t.Parallel()
	for _, mode := range []ResponseMode{FormPost, Query} {
		links := make(chan string, 2)
		m := offlineManager(t, Config{Timeout: 50 * time.Millisecond, ResponseMode: mode})
		for range 2 {
			_, _ = m.SignIn(context.Background(), Hooks{ShowURL: func(u string) { links <- u }})
		}
		a, _ := url.Parse(<-links)
		b, _ := url.Parse(<-links)
		q := a.Query()
		checks := map[string]string{
			"response_type":         "code",
			"code_challenge_method": "S256",
			"prompt":                "select_account",
			"response_mode":         string(mode),
			"client_id":             "00000000-0000-0000-0000-000000000001",
			"scope":                 "offline_access PrinterShare.ReadBasic.All PrintJob.ReadWrite User.Read",
		}
		for k, want := range checks {
			if got := q.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", mode, k, got, want)
			}
		}
		if len(q.Get("state")) != 43 || len(q.Get("code_challenge")) != 43 {
			t.Errorf("%s: state %d chars, challenge %d chars; want 43 (32 bytes)", mode, len(q.Get("state")), len(q.Get("code_challenge")))
		}
		if q.Get("state") == b.Query().Get("state") || q.Get("code_challenge") == b.Query().Get("code_challenge") {
			t.Errorf("%s: two attempts share a state or a verifier", mode)
		}
		if a.Path != "/organizations/oauth2/v2.0/authorize" {
			t.Errorf("%s: path %q", mode, a.Path)
		}
	}
}

// TestBrowserOpensAOneTimeStartLink: the opener gets a loopback address
// that holds nothing secret and redirects, once, to the authorize URL; a
// second opening is refused.
func TestBrowserOpensAOneTimeStartLink(t *testing.T) {
	t.Parallel()
	opened := make(chan string, 1)
	shown := make(chan string, 1)
	m := offlineManager(t, Config{Open: func(u string) error { opened <- u; return nil }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _, _ = m.SignIn(ctx, Hooks{ShowURL: func(u string) { shown <- u }}) }()
	authURL, start := <-shown, <-opened
	u, err := url.Parse(start)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || !strings.HasPrefix(u.Path, "/start/") || len(u.Path) < len("/start/")+43 ||
		u.RawQuery != "" || strings.Contains(start, "state") || strings.Contains(start, "challenge") {
		t.Fatalf("the browser was opened on %q; want a bare one-time loopback address", start)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != authURL || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("start answered %d to %q; want 302 to the authorize URL", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = noFollow.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusGone || resp.Header.Get("Location") != "" || strings.Contains(string(body), "state=") {
		t.Fatalf("second opening answered %d (Location %q); want 410 and no authorize URL", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A guessed start path is just not found.
	resp, err = noFollow.Get("http://" + u.Host + "/start/guess")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a wrong start path answered %d", resp.StatusCode)
	}
}
