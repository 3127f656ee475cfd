package graph

import (
	"errors"
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

func TestSharesPagingAndSelect(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	ctx := t.Context()

	all, err := c.Shares(ctx, ShareQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 20 {
		t.Fatalf("the demo seed should show ~30 shares, got %d", len(all))
	}
	var pageSizes []int
	var paged []Share
	err = c.SharePages(ctx, ShareQuery{Top: 2}, func(p []Share) error {
		pageSizes = append(pageSizes, len(p))
		paged = append(paged, p...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paged) != len(all) || len(pageSizes) < len(all)/2 {
		t.Fatalf("$top=2 paging gave %d shares in %d pages; want all %d", len(paged), len(pageSizes), len(all))
	}
	seen := map[string]bool{}
	for i, s := range paged {
		if seen[s.ID] {
			t.Fatalf("share %s returned twice", s.ID)
		}
		seen[s.ID] = true
		if s.ID != all[i].ID {
			t.Fatalf("paging changed the order at %d", i)
		}
		if s.Capabilities != nil || s.Defaults != nil {
			t.Fatalf("list items never carry capabilities/defaults (%s)", s.ID)
		}
	}
	for _, n := range pageSizes {
		if n > 2 {
			t.Fatalf("a $top=2 page had %d items", n)
		}
	}
	if got := len(e.matching("GET", "/v1.0/print/shares")); got < len(pageSizes)+1 {
		t.Fatalf("request log shows %d share listings, want at least %d", got, len(pageSizes)+1)
	}
	stop := errors.New("enough")
	calls := 0
	if err := c.SharePages(ctx, ShareQuery{Top: 2}, func([]Share) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("an error from fn must stop the walk: %v after %d calls", err, calls)
	}

	full, err := c.Share(ctx, all[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.Capabilities == nil || len(full.Capabilities.ContentTypes) == 0 || full.Defaults == nil || full.Status == nil || full.IsAcceptingJobs == nil {
		t.Fatalf("Share must $select capabilities, defaults, status: %+v", full)
	}

	filtered, err := c.Shares(ctx, ShareQuery{Filter: "displayName eq '" + all[0].DisplayName + "'"})
	if err != nil {
		t.Fatal(err)
	}
	if len(filtered) != 1 || filtered[0].ID != all[0].ID {
		t.Fatalf("$filter on displayName gave %v", filtered)
	}
}

func TestUnknownPrinterDetailDecodes(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	share := e.firstShare(c)
	e.SetPrinterStatus(share.ID, emutest.PrinterStatus{
		State: "stopped", Details: []string{"disconnected"}, Description: "Printer is offline"})
	got, err := c.Share(t.Context(), share.ID)
	if err != nil {
		t.Fatalf("a share with an unknown detail must decode: %v", err)
	}
	if got.Status.State != PrinterStopped || len(got.Status.Details) != 1 || got.Status.Details[0] != DetailDisconnected {
		t.Fatalf("status = %+v", got.Status)
	}
	if _, err := c.Shares(t.Context(), ShareQuery{}); err != nil {
		t.Fatal(err)
	}
}

func TestMeRecentAndPrinterID(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	ctx := t.Context()
	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.UserPrincipalName != emulator.DemoUserUPN || me.ID == "" {
		t.Fatalf("me = %+v", me)
	}
	if _, err := c.RecentShares(ctx); err != nil {
		t.Fatal(err)
	}
	share := e.firstShare(c)
	pid, err := c.SharePrinterID(ctx, share.ID)
	if err != nil || pid == "" {
		t.Fatalf("SharePrinterID: %q %v", pid, err)
	}
	before := len(e.Requests())
	if again, err := c.SharePrinterID(ctx, share.ID); err != nil || again != pid {
		t.Fatalf("second SharePrinterID: %q %v", again, err)
	}
	if after := len(e.Requests()); after != before {
		t.Fatalf("the printer id must be cached: %d new requests", after-before)
	}
}

func TestAuthErrorsMapped(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	ctx := t.Context()

	noToken := e.clientWith(Options{})
	_, err := noToken.Shares(ctx, ShareQuery{})
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != http.StatusUnauthorized || !IsUnauthorized(err) || ge.Code != "InvalidAuthenticationToken" {
		t.Fatalf("no bearer: want 401 InvalidAuthenticationToken, got %v", err)
	}
	if ge.RequestID == "" || ge.ClientRequestID == "" {
		t.Fatalf("errors must carry request ids: %+v", ge)
	}

	bad := e.clientWith(Options{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "not-a-token"})})
	if _, err := bad.Me(ctx); !IsUnauthorized(err) {
		t.Fatalf("garbage bearer: want 401, got %v", err)
	}

	narrow := e.client("User.Read")
	_, err = narrow.Shares(ctx, ShareQuery{})
	if !IsForbidden(err) || IsUnauthorized(err) {
		t.Fatalf("missing scope: want 403, got %v", err)
	}

	failing := e.clientWith(Options{TokenSource: failingSource{}})
	_, err = failing.Me(ctx)
	var te *TokenError
	if !errors.As(err, &te) || !IsUnauthorized(err) {
		t.Fatalf("token source failure: want TokenError, got %T %v", err, err)
	}
	if n := len(e.matching("GET", "/v1.0/me")); n != 1 { // only the garbage-bearer call reached Graph
		t.Fatalf("a request without a token must not be sent; log shows %d", n)
	}

	_, err = e.client().Share(ctx, "00000000-0000-0000-0000-000000000000")
	if !IsNotFound(err) {
		t.Fatalf("unknown share: want 404, got %v", err)
	}
}

type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) { return nil, errors.New("refresh token expired") }
