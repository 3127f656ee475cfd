//go:build linux || freebsd || netbsd || openbsd || dragonfly

package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePrograms makes a PATH of nothing but shell scripts: xdg-open that
// finds no browser, as on a desktop where none is registered, and the
// others given, each writing its arguments to a file named after it.
func fakePrograms(t *testing.T, names ...string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("xdg-open", "exit 3") // xdg-open's "a required tool could not be found"
	for _, n := range names {
		write(n, `printf '%s\n' "$@" > "`+filepath.Join(dir, n+".args")+`"`)
	}
	t.Setenv("PATH", dir) // only these: the scripts need no other program
	return dir
}

func argsOf(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".args"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

const signInLink = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x"

// TestOpenBrowserFindsAnUnregisteredBrowser: xdg-open fails, a browser is
// installed but not the default: the link still opens, in it.
func TestOpenBrowserFindsAnUnregisteredBrowser(t *testing.T) {
	dir := fakePrograms(t, "firefox", "chromium")
	t.Setenv("BROWSER", "")
	if err := OpenBrowser(signInLink); err != nil {
		t.Fatalf("OpenBrowser: %v", err)
	}
	if got := argsOf(t, dir, "firefox"); got != signInLink {
		t.Fatalf("firefox got %q, want the link", got)
	}
	if got := argsOf(t, dir, "chromium"); got != "" {
		t.Fatalf("a second browser was started too: %q", got)
	}
}

// TestOpenBrowserPrefersBrowserVariable: $BROWSER comes first, with the
// link where it says %s.
func TestOpenBrowserPrefersBrowserVariable(t *testing.T) {
	dir := fakePrograms(t, "mybrowser", "firefox")
	t.Setenv("BROWSER", "nosuch:mybrowser --new-window %s")
	if err := OpenBrowser(signInLink); err != nil {
		t.Fatalf("OpenBrowser: %v", err)
	}
	if got := argsOf(t, dir, "mybrowser"); got != "--new-window\n"+signInLink {
		t.Fatalf("mybrowser got %q", got)
	}
	if argsOf(t, dir, "firefox") != "" {
		t.Fatal("firefox started although $BROWSER's browser opened the link")
	}
}

// TestOpenBrowserNoneFound: with no browser at all, the opener's own
// failure comes back; with browsers that all fail, a *BrowserError says
// which were tried.
func TestOpenBrowserNoneFound(t *testing.T) {
	dir := fakePrograms(t)
	t.Setenv("BROWSER", "")
	err := OpenBrowser(signInLink)
	var be *BrowserError
	if err == nil || errors.As(err, &be) {
		t.Fatalf("no browser installed: got %v, want xdg-open's failure", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "firefox"), []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := OpenBrowser(signInLink); !errors.As(err, &be) || len(be.Tried) != 1 || be.Tried[0] != "firefox" {
		t.Fatalf("a failing browser: got %v, want a *BrowserError naming firefox", err)
	}
}
