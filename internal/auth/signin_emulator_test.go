package auth

import (
	"context"
	"errors"
	"strings"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestSignInAgainstEmulator runs the whole sign-in in both response modes
// with a plain HTTP user: authorize, password, consent, the loopback
// callback, the code exchange and /me.
func TestSignInAgainstEmulator(t *testing.T) {
	t.Parallel()
	info := emutest.Start(t, emulator.Config{}).Info
	for _, mode := range []ResponseMode{FormPost, Query} {
		t.Run(string(mode), func(t *testing.T) {
			store := newCountingStore()
			pages := make(chan webPage, 1)
			m := emulatorManager(t, info, Config{ResponseMode: mode, Store: store,
				Open: newHTTPUser(t, info, "accept").opener(pages)})
			acct, err := m.SignIn(context.Background(), Hooks{})
			if err != nil {
				t.Fatalf("SignIn: %v", err)
			}
			p := <-pages
			if p.status != 200 || !strings.Contains(p.body, "You are signed in") {
				t.Fatalf("browser ended on %d %q", p.status, p.body)
			}
			if mode == FormPost && p.url.RawQuery != "" {
				t.Fatalf("form_post left a query in the address bar: %q", p.url.RawQuery)
			}
			if acct.UPN != info.DemoUser || acct.Name == "" || acct.ID == "" {
				t.Fatalf("account %+v, want the demo user %s", acct, info.DemoUser)
			}
			if got, ok := m.Account(); !ok || got != acct {
				t.Fatalf("Account() = %+v, %v", got, ok)
			}
			if store.savesOf(m.rtKey) != 1 {
				t.Fatalf("refresh token saved %d times at sign-in, want 1", store.savesOf(m.rtKey))
			}
			tok, err := m.TokenSource().Token()
			if err != nil || tok.AccessToken == "" {
				t.Fatalf("Token() = %v", err)
			}
			// A second Manager on the same store restores without a sign-in.
			m2 := emulatorManager(t, info, Config{Store: store})
			if got, err := m2.Restore(context.Background()); err != nil || got.UPN != info.DemoUser {
				t.Fatalf("Restore = %+v, %v", got, err)
			}
			if err := m.SignOut(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := m.TokenSource().Token(); !errors.Is(err, ErrSignInRequired) {
				t.Fatalf("Token after sign-out = %v, want ErrSignInRequired", err)
			}
			if _, err := emulatorManager(t, info, Config{Store: store}).Restore(context.Background()); !errors.Is(err, ErrSignInRequired) {
				t.Fatalf("Restore after sign-out = %v, want ErrSignInRequired", err)
			}
		})
	}
}

// TestDeclineMakesNoTokenRequest: Cancel on the consent page ends the
// sign-in with a "cancelled" error and the app never calls the token
// endpoint.
func TestDeclineMakesNoTokenRequest(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, emulator.Config{})
	info := emu.Info
	pages := make(chan webPage, 1)
	m := emulatorManager(t, info, Config{Open: newHTTPUser(t, info, "cancel").opener(pages)})
	_, err := m.SignIn(context.Background(), Hooks{})
	if !errors.Is(err, ErrCancelled) || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("SignIn = %v, want ErrCancelled", err)
	}
	if p := <-pages; !strings.Contains(p.body, "Sign-in cancelled") {
		t.Fatalf("browser page: %q", p.body)
	}
	if n := requestsTo(t, emu, "POST", "/oauth2/v2.0/token"); n != 0 {
		t.Fatalf("%d token requests after a declined sign-in, want 0", n)
	}
	if _, ok := m.Account(); ok {
		t.Fatal("signed in after declining")
	}
}

func TestDeviceCodeSignIn(t *testing.T) {
	t.Parallel()
	info := emutest.Start(t, emulator.Config{}).Info
	for _, decision := range []string{"accept", "cancel"} {
		t.Run(decision, func(t *testing.T) {
			t.Parallel()
			m := emulatorManager(t, info, Config{})
			user := newHTTPUser(t, info, decision)
			shown := 0
			acct, err := m.SignInWithDeviceCode(context.Background(), Hooks{ShowDeviceCode: func(dc DeviceCode) {
				shown++
				if dc.UserCode == "" || !strings.HasSuffix(dc.VerificationURI, "/devicelogin") || dc.Expires.IsZero() {
					t.Errorf("device code %+v", dc)
				}
				go func() {
					if _, err := user.approveDevice(dc); err != nil {
						t.Errorf("device approval: %v", err)
					}
				}()
			}})
			if shown != 1 {
				t.Fatalf("ShowDeviceCode called %d times", shown)
			}
			if decision == "cancel" {
				if !errors.Is(err, ErrCancelled) {
					t.Fatalf("declined device code: %v, want ErrCancelled", err)
				}
				return
			}
			if err != nil || acct.UPN != info.DemoUser {
				t.Fatalf("device sign-in = %+v, %v", acct, err)
			}
			if _, err := m.TokenSource().Token(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDeviceCodeCancelledByContext(t *testing.T) {
	t.Parallel()
	info := emutest.Start(t, emulator.Config{}).Info
	m := emulatorManager(t, info, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	_, err := m.SignInWithDeviceCode(ctx, Hooks{ShowDeviceCode: func(DeviceCode) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("SignInWithDeviceCode after cancel = %v, want context.Canceled", err)
	}
}
