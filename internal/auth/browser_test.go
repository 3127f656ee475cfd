package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/testenv"
)

const chromiumPath = "/usr/bin/chromium"

// One headless Chromium serves the whole package: started by the first test
// that needs it, closed in TestMain. Each test opens its own tab.
var shared struct {
	once    sync.Once
	err     error
	dir     string
	ctx     context.Context
	cancels []context.CancelFunc
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(shared.cancels) - 1; i >= 0; i-- {
		shared.cancels[i]()
	}
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// chromiumTab returns a fresh tab of the shared browser. It skips the test
// when Chromium is not installed, and fails it in CI, where the browser
// tests must never be skipped silently.
func chromiumTab(t *testing.T) context.Context {
	t.Helper()
	testenv.RequireTools(t, chromiumPath)
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "printdrop-chromium-")
		if shared.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
			chromedp.Flag("headless", true),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(filepath.Join(shared.dir, "profile")),
			// Chromium leaves Singleton sockets in TMPDIR; keep them in ours.
			chromedp.Env("TMPDIR="+shared.dir),
		)
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		shared.cancels = append(shared.cancels, acancel, bcancel)
		shared.ctx = bctx
		// No timeout on the launch: a cold start on a busy CI box is slow.
		shared.err = chromedp.Do(bctx)
	})
	if shared.err != nil {
		t.Fatalf("start Chromium: %v", shared.err)
	}
	tab, cancel := chromedp.NewContext(shared.ctx)
	tab, cancelTimeout := context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return tab
}

// browserResult is where the tab ended after the sign-in.
type browserResult struct {
	text, location string
	err            error
}

// chromiumSignIn drives the emulator's pages in a real browser: user name,
// password, Sign in, then Accept or Cancel, and waits for the app's page.
func chromiumSignIn(tab context.Context, info emulator.Info, link, decision string) browserResult {
	err := chromedp.Do(tab,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), info.DemoUser),
		chromedp.SendKeys(chromedp.ID("password"), info.DemoPassword),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID(decision)),
		chromedp.Click(chromedp.ID(decision)),
		chromedp.WaitVisible(chromedp.ID("result")),
	)
	if err != nil {
		return browserResult{err: err}
	}
	text, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("result")))
	if err != nil {
		return browserResult{err: err}
	}
	loc, err := chromedp.Run(tab, chromedp.Location())
	return browserResult{text: text, location: loc, err: err}
}

func chromiumOpener(tab context.Context, info emulator.Info, decision string, out chan<- browserResult) func(string) error {
	return func(link string) error {
		go func() { out <- chromiumSignIn(tab, info, link, decision) }()
		return nil
	}
}

func TestBrowserSignIn(t *testing.T) {
	emu := emutest.Start(t, emulator.Config{})
	info := emu.Info
	for _, mode := range []ResponseMode{FormPost, Query} {
		t.Run(string(mode), func(t *testing.T) {
			tab := chromiumTab(t)
			results := make(chan browserResult, 1)
			m := emulatorManager(t, info, Config{ResponseMode: mode, Open: chromiumOpener(tab, info, "accept", results)})
			before := requestsTo(t, emu, "POST", "/oauth2/v2.0/token")
			acct, err := m.SignIn(context.Background(), Hooks{})
			r := <-results
			if err != nil {
				t.Fatalf("SignIn: %v (browser: %v)", err, r.err)
			}
			if r.err != nil || !strings.Contains(r.text, "You are signed in") {
				t.Fatalf("browser ended on %q at %q: %v", r.text, r.location, r.err)
			}
			if !strings.HasPrefix(r.location, "http://127.0.0.1:") || !strings.Contains(r.location, "/callback") {
				t.Fatalf("browser ended at %q, not the loopback callback", r.location)
			}
			if mode == FormPost && strings.Contains(r.location, "?") {
				t.Fatalf("form_post left the answer in the address bar: %q", r.location)
			}
			if mode == Query && !strings.Contains(r.location, "code=") {
				t.Fatalf("query mode should carry the code in the URL, got %q", r.location)
			}
			if acct.UPN != info.DemoUser {
				t.Fatalf("account %+v", acct)
			}
			if n := requestsTo(t, emu, "POST", "/oauth2/v2.0/token") - before; n != 1 {
				t.Fatalf("%d token requests for one sign-in, want 1 (the code exchange)", n)
			}
		})
	}
}

func TestBrowserCancelOnConsent(t *testing.T) {
	emu := emutest.Start(t, emulator.Config{})
	info := emu.Info
	tab := chromiumTab(t)
	results := make(chan browserResult, 1)
	m := emulatorManager(t, info, Config{Open: chromiumOpener(tab, info, "cancel", results)})
	_, err := m.SignIn(context.Background(), Hooks{})
	r := <-results
	if !errors.Is(err, ErrCancelled) || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("SignIn = %v, want a cancelled error", err)
	}
	if r.err != nil || !strings.Contains(r.text, "cancelled") {
		t.Fatalf("browser page %q: %v", r.text, r.err)
	}
	if n := requestsTo(t, emu, "POST", "/oauth2/v2.0/token"); n != 0 {
		t.Fatalf("%d token requests after Cancel, want 0", n)
	}
}

// TestShippedOpenerRunsXdgOpen goes through the real opener: pkg/browser
// finds an xdg-open first on PATH (a shim that records its argument), and
// the test hands that URL to Chromium like a desktop would.
func TestShippedOpenerRunsXdgOpen(t *testing.T) {
	info := emutest.Start(t, emulator.Config{}).Info
	tab := chromiumTab(t)
	dir := t.TempDir()
	record := filepath.Join(dir, "opened")
	shim := "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + record + "'\necho \"opening $1\"\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(shim), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))

	m := emulatorManager(t, info, Config{}) // Open nil: OpenBrowser
	results := make(chan browserResult, 1)
	go func() {
		var link string
		for range 200 {
			if b, err := os.ReadFile(record); err == nil && strings.HasSuffix(string(b), "\n") {
				link = strings.TrimSpace(string(b))
				break
			}
			time.Sleep(25 * time.Millisecond)
		}
		if link == "" {
			results <- browserResult{err: errors.New("xdg-open was never run")}
			return
		}
		results <- chromiumSignIn(tab, info, link, "accept")
	}()
	var failed error
	acct, err := m.SignIn(context.Background(), Hooks{OpenFailed: func(err error) { failed = err }})
	r := <-results
	if err != nil || r.err != nil {
		t.Fatalf("SignIn: %v; browser: %v", err, r.err)
	}
	if failed != nil {
		t.Fatalf("the shim succeeded but OpenFailed heard %v", failed)
	}
	if acct.UPN != info.DemoUser || !strings.Contains(r.text, "You are signed in") {
		t.Fatalf("account %+v, page %q", acct, r.text)
	}
	// The opener's command line (readable by any local user in
	// /proc/PID/cmdline) held only the one-time loopback start address:
	// no state, no code challenge.
	b, _ := os.ReadFile(record)
	arg := strings.TrimSpace(string(b))
	if lines := strings.Count(string(b), "\n"); lines != 1 || !strings.HasPrefix(arg, "http://127.0.0.1:") || !strings.Contains(arg, "/start/") ||
		strings.Contains(arg, "?") || strings.Contains(arg, "state") || strings.Contains(arg, "challenge") {
		t.Fatalf("xdg-open got %d calls, first %q", lines, strings.SplitN(arg, "?", 2)[0])
	}
}
