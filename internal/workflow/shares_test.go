package workflow

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"printdrop/internal/auth"
	"printdrop/internal/emulator"
	"printdrop/internal/graph"
)

var testShares = []graph.Share{
	{ID: "s1", DisplayName: "Lyon HQ – Floor 2 Copy Room", Model: "LaserMax 400", Manufacturer: "Contoso",
		Location: &graph.Location{Building: "B", Floor: "2", City: "Lyon"}},
	{ID: "s2", DisplayName: "Zürich Étage 3", Model: "ColorJet 9", Location: &graph.Location{City: "Zürich"}},
	{ID: "s3", DisplayName: "Reception", Model: "ColorJet 9"},
	{ID: "s4", DisplayName: "reception", Model: "Mono 1"},
	{ID: "s5", DisplayName: "Lyon HQ – Floor 3"},
}

func ids(shares []graph.Share) string {
	var out []string
	for _, s := range shares {
		out = append(out, s.ID)
	}
	return strings.Join(out, ",")
}

func TestFilter(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":               "s1,s2,s3,s4,s5",
		"lyon":           "s1,s5",
		"LYON floor 2":   "s1",
		"zurich":         "s2",
		"etage colorjet": "s2",
		"colorjet":       "s2,s3",
		"building b":     "s1", // location words
		"contoso":        "s1", // manufacturer
		"nowhere":        "",
	}
	for q, want := range tests {
		if got := ids(Filter(testShares, q)); got != want {
			t.Errorf("Filter(%q) = %s, want %s", q, got, want)
		}
	}
}

func TestPickShare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q, want, err string
	}{
		{"s3", "s3", ""},                            // exact id
		{"Reception", "s3", ""},                     // exact name beats the case-insensitive one
		{"RECEPTION", "", "2 printer shares match"}, // two case-insensitive matches
		{"zurich etage 3", "s2", ""},                // accent-insensitive name
		{"floor 3", "s5", ""},                       // unique partial match
		{"lyon", "", "2 printer shares match"},
		{"Paris", "", "No printer share is called"},
	}
	for _, tt := range tests {
		got, err := pickShare(testShares, tt.q)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("pickShare(%q) = %s, %v; want error %q", tt.q, got.ID, err, tt.err)
		case tt.err == "" && (err != nil || got.ID != tt.want):
			t.Errorf("pickShare(%q) = %s, %v; want %s", tt.q, got.ID, err, tt.want)
		}
	}
	_, err := pickShare(testShares, "lyon")
	var amb *AmbiguousShareError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || !strings.Contains(amb.Candidates[0], "(s1)") {
		t.Fatalf("ambiguity error = %#v", err)
	}
}

func TestSharesFromEmulator(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	ctx := context.Background()
	all, err := e.svc.Shares(ctx)
	must(t, err)
	var mu sync.Mutex
	var paged []graph.Share
	pages := 0
	must(t, e.svc.SharePages(ctx, func(p []graph.Share) error {
		mu.Lock()
		defer mu.Unlock()
		pages++
		paged = append(paged, p...)
		return nil
	}))
	if len(all) < 20 || ids(paged) != ids(all) {
		t.Fatalf("Shares gave %d, SharePages %d in %d pages", len(all), len(paged), pages)
	}
	if got := Filter(all, "osaka jammed"); len(got) != 1 || got[0].ID != emulator.ShareStopped {
		t.Fatalf("Filter(osaka jammed) = %s", ids(got))
	}
	if _, err := e.svc.ResolveShare(ctx, "no such printer anywhere"); !errors.As(err, new(*ShareNotFoundError)) {
		t.Fatalf("ResolveShare(unknown) = %v", err)
	}

	stopped := e.printer(emulator.ShareStopped)
	if stopped.Readiness.State != Stopped || stopped.Readiness.Reason != "paper jam" || stopped.Readiness.CanPrint() {
		t.Fatalf("stopped share readiness = %+v", stopped.Readiness)
	}
	if na := e.printer(emulator.ShareNotAccepting); na.Readiness.State != NotAccepting {
		t.Fatalf("not-accepting share readiness = %+v", na.Readiness)
	}
	p := e.printer(emulator.ShareDefault)
	if p.Readiness.State != Ready || p.Options.MaxCopies != 99 || !p.Options.PageRanges || len(p.Options.MediaSizes) == 0 {
		t.Fatalf("default share = %+v", p)
	}
	if err := p.Defaults.Validate(p.Options); err != nil {
		t.Fatalf("the printer's own defaults do not validate: %v", err)
	}
	if _, err := e.svc.ResolveJobSettings(p, JobSettings{MediaSize: "Tabloid"}); !IsRefused(err) || !strings.Contains(err.Error(), "choose") {
		t.Fatalf("unsupported media = %v", err)
	}
	cfg, err := JobSettings{Copies: 2, ColorMode: "grayscale", PageRanges: "1-3,5"}.Configuration()
	must(t, err)
	if *cfg.Copies != 2 || *cfg.ColorMode != graph.ColorGrayscale || len(cfg.PageRanges) != 2 || cfg.PageRanges[1] != (graph.IntRange{Start: 5, End: 5}) || cfg.DuplexMode != nil {
		t.Fatalf("Configuration = %+v", cfg)
	}
}

func TestAccountWithStaticToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	if _, ok := e.svc.Account(); ok {
		t.Fatal("signed in before Restore")
	}
	acct, err := e.svc.Restore(context.Background())
	if err != nil || acct.UPN != emulator.DemoUserUPN {
		t.Fatalf("Restore = %+v, %v", acct, err)
	}
	if got, ok := e.svc.Account(); !ok || got != acct {
		t.Fatalf("Account = %+v, %v", got, ok)
	}
	if _, err := e.svc.SignIn(context.Background(), auth.Hooks{}); !errors.Is(err, ErrStaticToken) {
		t.Fatalf("SignIn with a static token = %v", err)
	}
}

func TestNewNeedsClientID(t *testing.T) {
	t.Parallel()
	if _, err := New(Params{Settings: DefaultSettings()}); !errors.Is(err, ErrNoClientID) {
		t.Fatalf("New without client id = %v", err)
	}
}
