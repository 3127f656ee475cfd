package emulator

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestExpiredTokenAndIdentityMount(t *testing.T) {
	t.Parallel()
	e := start(t, Config{ShowDemoCredentials: true})
	tok := e.token("", "User.Read")
	e.decode(e.do("GET", e.info.GraphURL+"/v1.0/me", tok, nil, nil), 200, nil)
	// Expire it through the provider rather than by sleeping past a short
	// lifetime, which a loaded machine can overrun before the first call.
	e.srv.idp.ExpireAccessTokens()
	msg := e.graphErr(e.do("GET", e.info.GraphURL+"/v1.0/me", tok, nil, nil), 401, "InvalidAuthenticationToken")
	if !strings.Contains(msg, "expired") {
		t.Errorf("expired-token message %q", msg)
	}
	// The identity platform answers under the authority and /devicelogin.
	res, err := http.Get(e.info.AuthorityURL + "/oauth2/v2.0/authorize?client_id=" + e.info.ClientID +
		"&response_type=code&redirect_uri=http://127.0.0.1:9/cb&scope=User.Read&code_challenge=" + strings.Repeat("a", 43) + "&code_challenge_method=S256&state=s")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(page), `id="username"`) || !strings.Contains(string(page), DemoPassword) {
		t.Fatalf("sign-in page: %d %.300s", res.StatusCode, page)
	}
	res, err = http.Get(e.info.GraphURL + "/devicelogin")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("/devicelogin: %v %v", res, err)
	}
	res.Body.Close()
	var log []requestEntry
	e.decode(e.do("GET", e.info.ControlURL+"/requests", "", nil, nil), 200, &log)
	if len(log) == 0 || log[len(log)-1].Path != "/devicelogin" || log[len(log)-1].Host != "graph" {
		t.Fatalf("identity requests are not logged: %+v", log)
	}
}

func TestUploadPublicURL(t *testing.T) {
	t.Parallel()
	e := start(t, Config{UploadPublicURL: "https://print.example.test/"})
	j := e.createJob(ShareDefault)
	s := e.session(ShareDefault, j, "a.pdf", "application/pdf", 10)
	if !strings.HasPrefix(s.UploadURL, "https://print.example.test/uploadSessions/") || !strings.Contains(s.UploadURL, "?tempauthtoken=") {
		t.Fatalf("uploadUrl %q does not use the public base", s.UploadURL)
	}
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Close(); err != nil { // idempotent: the Cleanup calls it again
		t.Fatal(err)
	}
}
