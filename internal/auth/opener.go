package auth

import (
	"errors"
	"io"
	"net/url"
	"strings"
	"sync"

	"github.com/pkg/browser"
)

var quietBrowser sync.Once

// OpenBrowser opens rawURL in the user's default browser through
// github.com/pkg/browser (xdg-open on Linux, open on macOS, ShellExecute on
// Windows). It refuses anything but an https URL, or http on 127.0.0.1 for
// the emulator, because the opener hands its argument to programs that read
// "-..." as an option and, on Windows, open whatever they are given.
//
// The opener's own output is discarded: xdg-open echoes the URL, which
// holds the sign-in state, and it must not reach a terminal or a log.
//
// Where the opener fails (xdg-open with no default browser registered),
// the browsers this machine has are tried in turn: $BROWSER, then the
// usual names (see openFallback).
//
// It blocks until the opener program exits, so call it off the UI
// goroutine (Manager.SignIn does).
func OpenBrowser(rawURL string) error {
	if err := CheckOpenable(rawURL); err != nil {
		return err
	}
	quietBrowser.Do(func() {
		browser.Stdout = io.Discard
		browser.Stderr = io.Discard
	})
	if err := browser.OpenURL(rawURL); err != nil {
		return openFallback(rawURL, err)
	}
	return nil
}

// CheckOpenable reports whether rawURL is safe to hand to a browser opener:
// an absolute https URL with a host, or plain http on 127.0.0.1.
func CheckOpenable(rawURL string) error {
	if rawURL == "" || strings.HasPrefix(rawURL, "-") || strings.ContainsAny(rawURL, " \t\r\n\x00") {
		return errors.New("refused to open a link that is not a plain web address")
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.Opaque != "" || u.User != nil {
		return errors.New("refused to open a link that is not a plain web address")
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && u.Hostname() == "127.0.0.1":
		return nil
	}
	return errors.New("refused to open a link that is neither https nor the local emulator")
}
