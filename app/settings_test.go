package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"printdrop/internal/policy"
	"printdrop/internal/secret"
	"printdrop/internal/workflow"
)

// testDeps are the real dependencies without the machine's own policy
// file and the tester's window preferences, which no test may depend on:
// tests that want them set them in the value they run with.
func testDeps() deps {
	d := liveDeps()
	d.readPolicy = func() (policy.Policy, error) { return policy.Policy{}, nil }
	d.prefsPath = func() string { return "" }
	return d
}

// withSources gives one test's dependencies a policy, environment and
// window preference file.
func withSources(t *testing.T, pol policy.Values, env map[string]string, prefs map[string]string) deps {
	t.Helper()
	d := testDeps()
	d.readPolicy = func() (policy.Policy, error) {
		return policy.Policy{Values: pol, Where: "/etc/printdrop/printdrop.conf"}, nil
	}
	d.getenv = func(k string) string { return env[k] }
	path := filepath.Join(t.TempDir(), "preferences.json")
	fp, err := workflow.OpenFilePreferences(path)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range prefs {
		fp.SetString(k, v)
	}
	d.prefsPath = func() string { return path }
	return d
}

// TestResolveSettings_Precedence: flag > PRINTDROP_* > machine policy >
// the window's preferences > default, for every registration value, each
// remembering its source.
func TestResolveSettings_Precedence(t *testing.T) {
	const (
		idFlag, idEnv, idPol, idPref = "10000000-0000-4000-8000-000000000001", "20000000-0000-4000-8000-000000000002",
			"30000000-0000-4000-8000-000000000003", "40000000-0000-4000-8000-000000000004"
	)
	type level struct{ flag, env, pol, pref string }
	tests := []struct {
		name     string
		id, ten  level
		wantID   string
		wantTen  string
		wantFrom workflow.Source
	}{
		{"all set: the flag wins", level{idFlag, idEnv, idPol, idPref}, level{"f.example", "e.example", "p.example", "u.example"}, idFlag, "f.example", workflow.SourceFlag},
		{"no flag: the environment", level{"", idEnv, idPol, idPref}, level{"", "e.example", "p.example", "u.example"}, idEnv, "e.example", workflow.SourceEnvironment},
		{"no flag or env: the policy", level{"", "", idPol, idPref}, level{"", "", "p.example", "u.example"}, idPol, "p.example", workflow.SourcePolicy},
		{"only the user's preference", level{"", "", "", idPref}, level{"", "", "", "u.example"}, idPref, "u.example", workflow.SourcePreferences},
		{"nothing: the default", level{}, level{}, "", workflow.DefaultTenant, workflow.SourceDefault},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prefs := map[string]string{}
			if tc.id.pref != "" {
				prefs[workflow.KeyClientID], prefs[workflow.KeyTenant] = tc.id.pref, tc.ten.pref
			}
			d := withSources(t, policy.Values{ClientID: tc.id.pol, Tenant: tc.ten.pol},
				map[string]string{"PRINTDROP_CLIENT_ID": tc.id.env, "PRINTDROP_TENANT": tc.ten.env}, prefs)
			flags := &accountFlags{deps: d, clientID: tc.id.flag, tenant: tc.ten.flag}
			s := flags.settings(&strings.Builder{})
			if s.ClientID != tc.wantID || s.Tenant != tc.wantTen {
				t.Fatalf("client %q tenant %q, want %q %q", s.ClientID, s.Tenant, tc.wantID, tc.wantTen)
			}
			for _, k := range []string{workflow.KeyClientID, workflow.KeyTenant} {
				if got := s.From(k); got != tc.wantFrom {
					t.Errorf("%s from %v, want %v", k, got, tc.wantFrom)
				}
			}
			if want := "https://login.microsoftonline.com/" + tc.wantTen; s.Authority() != want {
				t.Errorf("authority %q, want %q", s.Authority(), want)
			}
		})
	}
}

// TestResolveSettings_PolicyCloudReplacesUserURLs: a policy's cloud wins
// over the custom addresses a user saved (one group, never mixed), and a
// flag's authority wins over the policy's cloud.
func TestResolveSettings_PolicyCloudReplacesUserURLs(t *testing.T) {
	d := withSources(t, policy.Values{ClientID: "30000000-0000-4000-8000-000000000003", Cloud: "usgov", Tenant: "contoso.onmicrosoft.us"}, nil,
		map[string]string{workflow.KeyCloud: "custom", workflow.KeyAuthority: "http://127.0.0.1:1/organizations", workflow.KeyGraphURL: "http://127.0.0.1:1"})
	s := (&accountFlags{deps: d}).settings(&strings.Builder{})
	if s.Authority() != "https://login.microsoftonline.us/contoso.onmicrosoft.us" || s.Graph() != "https://graph.microsoft.us" {
		t.Fatalf("authority %q graph %q: the user's custom URLs leaked past the policy's cloud", s.Authority(), s.Graph())
	}
	s = (&accountFlags{deps: d, authority: "http://127.0.0.1:2/t", graphURL: "http://127.0.0.1:2"}).settings(&strings.Builder{})
	if s.Authority() != "http://127.0.0.1:2/t" || s.Graph() != "http://127.0.0.1:2" || s.From(workflow.KeyAuthority) != workflow.SourceFlag {
		t.Fatalf("authority %q graph %q: flags did not win over the policy", s.Authority(), s.Graph())
	}
}

// TestResolveSettings_BadSourcesWarn: an unreadable policy and a bad cloud
// name are warnings on stderr, once; the run goes on with the rest.
func TestResolveSettings_BadSourcesWarn(t *testing.T) {
	d := withSources(t, policy.Values{}, map[string]string{"PRINTDROP_CLOUD": "mars", "PRINTDROP_CLIENT_ID": "20000000-0000-4000-8000-000000000002"}, nil)
	d.readPolicy = func() (policy.Policy, error) { return policy.Policy{}, errors.New("permission denied") }
	var stderr strings.Builder
	flags := &accountFlags{deps: d}
	s := flags.settings(&stderr)
	flags.settings(&stderr) // read once: no second warning
	out := stderr.String()
	if strings.Count(out, "machine policy could not be read") != 1 || strings.Count(out, `unknown cloud "mars"`) != 1 {
		t.Fatalf("warnings:\n%s", out)
	}
	if s.ClientID != "20000000-0000-4000-8000-000000000002" || s.Cloud != workflow.CloudGlobal {
		t.Fatalf("client %q cloud %q", s.ClientID, s.Cloud)
	}
}

// TestLoginUsesTheWindowsRegistration: what the setup form saved serves
// the commands: logout without any flag or variable finds the
// registration from the window's preferences rather than asking for a
// client ID.
func TestLoginUsesTheWindowsRegistration(t *testing.T) {
	d := withSources(t, policy.Values{}, nil, nil)
	d.store = secret.Memory()
	r := runAcctCmd(d, "logout")
	if r.code != exitSignIn || !strings.Contains(r.stderr, "application (client) ID") {
		t.Fatalf("without any registration logout should ask for one: %+v", r)
	}
	d = withSources(t, policy.Values{}, nil, map[string]string{workflow.KeyClientID: "40000000-0000-4000-8000-000000000004"})
	d.store = secret.Memory()
	r = runAcctCmd(d, "logout")
	if r.code != exitOK {
		t.Fatalf("with the window's registration, logout failed: %+v", r)
	}
}
