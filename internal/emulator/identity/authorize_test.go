package identity

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Errors about the client or the redirect URI are shown, never redirected:
// otherwise the authority is an open redirector.
func TestAuthorizeRefusesWithoutRedirecting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	good := func() url.Values {
		return url.Values{"client_id": {testClient}, "response_type": {"code"}, "redirect_uri": {"http://127.0.0.1:5555/cb"},
			"scope": {"User.Read"}, "state": {"s"}, "code_challenge_method": {"S256"},
			"code_challenge": {oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())}}
	}
	cases := []struct {
		name, tenant string
		mutate       func(url.Values)
	}{
		{"other host", "organizations", func(v url.Values) { v.Set("redirect_uri", "http://evil.example/cb") }},
		{"https loopback", "organizations", func(v url.Values) { v.Set("redirect_uri", "https://127.0.0.1/cb") }},
		{"https remote", "organizations", func(v url.Values) { v.Set("redirect_uri", "https://evil.example/") }},
		{"127.0.0.2", "organizations", func(v url.Values) { v.Set("redirect_uri", "http://127.0.0.2:80/cb") }},
		{"ipv6 loopback", "organizations", func(v url.Values) { v.Set("redirect_uri", "http://[::1]:5555/cb") }},
		{"userinfo", "organizations", func(v url.Values) { v.Set("redirect_uri", "http://evil.example@127.0.0.1/cb") }},
		{"localhost lookalike", "organizations", func(v url.Values) { v.Set("redirect_uri", "http://localhost.evil.example/cb") }},
		{"no redirect", "organizations", func(v url.Values) { v.Del("redirect_uri") }},
		{"unknown client", "organizations", func(v url.Values) { v.Set("client_id", "someone-else") }},
		{"no client", "organizations", func(v url.Values) { v.Del("client_id") }},
		{"unknown tenant", "fabrikam", func(url.Values) {}},
		{"consumers", "consumers", func(url.Values) {}},
	}
	for _, c := range cases {
		v := good()
		c.mutate(v)
		resp, err := noRedirectClient().Get(e.idp.URL + "/" + c.tenant + "/oauth2/v2.0/authorize?" + v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: status %d, Location %q", c.name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// The tenant id and "common" are as good as "organizations".
	for _, tenant := range []string{testTenant, "common", "Organizations"} {
		resp, err := noRedirectClient().Get(e.idp.URL + "/" + tenant + "/oauth2/v2.0/authorize?" + good().Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("tenant %s: status %d", tenant, resp.StatusCode)
		}
	}
}

// Other errors go back to the app, with the state, the way Entra does.
func TestAuthorizeErrorsGoBackToTheApp(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	challenge := oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())
	cases := []struct {
		name, query, wantErr string
	}{
		{"no PKCE", "response_type=code&scope=User.Read", "invalid_request"},
		{"plain PKCE", "response_type=code&scope=User.Read&code_challenge_method=plain&code_challenge=" + challenge, "invalid_request"},
		{"short challenge", "response_type=code&scope=User.Read&code_challenge_method=S256&code_challenge=abc", "invalid_request"},
		{"bad challenge chars", "response_type=code&scope=User.Read&code_challenge_method=S256&code_challenge=" + strings.Repeat("%2B", 43), "invalid_request"},
		{"token response", "response_type=token&scope=User.Read&code_challenge_method=S256&code_challenge=" + challenge, "unsupported_response_type"},
		{"no response_type", "scope=User.Read&code_challenge_method=S256&code_challenge=" + challenge, "invalid_request"},
		{"no scope", "response_type=code&code_challenge_method=S256&code_challenge=" + challenge, "invalid_request"},
		{"unknown scope", "response_type=code&scope=Files.ReadWrite.All&code_challenge_method=S256&code_challenge=" + challenge, "invalid_scope"},
		{"prompt none", "response_type=code&scope=User.Read&prompt=none&code_challenge_method=S256&code_challenge=" + challenge, "login_required"},
		{"fragment mode", "response_type=code&scope=User.Read&response_mode=fragment&code_challenge_method=S256&code_challenge=" + challenge, "invalid_request"},
	}
	for _, c := range cases {
		u := e.idp.URL + "/organizations/oauth2/v2.0/authorize?client_id=" + testClient +
			"&redirect_uri=http%3A%2F%2Flocalhost%3A4242&state=keep-me&" + c.query
		resp, err := noRedirectClient().Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || loc == nil || loc.Host != "localhost:4242" || loc.Path != "/" {
			t.Errorf("%s: status %d Location %v, want a 302 to http://localhost:4242/", c.name, resp.StatusCode, loc)
			continue
		}
		q := loc.Query()
		if q.Get("error") != c.wantErr || q.Get("state") != "keep-me" || !strings.HasPrefix(q.Get("error_description"), "AADSTS") {
			t.Errorf("%s: redirected with %v", c.name, q)
		}
	}
}

// Entra ignores the port of loopback redirect URIs, so both names with any
// port and any path are accepted, and a bare host gets "/" back.
func TestLoopbackRedirect(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"http://127.0.0.1:49152/callback": "http://127.0.0.1:49152/callback",
		"http://localhost:1/a/b?x=1":      "http://localhost:1/a/b?x=1",
		"http://LOCALHOST":                "http://LOCALHOST/",
		"http://127.0.0.1":                "http://127.0.0.1/",
		"https://127.0.0.1/cb":            "",
		"http://127.0.0.1.evil.example/":  "",
		"http://127.0.0.1/cb#frag":        "",
		"ftp://127.0.0.1/":                "",
		"http://0x7f000001/":              "",
		"":                                "",
		"%zz":                             "",
	} {
		u, ok := loopbackRedirect(raw)
		got := ""
		if ok {
			got = u.String()
		}
		if got != want {
			t.Errorf("loopbackRedirect(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestAccountFromAnotherTenantRefused: an account of another organization
// gets past its password and is then refused with AADSTS50020 on the
// platform's own page, as Entra refuses it for a single-tenant app: no
// consent page, nothing sent back to the app, no code.
func TestAccountFromAnotherTenantRefused(t *testing.T) {
	t.Parallel()
	guest := User{ID: "33333333-3333-4333-8333-333333333333", UPN: "gus@fabrikam.example", DisplayName: "Gus Fabrikam",
		Password: "tr0ub4dor", HomeTenant: "9a8b7c6d-0000-4000-8000-000000000009"}
	e := newEnv(t, func(o *Options) { o.Users = append(o.Users, guest) })
	u := newUser(t)
	authURL := e.conf.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	p := u.get(authURL)
	p = u.submit(p, map[string]string{"username": guest.UPN, "password": guest.Password})
	if p.status != http.StatusBadRequest || !strings.Contains(p.body, "AADSTS50020") || strings.Contains(p.body, `id="accept"`) {
		t.Fatalf("status %d: %s", p.status, p.body)
	}
	if e.callbackCount() != 0 {
		t.Fatal("the refusal was sent to the app")
	}
	// Ana, of the emulator's own tenant, still signs in.
	if p := newUser(t).signIn(authURL, ana, "accept"); p.status != http.StatusOK {
		t.Fatalf("a member: status %d", p.status)
	}
}
