package auth

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/microsoft"
)

func TestEndpoint(t *testing.T) {
	t.Parallel()
	def := microsoft.AzureADEndpoint("organizations")
	tests := []struct {
		authority string
		want      string // AuthURL; "" = error
	}{
		{"", def.AuthURL},
		{DefaultAuthority, def.AuthURL},
		{DefaultAuthority + "/", def.AuthURL},
		{"https://login.microsoftonline.us/contoso.onmicrosoft.us", "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/authorize"},
		{"https://login.chinacloudapi.cn/11111111-2222-3333-4444-555555555555", "https://login.chinacloudapi.cn/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize"},
		{"http://127.0.0.1:8080/organizations", "http://127.0.0.1:8080/organizations/oauth2/v2.0/authorize"},
		{"http://login.microsoftonline.com/organizations", ""}, // plain http off loopback
		{"https://login.microsoftonline.com", ""}, // no tenant
		{"https://login.microsoftonline.com/", ""},
		{"login.microsoftonline.com/organizations", ""},
		{"https://login.microsoftonline.com/organizations?x=1", ""},
		{"ftp://example.com/t", ""},
	}
	for _, tt := range tests {
		ep, err := Endpoint(tt.authority)
		if tt.want == "" {
			if err == nil {
				t.Errorf("Endpoint(%q) accepted", tt.authority)
			}
			continue
		}
		if err != nil {
			t.Errorf("Endpoint(%q): %v", tt.authority, err)
			continue
		}
		if ep.AuthURL != tt.want || ep.AuthStyle != oauth2.AuthStyleInParams {
			t.Errorf("Endpoint(%q) = %q style %v", tt.authority, ep.AuthURL, ep.AuthStyle)
		}
		if !strings.HasSuffix(ep.TokenURL, "/oauth2/v2.0/token") || !strings.HasSuffix(ep.DeviceAuthURL, "/oauth2/v2.0/devicecode") {
			t.Errorf("Endpoint(%q) token %q device %q", tt.authority, ep.TokenURL, ep.DeviceAuthURL)
		}
	}
	if ep, _ := Endpoint(""); ep.TokenURL != def.TokenURL || ep.DeviceAuthURL != def.DeviceAuthURL {
		t.Errorf("default endpoint differs from microsoft.AzureADEndpoint: %+v", ep)
	}
}

func TestNewExplainsMissingClientID(t *testing.T) {
	t.Parallel()
	_, err := New(Config{ClientID: "  "})
	if !errors.Is(err, ErrNoClientID) {
		t.Fatalf("New without client ID = %v", err)
	}
	for _, want := range []string{"App registrations", "http://127.0.0.1", "--client-id"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the explanation lacks %q", want)
		}
	}
	if _, err := New(Config{ClientID: "x", GraphURL: "http://graph.example.com"}); err == nil {
		t.Error("a plain-http Graph URL off loopback was accepted: the bearer would travel in clear")
	}
	if _, err := New(Config{ClientID: "x", ResponseMode: "fragment"}); err == nil {
		t.Error("response mode fragment accepted: the loopback listener cannot read a fragment")
	}
}

// TestTokenClientRefusesRedirects: a 307 from a token endpoint would replay
// the form (code, verifier, refresh token) to wherever it points.
func TestTokenClientRefusesRedirects(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer target.Close()
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/stolen", http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	c := NewHTTPClient(nil)
	if c.Timeout <= 0 {
		t.Fatal("the token client has no timeout")
	}
	resp, err := c.PostForm(redirector.URL+"/token", url.Values{"refresh_token": {"secret"}})
	if err == nil {
		resp.Body.Close()
		t.Fatal("the token client followed a redirect")
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("the redirect target got %d requests", n)
	}
}
