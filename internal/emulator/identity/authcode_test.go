package identity

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// The query-mode flow, driven the way the real app drives it: x/oauth2 builds
// the URL and exchanges the code; a plain HTTP user signs in and consents.
func TestQueryFlowEndsInToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	verifier := oauth2.GenerateVerifier()
	authURL := e.conf.AuthCodeURL("state-123", oauth2.S256ChallengeOption(verifier))
	p := newUser(t).signIn(authURL, ana, "accept")
	if p.status != http.StatusOK || p.body != "Signed in" || p.url.Path != "/callback" {
		t.Fatalf("browser ended on %s with %d %q, want the app's callback", p.url.Path, p.status, p.body)
	}
	cb := e.lastCallback()
	if cb.method != http.MethodGet || cb.params.Get("state") != "state-123" || cb.params.Get("code") == "" {
		t.Fatalf("callback = %s state=%q code present=%v", cb.method, cb.params.Get("state"), cb.params.Get("code") != "")
	}
	tok, err := e.conf.Exchange(context.Background(), cb.params.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tok.TokenType != "Bearer" || tok.AccessToken == "" || tok.RefreshToken == "" || tok.ExpiresIn != 3600 {
		t.Fatalf("token type %q, access %v, refresh %v, expires_in %d", tok.TokenType, tok.AccessToken != "", tok.RefreshToken != "", tok.ExpiresIn)
	}
	if got := tok.Extra("scope"); got != "PrinterShare.ReadBasic.All PrintJob.ReadWrite User.Read" {
		t.Errorf("scope = %q, want the short Graph names without offline_access", got)
	}
	if tok.Extra("ext_expires_in") == nil {
		t.Error("ext_expires_in missing")
	}
	if len(tok.AccessToken) < 43 {
		t.Errorf("access token has %d chars, want >= 43 (32 random bytes)", len(tok.AccessToken))
	}
	pr, err := e.p.Authenticate(bearer("Bearer " + tok.AccessToken))
	if err != nil {
		t.Fatal(err)
	}
	if pr.User.UPN != ana.UPN || pr.ClientID != testClient || !pr.Has("printjob.readwrite") || !pr.Has("User.Read") || pr.Has("Printer.Read.All") {
		t.Fatalf("principal = %+v", pr)
	}
	s := e.p.Stats()
	if s.AuthorizeRequests != 1 || s.SignIns != 1 || s.Consents != 1 || s.TokenRequests != 1 || s.CodeRedemptions != 1 || s.InvalidClient != 0 {
		t.Fatalf("stats = %+v", s)
	}
	q := e.p.LastAuthorizeQuery()
	if q.Get("code_challenge_method") != "S256" || q.Get("state") != "state-123" {
		t.Fatalf("LastAuthorizeQuery = %v", q)
	}
}

// form_post: the browser POSTs the code to the app; the app's URL carries
// nothing, so the code stays out of history.
func TestFormPostFlowEndsInToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	verifier := oauth2.GenerateVerifier()
	authURL := e.conf.AuthCodeURL("st-fp", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("response_mode", "form_post"))
	u := newUser(t)
	p := u.signIn(authURL, ana, "accept")
	if p.status != http.StatusOK || !strings.Contains(p.body, `id="response"`) {
		t.Fatalf("consent did not give the auto-submitting form: %d %s", p.status, p.body)
	}
	if csp := p.header.Get("Content-Security-Policy"); strings.Contains(csp, "form-action") || !strings.Contains(csp, "script-src 'sha256-") {
		t.Fatalf("form_post CSP = %q: needs a script hash and no form-action", csp)
	}
	if e.callbackCount() != 0 {
		t.Fatal("the app was called before the form was submitted")
	}
	p = u.submit(p, nil)
	if p.body != "Signed in" {
		t.Fatalf("submit ended with %d %q", p.status, p.body)
	}
	cb := e.lastCallback()
	if cb.method != http.MethodPost || cb.query != "" || cb.params.Get("state") != "st-fp" {
		t.Fatalf("callback %s query=%q state=%q", cb.method, cb.query, cb.params.Get("state"))
	}
	if _, err := e.conf.Exchange(context.Background(), cb.params.Get("code"), oauth2.VerifierOption(verifier)); err != nil {
		t.Fatal(err)
	}
}

func TestCancelGivesAccessDenied(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	authURL := e.conf.AuthCodeURL("st-c", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	newUser(t).signIn(authURL, ana, "cancel")
	cb := e.lastCallback()
	if cb.params.Get("error") != "access_denied" || !strings.HasPrefix(cb.params.Get("error_description"), "AADSTS65004") ||
		cb.params.Get("state") != "st-c" || cb.params.Has("code") {
		t.Fatalf("callback params = %v", cb.params)
	}
	if s := e.p.Stats(); s.Declines != 1 || s.Consents != 0 || len(e.p.codes) != 0 {
		t.Fatalf("stats %+v, %d codes stored", s, len(e.p.codes))
	}
}

func TestWrongPasswordShowsTheFormAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	u := newUser(t)
	p := u.get(e.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()),
		oauth2.SetAuthURLParam("login_hint", "ana@contoso.example")))
	if !strings.Contains(p.body, `value="ana@contoso.example"`) {
		t.Fatal("login_hint did not prefill the user name")
	}
	for _, creds := range []map[string]string{
		{"username": ana.UPN, "password": "wrong"},
		{"username": "nobody@contoso.example", "password": ana.Password},
		{"username": "", "password": ""},
		{"username": ana.UPN, "password": bob.Password},
	} {
		p = u.submit(p, creds)
		if p.status != http.StatusOK || !strings.Contains(p.body, `id="error"`) || !strings.Contains(p.body, `id="signin"`) || p.url.Host != e.idp.Listener.Addr().String() {
			t.Fatalf("wrong credentials %q: %d at %s", creds["username"], p.status, p.url)
		}
	}
	if e.callbackCount() != 0 {
		t.Fatal("wrong password redirected to the app")
	}
	p = u.submit(p, map[string]string{"username": "ANA@contoso.example", "password": ana.Password})
	if !strings.Contains(p.body, `id="accept"`) {
		t.Fatal("right password (UPN in another case) did not reach consent")
	}
	if s := e.p.Stats(); s.FailedSignIns != 4 || s.SignIns != 1 {
		t.Fatalf("stats %+v", s)
	}
}

func TestWrongVerifierSpendsTheCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	code, verifier := e.authCode()
	st, body := e.redeem(code, oauth2.GenerateVerifier())
	if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" || !strings.HasPrefix(str(body, "error_description"), "AADSTS501481:") {
		t.Fatalf("wrong verifier: %d %v", st, body)
	}
	st, body = e.redeem(code, verifier)
	if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" || !strings.HasPrefix(str(body, "error_description"), "AADSTS54005:") {
		t.Fatalf("the code survived a wrong verifier: %d %v", st, body)
	}
	if s := e.p.Stats(); s.PKCEFailures != 1 || s.CodeRedemptions != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestCodeIsSingleUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	code, verifier := e.authCode()
	if st, body := e.redeem(code, verifier); st != http.StatusOK {
		t.Fatalf("first redemption: %d %v", st, body)
	}
	st, body := e.redeem(code, verifier)
	if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" {
		t.Fatalf("second redemption: %d %v", st, body)
	}
	if st, body := e.redeem("made-up", verifier); st != http.StatusBadRequest || str(body, "error") != "invalid_grant" {
		t.Fatalf("unknown code: %d %v", st, body)
	}
}

func TestCodeExchangeChecks(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(v url.Values)
		aadsts string
	}{
		{"redirect_uri mismatch", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.1:1/other") }, "AADSTS500117:"},
		{"redirect_uri other port", func(v url.Values) {
			v.Set("redirect_uri", strings.Replace(v.Get("redirect_uri"), "127.0.0.1:", "127.0.0.1:1", 1))
		}, "AADSTS500117:"},
		{"no verifier", func(v url.Values) { v.Del("code_verifier") }, "AADSTS9002325:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			code, verifier := e.authCode()
			v := url.Values{"grant_type": {"authorization_code"}, "client_id": {testClient}, "code": {code},
				"redirect_uri": {e.conf.RedirectURL}, "code_verifier": {verifier}}
			c.mutate(v)
			st, _, body := postForm(t, e.tokenURL(), v)
			if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" || !strings.HasPrefix(str(body, "error_description"), c.aadsts) {
				t.Fatalf("%d %v", st, body)
			}
			if st, _ := e.redeem(code, verifier); st != http.StatusBadRequest {
				t.Fatal("the code survived a failed exchange")
			}
		})
	}
}

func TestCodeExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.CodeTTL = 30 * time.Second })
	code, verifier := e.authCode()
	e.clk.Advance(31 * time.Second)
	st, body := e.redeem(code, verifier)
	if st != http.StatusBadRequest || !strings.HasPrefix(str(body, "error_description"), "AADSTS70008:") {
		t.Fatalf("%d %v", st, body)
	}
}

// The hidden field is only a handle: the redirect URI comes from the server,
// so a forged or replayed form cannot send a code anywhere.
func TestFormsCannotBeForgedOrReplayed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	action := e.idp.URL + "/organizations/oauth2/v2.0/authorize"
	st, _ := postAndStatus(t, action, url.Values{"req": {"forged"}, "step": {"consent"}, "decision": {"accept"},
		"redirect_uri": {"http://127.0.0.1:1/steal"}})
	if st != http.StatusBadRequest {
		t.Fatalf("forged request id: status %d", st)
	}
	// Consent before the password is refused.
	u := newUser(t)
	p := u.get(e.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	p2 := u.submit(page{status: p.status, url: p.url, body: strings.Replace(p.body, `value="login"`, `value="consent"`, 1)}, nil, "decision", "accept")
	if p2.status != http.StatusBadRequest || e.callbackCount() != 0 {
		t.Fatalf("consent without sign-in: status %d, callbacks %d", p2.status, e.callbackCount())
	}
	// A decision is final: posting the consent form again does nothing.
	p = u.submit(p, map[string]string{"username": ana.UPN, "password": ana.Password})
	consent := p
	u.submit(consent, nil, "decision", "accept")
	again := u.submit(consent, nil, "decision", "accept")
	if again.status != http.StatusBadRequest || e.callbackCount() != 1 {
		t.Fatalf("replayed consent: status %d, callbacks %d", again.status, e.callbackCount())
	}
}

func postAndStatus(t *testing.T, target string, v url.Values) (int, string) {
	t.Helper()
	resp, err := noRedirectClient().PostForm(target, v)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestPagesAreSelfContainedAndLockedDown(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.ShowDemoCredentials = true })
	u := newUser(t)
	p := u.get(e.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	for _, want := range []string{"<title>Sign in to your account</title>", `id="username"`, `id="password"`, `id="signin"`,
		"Demo account: ana@contoso.example / correct horse"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("sign-in page lacks %q", want)
		}
	}
	checkHeaders(t, "sign-in", p.header)
	for _, bad := range []string{"src=", "href=", "<link", "@import", "url("} {
		if strings.Contains(p.body, bad) {
			t.Errorf("sign-in page references an external asset (%q)", bad)
		}
	}
	p = u.submit(p, map[string]string{"username": ana.UPN, "password": ana.Password})
	checkHeaders(t, "consent", p.header)
	for _, want := range []string{`id="accept"`, `id="cancel"`, "Read and update your print jobs and their documents",
		"Read basic information about printer shares", "Sign you in and read your profile", "Maintain access to data"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("consent page lacks %q", want)
		}
	}
	// Without the option there is no demo box.
	plain := newEnv(t, nil)
	p = newUser(t).get(plain.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	if strings.Contains(p.body, "Demo account") || strings.Contains(p.body, ana.Password) {
		t.Error("the password is shown without ShowDemoCredentials")
	}
}

func checkHeaders(t *testing.T, name string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "form-action") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: CSP %q", name, csp)
	}
	for k, v := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"} {
		if h.Get(k) != v {
			t.Errorf("%s: %s = %q, want %q", name, k, h.Get(k), v)
		}
	}
}
