package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/secret"
)

// signedInManager signs the demo user in with a plain HTTP user.
func signedInManager(t *testing.T, info emulator.Info, cfg Config) *Manager {
	t.Helper()
	pages := make(chan webPage, 1)
	cfg.Open = newHTTPUser(t, info, "accept").opener(pages)
	m := emulatorManager(t, info, cfg)
	if _, err := m.SignIn(context.Background(), Hooks{}); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	<-pages
	return m
}

// TestRefreshRotationPersistedOncePerRotation uses access tokens that are
// already "expired" for the client (ExpiryDelta far beyond their 1 s life),
// so every Token() call is one refresh and one rotation: each must be
// stored exactly once. With a normal delta, no refresh and no save happen.
func TestRefreshRotationPersistedOncePerRotation(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, emulator.Config{AccessTokenTTL: time.Second})
	info := emu.Info
	store := newCountingStore()
	m := signedInManager(t, info, Config{Store: store, ExpiryDelta: time.Hour})
	first, _ := store.Load(m.rtKey)
	refreshesBefore := requestsTo(t, emu, "POST", "/oauth2/v2.0/token")
	savesBefore := store.savesOf(m.rtKey) // sign-in, plus the refresh /me needed

	src := m.TokenSource()
	seen := map[string]bool{first: true}
	for i := 1; i <= 3; i++ {
		tok, err := src.Token()
		if err != nil {
			t.Fatalf("Token %d: %v", i, err)
		}
		stored, _ := store.Load(m.rtKey)
		if stored != tok.RefreshToken || seen[stored] {
			t.Fatalf("after refresh %d the store holds a stale refresh token", i)
		}
		seen[stored] = true
		if got := store.savesOf(m.rtKey) - savesBefore; got != i {
			t.Fatalf("after %d rotations the refresh token was saved %d more times, want %d", i, got, i)
		}
	}
	if n := requestsTo(t, emu, "POST", "/oauth2/v2.0/token") - refreshesBefore; n != 3 {
		t.Fatalf("%d token requests for 3 Token() calls, want 3", n)
	}

	// The emulator revokes the family when a rotated token is presented
	// again: a second app instance still holding the first refresh token
	// is refused, and it forgets that token.
	stale := secret.Memory()
	_ = stale.Save(m.rtKey, first)
	_ = stale.Save(m.acctKey, `{"upn":"x"}`)
	other := emulatorManager(t, info, Config{Store: stale})
	if _, err := other.Restore(context.Background()); err != nil {
		t.Fatalf("Restore with a stored account makes no network call and succeeds: %v", err)
	}
	if _, err := other.TokenSource().Token(); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("reused refresh token: %v, want ErrSignInRequired", err)
	}
	if _, err := stale.Load(other.rtKey); !errors.Is(err, secret.ErrNotFound) {
		t.Fatalf("invalid_grant left the refresh token in the store (err %v)", err)
	}
	if _, err := stale.Load(other.acctKey); !errors.Is(err, secret.ErrNotFound) {
		t.Fatal("invalid_grant left the account in the store")
	}
	if _, ok := other.Account(); ok {
		t.Fatal("still signed in after invalid_grant")
	}
	// The reuse revoked the whole family, so the first instance is out too.
	if _, err := src.Token(); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("after family revocation: %v, want ErrSignInRequired", err)
	}
	if _, err := store.Load(m.rtKey); !errors.Is(err, secret.ErrNotFound) {
		t.Fatal("the revoked refresh token is still stored")
	}
}

// TestTwoProcessesShareRotations: the window and "printdrop send" share the
// keychain. When one rotates the refresh token, the other must refresh with
// the stored one, not its spent copy: the emulator, like any platform with
// reuse detection, would revoke the whole sign-in.
func TestTwoProcessesShareRotations(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, emulator.Config{AccessTokenTTL: time.Second})
	info := emu.Info
	store := newCountingStore()
	// Every Token() call refreshes: the tokens live 1 s, the delta is 1 h.
	window := signedInManager(t, info, Config{Store: store, ExpiryDelta: time.Hour})
	send := emulatorManager(t, info, Config{Store: store, ExpiryDelta: time.Hour})
	if _, err := send.Restore(context.Background()); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	// A reuse would revoke the family: the next refresh of either fails.
	for i, m := range []*Manager{send, window, send, window, send} {
		if _, err := m.TokenSource().Token(); err != nil {
			t.Fatalf("refresh %d: %v", i+1, err)
		}
	}
}

// TestFailedSaveIsNotAReuse: when saving a rotated refresh token fails, the
// store keeps one this process already redeemed; the next refresh must use
// the token in memory, not present the stored one again.
func TestFailedSaveIsNotAReuse(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, emulator.Config{AccessTokenTTL: time.Second})
	store := &failingStore{Store: secret.Memory()}
	m := signedInManager(t, emu.Info, Config{Store: store, ExpiryDelta: time.Hour})
	store.setFailing(true)
	if _, err := m.TokenSource().Token(); err != nil {
		t.Fatalf("refresh with a locked keychain: %v", err)
	}
	store.setFailing(false)
	for i := range 2 {
		if _, err := m.TokenSource().Token(); err != nil {
			t.Fatalf("refresh %d after the failed save: %v", i+1, err)
		}
	}
}

func TestNoRefreshWhileTheTokenIsFresh(t *testing.T) {
	t.Parallel()
	emu := emutest.Start(t, emulator.Config{})
	info := emu.Info
	store := newCountingStore()
	m := signedInManager(t, info, Config{Store: store})
	before := requestsTo(t, emu, "POST", "/oauth2/v2.0/token")
	for range 5 {
		if _, err := m.TokenSource().Token(); err != nil {
			t.Fatal(err)
		}
	}
	if n := requestsTo(t, emu, "POST", "/oauth2/v2.0/token") - before; n != 0 {
		t.Fatalf("%d refreshes with a one-hour token, want 0", n)
	}
	if got := store.savesOf(m.rtKey); got != 1 {
		t.Fatalf("refresh token saved %d times, want 1 (sign-in only)", got)
	}
}

// TestKeychainFailureFallsBackToMemory: with no usable keychain the sign-in
// still works for this run, and the user is told exactly once why it will
// not survive a restart. Not parallel: go-keyring's mock is global.
func TestKeychainFailureFallsBackToMemory(t *testing.T) {
	keyring.MockInitWithError(errors.New("the name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	info := emutest.Start(t, emulator.Config{}).Info
	var notices []string
	pages := make(chan webPage, 1)
	m, err := New(Config{
		ClientID: info.ClientID, Authority: info.AuthorityURL, GraphURL: info.GraphURL,
		Logger: discardLogger(), OnNotice: func(s string) { notices = append(notices, s) },
		Open: newHTTPUser(t, info, "accept").opener(pages),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Restore(context.Background()); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("Restore = %v, want ErrSignInRequired", err)
	}
	acct, err := m.SignIn(context.Background(), Hooks{})
	<-pages
	if err != nil || acct.UPN != info.DemoUser {
		t.Fatalf("SignIn with no keychain = %+v, %v", acct, err)
	}
	if _, err := m.TokenSource().Token(); err != nil {
		t.Fatal(err)
	}
	if got, ok := m.StoredAccount(); !ok || got.UPN != info.DemoUser {
		t.Fatalf("the memory fallback does not hold the sign-in: %+v %v", got, ok)
	}
	_ = m.SignOut(context.Background())
	if len(notices) != 1 {
		t.Fatalf("%d notices, want exactly 1: %q", len(notices), notices)
	}
	if want := "sign in again next time"; !strings.Contains(notices[0], want) || !strings.Contains(notices[0], "org.freedesktop.secrets") {
		t.Fatalf("notice %q should say why and that the user will %s", notices[0], want)
	}
}
