package workflow

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/secret"
)

// TestShareListKeptPerAccount: a complete list is kept in a private file
// of the cache folder, read back by the next launch of the same account on
// the same authority only, without a secret in it, and forgotten on
// sign-out (ForgetShares).
func TestShareListKeptPerAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	dir := t.TempDir()
	svc := e.service(Params{ShareCacheDir: dir})
	if _, ok := svc.CachedShares(); ok {
		t.Fatal("a list before anyone signed in")
	}
	if _, err := svc.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Shares(ctx); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("files %v, want one list", files)
	}
	st, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
	raw, _ := os.ReadFile(files[0])
	if tok := e.Token(); strings.Contains(string(raw), tok[:20]) || strings.Contains(string(raw), "Bearer") {
		t.Fatal("the kept list holds a token")
	}
	if strings.Contains(string(raw), `"status"`) {
		t.Fatal("the kept list holds a status, which would pass for today's")
	}

	next := e.service(Params{ShareCacheDir: dir})
	if _, err := next.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	c, ok := next.CachedShares()
	if !ok || len(c.Shares) != 29 || c.Saved.IsZero() {
		t.Fatalf("next launch: ok %v, %d shares, saved %v", ok, len(c.Shares), c.Saved)
	}

	other := e.service(Params{ShareCacheDir: dir, TokenSource: staticTokenFor(e, emulator.SecondUserUPN)})
	if _, err := other.Restore(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := other.CachedShares(); ok {
		t.Fatal("another account sees the demo user's list")
	}

	next.ForgetShares()
	if _, ok := next.CachedShares(); ok {
		t.Fatal("the list survived ForgetShares")
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.json")); len(files) != 0 {
		t.Fatalf("files %v after ForgetShares", files)
	}
}

// TestShareStatusesReuseRecentReads: a status read less than StatusTTL ago
// costs no request; ForgetStatuses reads again.
func TestShareStatusesReuseRecentReads(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	ids := []string{emulator.ShareDefault, emulator.ShareStopped}
	read := func() (n int, got int) {
		e.ClearRequests()
		if err := e.svc.ShareStatuses(ctx, ids, func(ShareStatus) { got++ }); err != nil {
			t.Fatal(err)
		}
		return len(e.Requests()), got
	}
	if n, got := read(); n != 2 || got != 2 {
		t.Fatalf("first read: %d requests, %d reported", n, got)
	}
	if n, got := read(); n != 0 || got != 2 {
		t.Fatalf("second read: %d requests, %d reported; want 0 and 2", n, got)
	}
	e.svc.ForgetStatuses()
	if n, _ := read(); n != 2 {
		t.Fatalf("after ForgetStatuses: %d requests, want 2", n)
	}
}

// staticTokenFor is a token source for another seeded user.
func staticTokenFor(e *testEnv, upn string) oauth2.TokenSource {
	var out struct {
		AccessToken string `json:"access_token"`
	}
	e.Control("POST", "/tokens", map[string]any{"user": upn, "scopes": emutest.DefaultScopes}, &out)
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: out.AccessToken, TokenType: "Bearer"})
}

// TestListThroughAnotherHostName: a client that reaches Graph under another
// name than the emulator's own (a proxy, a port forward; here "localhost")
// walks every page, because nextLink names the host it called and the
// bearer goes there.
func TestListThroughAnotherHostName(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{SeedShares: 2500})
	set := DefaultSettings()
	set.Cloud, set.AuthorityURL, set.ClientID = CloudCustom, e.Info.AuthorityURL, e.Info.ClientID
	set.GraphURL = strings.Replace(e.Info.GraphURL, "127.0.0.1", "localhost", 1)
	g, err := New(Params{Settings: set, ShareCacheDir: "-", CheckpointDir: t.TempDir(), Secrets: secret.Memory(),
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token(), TokenType: "Bearer"})})
	if err != nil {
		t.Fatal(err)
	}
	shares, err := g.Shares(context.Background())
	if err != nil || len(shares) != 2500 {
		t.Fatalf("Shares through localhost = %d shares, %v", len(shares), err)
	}
}
