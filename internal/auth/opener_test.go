package auth

import (
	"net/url"
	"strings"
	"testing"
)

func TestCheckOpenable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x", true},
		{"http://127.0.0.1:41234/organizations/oauth2/v2.0/authorize", true},
		{"http://127.0.0.1/devicelogin", true},
		{"https://microsoft.com/devicelogin", true},
		{"http://login.microsoftonline.com/x", false},
		{"http://localhost:8080/x", false},
		{"http://127.0.0.2/x", false},
		{"--help", false},
		{"-https://x", false},
		{"file:///etc/passwd", false},
		{"javascript:alert(1)", false},
		{"https:opaque", false},
		{"https:///nohost", false},
		{"https://user:pw@example.com/", false},
		{"https://example.com/a b", false},
		{"https://example.com/\n", false},
		{"", false},
		{"/relative/path", false},
		{`C:\Windows\system32\calc.exe`, false},
	}
	for _, tt := range tests {
		if err := CheckOpenable(tt.url); (err == nil) != tt.ok {
			t.Errorf("CheckOpenable(%q) = %v, want ok=%v", tt.url, err, tt.ok)
		}
	}
}

// FuzzCheckOpenable: whatever is accepted parses as an absolute https URL,
// or http on 127.0.0.1, and cannot be read as an option.
func FuzzCheckOpenable(f *testing.F) {
	for _, s := range []string{"https://a/b?c", "http://127.0.0.1:1/x", "-x", "http://127.0.0.1@evil/", "https://[::1]/", "HTTPS://A/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckOpenable(s) != nil {
			return
		}
		u, err := url.Parse(s)
		if err != nil || strings.HasPrefix(s, "-") || u.Host == "" {
			t.Fatalf("accepted %q", s)
		}
		if !(u.Scheme == "https" || (u.Scheme == "http" && u.Hostname() == "127.0.0.1")) {
			t.Fatalf("accepted %q (scheme %q host %q)", s, u.Scheme, u.Hostname())
		}
	})
}
