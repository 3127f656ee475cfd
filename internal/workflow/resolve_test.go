package workflow

import (
	"fmt"
	"strings"
	"testing"

	"printdrop/internal/auth"
)

// TestResolve_LayersByPrecedenceNotOrder: the layers' order in the call
// does not matter, only their source.
func TestResolve_LayersByPrecedenceNotOrder(t *testing.T) {
	p := NewMemoryPreferences()
	p.SetString(KeyClientID, "pref")
	r := Resolve(p,
		Layer{Source: SourceFlag, ClientID: "flag"},
		Layer{Source: SourcePolicy, ClientID: "policy", Tenant: "contoso.com"},
		Layer{Source: SourceEnvironment, ClientID: "env"})
	if r.ClientID != "flag" || r.From(KeyClientID) != SourceFlag || r.Tenant != "contoso.com" || r.From(KeyTenant) != SourcePolicy {
		t.Fatalf("%+v", r)
	}
	keys, by := r.Locked()
	if by != SourceFlag || len(keys) != 2 {
		t.Fatalf("locked %v by %v", keys, by)
	}
	if keys, _ := Resolve(p).Locked(); len(keys) != 0 {
		t.Fatalf("the user's own preferences are locked: %v", keys)
	}
}

// TestSaveRegistration keeps locked keys, drops the URLs of a named cloud,
// and removes what was cleared.
func TestSaveRegistration(t *testing.T) {
	p := NewMemoryPreferences()
	p.SetString(KeyTenant, "old.example")
	SaveRegistration(p, Layer{ClientID: "id", Tenant: "", Cloud: "usgov", AuthorityURL: "http://x/t", GraphURL: "http://x"}, nil)
	if p.StringWithFallback(KeyClientID, "") != "id" || p.StringWithFallback(KeyTenant, "-") != "-" ||
		p.StringWithFallback(KeyCloud, "") != "usgov" || p.StringWithFallback(KeyAuthority, "-") != "-" {
		t.Fatalf("%+v", p.values)
	}
	SaveRegistration(p, Layer{ClientID: "new", Cloud: "custom", AuthorityURL: "http://x/t", GraphURL: "http://x"}, []string{KeyClientID})
	if p.StringWithFallback(KeyClientID, "") != "id" || p.StringWithFallback(KeyAuthority, "") != "http://x/t" {
		t.Fatalf("%+v", p.values)
	}
}

func TestCheckClientIDAndTenant(t *testing.T) {
	for _, s := range []string{"4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", " 4F5E6D7C-8B9A-4C1D-8E2F-3A4B5C6D7E80 "} {
		if err := CheckClientID(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "4f5e6d7c8b9a4c1d8e2f3a4b5c6d7e80", "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e8g", "PrintDrop"} {
		if CheckClientID(s) == nil {
			t.Errorf("%q accepted as a client ID", s)
		}
	}
	for _, s := range []string{"", "organizations", "contoso.onmicrosoft.com", "8b1f0c2e-5a7d-4c3b-9e1f-2d4a6b8c0e11", "fabrikam.co.uk"} {
		if err := CheckTenant(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"contoso", "a b.com", "https://login.microsoftonline.com/x", "-bad.com"} {
		if CheckTenant(s) == nil {
			t.Errorf("%q accepted as a tenant", s)
		}
	}
	for in, want := range map[string]Cloud{"Global": CloudGlobal, "AzureUSGovernment": CloudUSGov, "us-dod": CloudUSDoD, "china": CloudChina} {
		if got, err := ParseCloud(in); got != want || err != nil {
			t.Errorf("ParseCloud(%q) = %q, %v", in, got, err)
		}
	}
}

// TestExplain_RegistrationProblems: each identity platform code that names
// a setup problem gets its own sentence, whether the code came in the token
// endpoint's error_codes or first in a description sent back through the
// browser.
func TestExplain_RegistrationProblems(t *testing.T) {
	for code, want := range map[int]string{
		700016:  "The application (client) ID is not known",
		50011:   "The app registration does not accept PrintDrop's sign-in address",
		90002:   "The tenant was not found",
		50020:   "Your account's organization may not use",
		500200:  "Your account's organization may not use",
		7000218: "Signing in with a code is turned off",
		65001:   "Nobody has approved",
		50194:   "This app registration is for one organization only",
	} {
		for _, err := range []error{
			&auth.AuthError{Code: "invalid_request", ErrorCodes: []int{code}},
			fmt.Errorf("signing in: %w", &auth.AuthError{Code: "invalid_request", Description: fmt.Sprintf("AADSTS%d: text from the platform", code)}),
		} {
			if got, _, _ := Explain(err); !strings.HasPrefix(got, want) {
				t.Errorf("AADSTS%d (%v): headline %q, want %q", code, err, got, want)
			}
		}
	}
	if got, _, _ := Explain(&auth.AuthError{Code: "invalid_request", Description: "AADSTS1234567: something else"}); got != "The sign-in was refused" {
		t.Errorf("an unlisted code: %q", got)
	}
}
