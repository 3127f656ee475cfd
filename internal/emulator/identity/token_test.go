package identity

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// tokens runs a full sign-in and returns the token response.
func (e *env) tokens() map[string]any {
	e.t.Helper()
	code, verifier := e.authCode()
	st, body := e.redeem(code, verifier)
	if st != http.StatusOK {
		e.t.Fatalf("redeem: %d %v", st, body)
	}
	return body
}

func TestTokenResponseShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	code, verifier := e.authCode()
	st, h, body := postForm(t, e.tokenURL(), url.Values{
		"grant_type": {"authorization_code"}, "client_id": {testClient}, "code": {code},
		"redirect_uri": {e.conf.RedirectURL}, "code_verifier": {verifier},
	})
	if st != http.StatusOK || h.Get("Cache-Control") != "no-store" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, Cache-Control %q, Content-Type %q", st, h.Get("Cache-Control"), h.Get("Content-Type"))
	}
	for _, k := range []string{"token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token"} {
		if _, ok := body[k]; !ok {
			t.Errorf("token response lacks %q", k)
		}
	}
	if _, ok := body["id_token"]; ok {
		t.Error("id_token without openid")
	}
}

func TestNoRefreshTokenWithoutOfflineAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.conf.Scopes = []string{"openid", "profile", "PrintJob.ReadWrite"}
	body := e.tokens()
	if _, ok := body["refresh_token"]; ok {
		t.Fatal("refresh token issued without offline_access")
	}
	if str(body, "id_token") == "" || str(body, "scope") != "PrintJob.ReadWrite openid profile" {
		t.Fatalf("openid profile: id_token %v, scope %q", body["id_token"] != nil, str(body, "scope"))
	}
}

// Rotation on every refresh; presenting a rotated token again revokes the
// whole family, including the newest refresh token and its access tokens,
// while another sign-in of the same user is untouched.
func TestRefreshRotationAndReuseRevokesTheFamily(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	other := e.tokens()
	first := e.tokens()
	rt1 := str(first, "refresh_token")

	st, second := e.refresh(rt1)
	rt2 := str(second, "refresh_token")
	if st != http.StatusOK || rt2 == "" || rt2 == rt1 || str(second, "access_token") == str(first, "access_token") {
		t.Fatalf("refresh 1: %d, rotated=%v", st, rt2 != rt1)
	}
	st, third := e.refresh(rt2)
	rt3 := str(third, "refresh_token")
	if st != http.StatusOK || rt3 == rt2 {
		t.Fatalf("refresh 2: %d %v", st, third)
	}
	if _, err := e.p.Authenticate(bearer("Bearer " + str(third, "access_token"))); err != nil {
		t.Fatal(err)
	}

	st, body := e.refresh(rt1) // reuse of a rotated token
	if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" {
		t.Fatalf("reuse: %d %v", st, body)
	}
	st, body = e.refresh(rt3)
	if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" || !strings.HasPrefix(str(body, "error_description"), "AADSTS50173:") {
		t.Fatalf("newest token after reuse: %d %v, want invalid_grant (revoked)", st, body)
	}
	if _, err := e.p.Authenticate(bearer("Bearer " + str(third, "access_token"))); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("access token of a revoked family: %v", err)
	}
	if st, body := e.refresh(str(other, "refresh_token")); st != http.StatusOK {
		t.Fatalf("another sign-in was revoked too: %d %v", st, body)
	}
	if s := e.p.Stats(); s.RefreshReuse != 1 || s.Refreshes != 3 {
		t.Fatalf("stats %+v", s)
	}
}

// The same through x/oauth2, the way the app refreshes: its token source
// rotates silently, and the rotated token is the one that works next.
func TestRefreshThroughXOAuth2(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	body := e.tokens()
	old := &oauth2.Token{RefreshToken: str(body, "refresh_token")}
	tok, err := e.conf.TokenSource(context.Background(), old).Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == old.RefreshToken || tok.AccessToken == "" {
		t.Fatal("refresh did not rotate")
	}
	_, err = e.conf.TokenSource(context.Background(), old).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Fatalf("replaying the old refresh token: %v", err)
	}
}

func TestRefreshScopes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rt := str(e.tokens(), "refresh_token")
	st, _, body := postForm(t, e.tokenURL(), url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient},
		"refresh_token": {rt}, "scope": {"https://graph.microsoft.com/User.Read offline_access"}})
	if st != http.StatusOK || str(body, "scope") != "User.Read" {
		t.Fatalf("narrowed refresh: %d %v", st, body)
	}
	pr, err := e.p.Authenticate(bearer("Bearer " + str(body, "access_token")))
	if err != nil || pr.Has("PrintJob.ReadWrite") || !pr.Has("User.Read") {
		t.Fatalf("narrowed token: %+v %v", pr, err)
	}
	st, _, body = postForm(t, e.tokenURL(), url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient},
		"refresh_token": {str(body, "refresh_token")}, "scope": {"Printer.Read.All"}})
	if st != http.StatusBadRequest || str(body, "error") != "invalid_grant" {
		t.Fatalf("widening scopes on refresh: %d %v", st, body)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rt := str(e.tokens(), "refresh_token")
	e.clk.Advance(refreshTokenTTL + time.Second)
	st, body := e.refresh(rt)
	if st != http.StatusBadRequest || !strings.HasPrefix(str(body, "error_description"), "AADSTS700082:") {
		t.Fatalf("%d %v", st, body)
	}
}

// A public client must not authenticate: a secret in the body or Basic auth
// gets 401 invalid_client. x/oauth2's auto-detect style pays one rejected
// request for it, which is why the app sets AuthStyleInParams.
func TestPublicClientRefusesCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rt := str(e.tokens(), "refresh_token")
	v := url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}, "refresh_token": {rt}}
	withSecret := url.Values{"client_secret": {"s3cret"}}
	for k, vv := range v {
		withSecret[k] = vv
	}
	cases := map[string]func() (int, map[string]any){
		"secret in body": func() (int, map[string]any) { st, _, b := postForm(t, e.tokenURL(), withSecret); return st, b },
		"basic auth": func() (int, map[string]any) {
			st, _, b := postForm(t, e.tokenURL(), v, func(r *http.Request) { r.SetBasicAuth(testClient, "") })
			return st, b
		},
	}
	for name, c := range cases {
		st, body := c()
		if st != http.StatusUnauthorized || str(body, "error") != "invalid_client" || !strings.HasPrefix(str(body, "error_description"), "AADSTS700025:") {
			t.Errorf("%s: %d %v", name, st, body)
		}
	}
	// The refresh token was not spent by the refused requests.
	auto := e.conf
	auto.Endpoint.AuthStyle = oauth2.AuthStyleAutoDetect
	if _, err := auto.TokenSource(context.Background(), &oauth2.Token{RefreshToken: rt}).Token(); err != nil {
		t.Fatal(err)
	}
	if s := e.p.Stats(); s.InvalidClient != 3 || s.Refreshes != 1 {
		t.Fatalf("stats %+v: want 2 refused here + 1 from auto-detect, 1 refresh", s)
	}
}

func TestTokenEndpointRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	cases := []struct {
		name   string
		path   string
		v      url.Values
		mutate func(*http.Request)
		status int
		err    string
	}{
		{"unknown grant", "organizations", url.Values{"grant_type": {"password"}, "client_id": {testClient}}, nil, 400, "unsupported_grant_type"},
		{"no grant", "organizations", url.Values{"client_id": {testClient}}, nil, 400, "invalid_request"},
		{"no client", "organizations", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}}, nil, 400, "invalid_request"},
		{"unknown client", "organizations", url.Values{"grant_type": {"refresh_token"}, "client_id": {"x"}, "refresh_token": {"x"}}, nil, 400, "unauthorized_client"},
		{"unknown refresh token", "organizations", url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}, "refresh_token": {"x"}}, nil, 400, "invalid_grant"},
		{"unknown tenant", "fabrikam", url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}}, nil, 400, "invalid_request"},
		{"json body", "organizations", url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}},
			func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }, 400, "invalid_request"},
		{"GET", "organizations", url.Values{}, func(r *http.Request) { r.Method = http.MethodGet }, 405, "invalid_request"},
		{"unknown scope on refresh", "common", url.Values{"grant_type": {"refresh_token"}, "client_id": {testClient}, "refresh_token": {"x"}, "scope": {"Mail.Send"}}, nil, 400, "invalid_scope"},
	}
	for _, c := range cases {
		var mut []func(*http.Request)
		if c.mutate != nil {
			mut = append(mut, c.mutate)
		}
		st, h, body := postForm(t, e.idp.URL+"/"+c.path+"/oauth2/v2.0/token", c.v, mut...)
		if st != c.status || str(body, "error") != c.err {
			t.Errorf("%s: %d %v, want %d %s", c.name, st, body, c.status, c.err)
			continue
		}
		// Entra's error envelope, in full.
		codes, _ := body["error_codes"].([]any)
		if len(codes) != 1 || !strings.HasPrefix(str(body, "error_description"), "AADSTS") || str(body, "trace_id") == "" ||
			str(body, "correlation_id") == "" || str(body, "timestamp") == "" || str(body, "error_uri") == "" || h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: error body %v", c.name, body)
		}
	}
}

func TestAccessTokenExpiry(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.AccessTokenTTL = 2 * time.Second })
	tok, exp, err := e.p.Issue("", []string{"User.Read"})
	if err != nil || exp != 2 {
		t.Fatalf("Issue: %d %v", exp, err)
	}
	if _, err := e.p.Authenticate(bearer("Bearer " + tok)); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(2 * time.Second)
	if _, err := e.p.Authenticate(bearer("Bearer " + tok)); !errors.Is(err, ErrExpiredToken) {
		t.Fatalf("after TTL: %v", err)
	}
	// ExpireAccessTokens expires without moving the clock.
	tok, _, _ = e.p.Issue("", []string{"User.Read"})
	e.p.ExpireAccessTokens()
	if _, err := e.p.Authenticate(bearer("Bearer " + tok)); !errors.Is(err, ErrExpiredToken) {
		t.Fatalf("after ExpireAccessTokens: %v", err)
	}
	// Sub-second TTLs never advertise 0 ("no expiry" to x/oauth2).
	if expiresIn(300*time.Millisecond) != 1 {
		t.Fatal("a 300 ms TTL must be advertised as 1 s")
	}
}

func TestAuthenticateErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	tok, _, err := e.p.Issue(bob.UPN, []string{"Printer.Read.All"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		header string
		want   error
	}{
		{"", ErrNoToken},
		{"Basic " + tok, ErrInvalidToken},
		{"Bearer", ErrInvalidToken},
		{"Bearer ", ErrInvalidToken},
		{"Bearer not-a-token", ErrInvalidToken},
		{"Bearer " + tok + "x", ErrInvalidToken},
		{"bearer " + tok, nil},
		{"BEARER " + tok, nil},
	}
	for _, c := range cases {
		pr, err := e.p.Authenticate(bearer(c.header))
		if !errors.Is(err, c.want) || (c.want == nil && (pr.User.UPN != bob.UPN || !pr.User.PrinterAdmin)) {
			t.Errorf("Authorization %q: %+v, %v; want %v", c.header, pr, err, c.want)
		}
	}
	e.p.SetUsers([]User{ana})
	if _, err := e.p.Authenticate(bearer("Bearer " + tok)); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("token of a removed user: %v", err)
	}
}

func TestIssue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	cases := []struct {
		user    string
		scopes  []string
		wantUPN string
		want    []string
		err     error
	}{
		{"", []string{"User.Read"}, ana.UPN, []string{"User.Read"}, nil},
		{bob.ID, []string{"https://graph.microsoft.com/printjob.readwrite", "PrintJob.ReadWrite"}, bob.UPN, []string{"PrintJob.ReadWrite"}, nil},
		{"BOB@contoso.example", []string{"offline_access", "PrinterShare.ReadBasic.All"}, bob.UPN, []string{"PrinterShare.ReadBasic.All"}, nil},
		{"carol@contoso.example", []string{"User.Read"}, "", nil, ErrUnknownUser},
		{"", []string{"Mail.Read"}, "", nil, ErrUnknownScope},
	}
	for _, c := range cases {
		tok, _, err := e.p.Issue(c.user, c.scopes)
		if !errors.Is(err, c.err) {
			t.Errorf("Issue(%q, %v): %v, want %v", c.user, c.scopes, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		pr, err := e.p.Authenticate(bearer("Bearer " + tok))
		if err != nil || pr.User.UPN != c.wantUPN || strings.Join(pr.Scopes, " ") != strings.Join(c.want, " ") {
			t.Errorf("Issue(%q, %v) -> %+v %v", c.user, c.scopes, pr, err)
		}
	}
	if _, _, err := New(Options{}).Issue("", nil); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("Issue with no users: %v", err)
	}
}

func TestParseScopes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, names, bad string
		offline        bool
	}{
		{"offline_access PrintJob.ReadWrite", "PrintJob.ReadWrite", "", true},
		{"https://graph.microsoft.com/PrintJob.ReadWrite  HTTPS://GRAPH.MICROSOFT.COM/user.read", "PrintJob.ReadWrite User.Read", "", false},
		{"openid profile email User.Read user.read", "User.Read openid profile email", "", false},
		{"User.Read https://graph.microsoft.com/", "", "https://graph.microsoft.com/", false},
		{"https://other.example/PrintJob.ReadWrite", "", "https://other.example/PrintJob.ReadWrite", false},
		{"Files.ReadWrite", "", "Files.ReadWrite", false},
		{"", "", "", false},
	}
	for _, c := range cases {
		g, bad := parseScopes(c.in)
		if bad != c.bad || strings.Join(g.names(), " ") != c.names || g.offline != c.offline {
			t.Errorf("parseScopes(%q) = %v offline=%v bad=%q", c.in, g.names(), g.offline, bad)
		}
	}
}

// The Provider is used by every emulator handler at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				tok, _, err := e.p.Issue("", []string{"User.Read"})
				if err != nil {
					t.Error(err)
					return
				}
				// Goroutine 0 expires tokens under the others' feet.
				if _, err := e.p.Authenticate(bearer("Bearer " + tok)); err != nil && !errors.Is(err, ErrExpiredToken) {
					t.Error(err)
					return
				}
				if i == 0 {
					e.p.ExpireAccessTokens()
					e.p.SetUsers([]User{ana, bob})
					_ = e.p.Stats()
				}
			}
		}()
	}
	wg.Wait()
}
