package httpsonly

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestIsLoopbackHost(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]bool{
		"127.0.0.1": true, "127.1.2.3": true, "::1": true, "localhost": true, "LocalHost": true, "localhost.": true,
		"128.0.0.1": false, "10.0.0.1": false, "graph.microsoft.com": false, "localhost.evil.example": false,
		"127.0.0.1.nip.io": false, "": false, "0.0.0.0": false, "::ffff:10.0.0.1": false,
	} {
		if got := IsLoopbackHost(h); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestCheckString(t *testing.T) {
	t.Parallel()
	for raw, bad := range map[string]bool{
		"https://graph.microsoft.com":    false,
		"http://127.0.0.1:8080/v1.0":     false,
		"http://[::1]:9/x":               false,
		"http://localhost:1/":            false,
		"http://graph.example.com":       true,
		"HTTP://Graph.Example.com/a?b=c": true,
		"http://192.168.1.10:8080":       true,
	} {
		err := CheckString("the Graph URL", raw)
		var ie *InsecureError
		if got := errors.As(err, &ie); got != bad {
			t.Errorf("CheckString(%q) = %v, want refused=%v", raw, err, bad)
		}
		if bad && (strings.Contains(err.Error(), "b=c") || !strings.Contains(err.Error(), "read or change")) {
			t.Errorf("message %q: must say why and never quote the query", err)
		}
	}
}

func TestTransportRefusesBeforeSending(t *testing.T) {
	t.Parallel()
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	c := &http.Client{Transport: Transport(nil)}
	resp, err := c.Get(srv.URL) // 127.0.0.1: allowed
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	// A redirect to plain http elsewhere is refused by the same rule.
	redir := httptest.NewServer(http.RedirectHandler("http://printer.example.invalid/x", http.StatusFound))
	defer redir.Close()
	_, err = c.Get(redir.URL)
	var ie *InsecureError
	if !errors.As(err, &ie) || ie.Host != "printer.example.invalid" {
		t.Fatalf("redirect to plain http = %v, want *InsecureError", err)
	}
	if hits != 1 {
		t.Fatalf("hits = %d", hits)
	}
}
