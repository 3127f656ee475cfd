//go:build linux || freebsd || netbsd || openbsd || dragonfly

package auth

import (
	"os"
	"os/exec"
	"strings"
	"time"
)

// knownBrowsers are tried, in this order, when xdg-open cannot open a
// link: a browser can be installed without being registered as the
// default (a minimal desktop, a browser from a tarball).
var knownBrowsers = []string{
	"sensible-browser", "x-www-browser",
	"firefox", "firefox-esr", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
	"microsoft-edge", "brave-browser", "epiphany", "falkon", "konqueror",
}

// browserSettle is how long a started browser may take to fail: one that
// is still running by then has taken the link (a first window stays in
// the foreground until it closes, so it is never waited for).
var browserSettle = 3 * time.Second

// openFallback tries the browsers this machine has, after the system's
// opener failed with first: those $BROWSER names (a list split by colons,
// "%s" standing for the link, as sensible-browser reads it), then
// knownBrowsers. It returns first if none could be started.
func openFallback(rawURL string, first error) error {
	var tried []string
	for _, cmd := range browserCommands(os.Getenv("BROWSER")) {
		name, args := cmd[0], cmd[1:]
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		tried = append(tried, name)
		if runBrowser(path, withURL(args, rawURL)) == nil {
			return nil
		}
	}
	if len(tried) == 0 {
		return first
	}
	return &BrowserError{Tried: tried, Err: first}
}

// BrowserError is a link no browser on this machine could open: the
// system's opener failed and so did each of Tried.
type BrowserError struct {
	Tried []string
	Err   error
}

func (e *BrowserError) Error() string {
	return "no browser opened the link (tried the default, then " + strings.Join(e.Tried, ", ") + ")"
}

func (e *BrowserError) Unwrap() error { return e.Err }

// browserCommands are the commands to try: $BROWSER's first, then the
// known names. Each is a program name and its arguments.
func browserCommands(env string) [][]string {
	var out [][]string
	for _, entry := range strings.Split(env, ":") {
		if f := strings.Fields(entry); len(f) > 0 {
			out = append(out, f)
		}
	}
	for _, name := range knownBrowsers {
		out = append(out, []string{name})
	}
	return out
}

// withURL puts the link where "%s" stands, or after the arguments.
func withURL(args []string, rawURL string) []string {
	out := make([]string, 0, len(args)+1)
	placed := false
	for _, a := range args {
		if strings.Contains(a, "%s") {
			a, placed = strings.ReplaceAll(a, "%s", rawURL), true
		}
		out = append(out, a)
	}
	if !placed {
		out = append(out, rawURL)
	}
	return out
}

// runBrowser starts a browser, its output discarded (it may echo the
// link), and reports a failure that comes within browserSettle.
func runBrowser(path string, args []string) error {
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }() // also reaps a browser left running
	select {
	case err := <-done:
		return err
	case <-time.After(browserSettle):
		return nil
	}
}
