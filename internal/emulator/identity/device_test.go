package identity

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// approveDevice is the person at the browser: enter the code, sign in, and
// Accept or Cancel.
func approveDevice(t *testing.T, e *env, verificationURI, userCode string, who User, decision string) page {
	t.Helper()
	u := newUser(t)
	p := u.get(verificationURI)
	if !strings.Contains(p.body, `id="code"`) || !strings.Contains(p.body, `id="continue"`) {
		t.Fatalf("devicelogin page: %d %s", p.status, p.body)
	}
	p = u.submit(p, map[string]string{"code": userCode})
	if !strings.Contains(p.body, `id="signin"`) {
		t.Fatalf("code %q did not lead to sign-in: %s", userCode, p.body)
	}
	p = u.submit(p, map[string]string{"username": who.UPN, "password": who.Password})
	if !strings.Contains(p.body, `id="accept"`) {
		t.Fatalf("no consent page: %s", p.body)
	}
	return u.submit(p, nil, "decision", decision)
}

func (e *env) poll(deviceCode string) (int, map[string]any) {
	e.t.Helper()
	st, _, body := postForm(e.t, e.tokenURL(), url.Values{"grant_type": {grantDeviceCode}, "client_id": {testClient}, "device_code": {deviceCode}})
	return st, body
}

// The whole flow through x/oauth2's poller, with the real clock: pending
// until the user approves, then tokens.
func TestDeviceFlowApprovedThroughXOAuth2(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.Now = nil })
	ctx := context.Background()
	da, err := e.conf.DeviceAuth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if da.VerificationURI != e.idp.URL+"/devicelogin" || len(da.UserCode) != 8 || strings.ContainsAny(da.UserCode, "IO01") || da.Interval != 1 {
		t.Fatalf("device auth = uri %q code %q interval %d", da.VerificationURI, da.UserCode, da.Interval)
	}
	if time.Until(da.Expiry) < 14*time.Minute {
		t.Fatalf("expiry %v, want 15 min", da.Expiry)
	}
	if st, body := e.poll(da.DeviceCode); st != http.StatusBadRequest || str(body, "error") != "authorization_pending" ||
		!strings.HasPrefix(str(body, "error_description"), "AADSTS70016:") {
		t.Fatalf("before approval: %d %v", st, body)
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	go func() {
		tok, err := e.conf.DeviceAccessToken(ctx, da)
		done <- result{tok, err}
	}()
	// Lower-case with a dash: people type codes like that.
	code := strings.ToLower(da.UserCode[:4]) + "-" + da.UserCode[4:]
	p := approveDevice(t, e, da.VerificationURI, code, ana, "accept")
	if !strings.Contains(p.body, "You can close this window") {
		t.Fatalf("after accept: %s", p.body)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.tok.RefreshToken == "" {
		t.Fatal("no refresh token despite offline_access")
	}
	if pr, err := e.p.Authenticate(bearer("Bearer " + r.tok.AccessToken)); err != nil || pr.User.UPN != ana.UPN {
		t.Fatalf("device token: %+v %v", pr, err)
	}
	// The device code is spent.
	if st, body := e.poll(da.DeviceCode); st != http.StatusBadRequest || str(body, "error") != "bad_verification_code" {
		t.Fatalf("second redemption: %d %v", st, body)
	}
}

func TestDeviceFlowDeclined(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.Now = nil })
	da, err := e.conf.DeviceAuth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p := approveDevice(t, e, da.VerificationURI, da.UserCode, bob, "cancel")
	if !strings.Contains(p.body, "cancelled") {
		t.Fatalf("after cancel: %s", p.body)
	}
	_, err = e.conf.DeviceAccessToken(context.Background(), da)
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "authorization_declined" {
		t.Fatalf("declined flow: %v", err)
	}
	if s := e.p.Stats(); s.Declines != 1 || s.TokensIssued != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestDevicePollingErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	da, err := e.conf.DeviceAuth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, body := e.poll(da.DeviceCode); str(body, "error") != "authorization_pending" {
		t.Fatalf("first poll: %v", body)
	}
	if _, body := e.poll(da.DeviceCode); str(body, "error") != "slow_down" {
		t.Fatalf("a poll with no time in between: %v", body)
	}
	e.clk.Advance(time.Second)
	if _, body := e.poll(da.DeviceCode); str(body, "error") != "authorization_pending" {
		t.Fatalf("a poll after the interval: %v", body)
	}
	if _, body := e.poll("not-a-device-code"); str(body, "error") != "bad_verification_code" {
		t.Fatalf("unknown device code: %v", body)
	}
	e.clk.Advance(deviceCodeTTL)
	if _, body := e.poll(da.DeviceCode); str(body, "error") != "expired_token" || !strings.HasPrefix(str(body, "error_description"), "AADSTS70020:") {
		t.Fatalf("after 15 minutes: %v", body)
	}
	// An expired user code is refused on the page.
	p := newUser(t)
	pg := p.submit(p.get(e.idp.URL+"/devicelogin"), map[string]string{"code": da.UserCode})
	if !strings.Contains(pg.body, `id="error"`) || strings.Contains(pg.body, `id="signin"`) {
		t.Fatalf("expired user code accepted: %s", pg.body)
	}
}

func TestDeviceCodeRequestChecks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	target := e.conf.Endpoint.DeviceAuthURL
	for name, c := range map[string]struct {
		v   url.Values
		st  int
		err string
	}{
		"no scope":       {url.Values{"client_id": {testClient}}, 400, "invalid_request"},
		"unknown scope":  {url.Values{"client_id": {testClient}, "scope": {"Calendars.Read"}}, 400, "invalid_scope"},
		"unknown client": {url.Values{"client_id": {"x"}, "scope": {"User.Read"}}, 400, "unauthorized_client"},
		"with a secret":  {url.Values{"client_id": {testClient}, "scope": {"User.Read"}, "client_secret": {"s"}}, 401, "invalid_client"},
	} {
		st, _, body := postForm(t, target, c.v)
		if st != c.st || str(body, "error") != c.err {
			t.Errorf("%s: %d %v", name, st, body)
		}
	}
	// A wrong code on the page shows the page again with an error.
	u := newUser(t)
	p := u.submit(u.get(e.idp.URL+"/devicelogin"), map[string]string{"code": "ZZZZZZZZ"})
	if p.status != http.StatusOK || !strings.Contains(p.body, `id="error"`) || !strings.Contains(p.body, `id="code"`) {
		t.Fatalf("wrong user code: %d %s", p.status, p.body)
	}
}
