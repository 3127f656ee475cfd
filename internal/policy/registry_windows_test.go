//go:build windows

package policy

import (
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// TestReadRegistry reads the policy values from a key of the test's own
// under HKEY_CURRENT_USER (HKLM needs an administrator): strings are read,
// other types are warnings, a missing key is an empty policy.
func TestReadRegistry(t *testing.T) {
	path := `Software\PrintDropPolicyTest\` + strings.ReplaceAll(t.Name(), "/", "_")
	k, _, err := registry.CreateKey(registry.CURRENT_USER, path, registry.ALL_ACCESS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k.Close()
		_ = registry.DeleteKey(registry.CURRENT_USER, path)
		_ = registry.DeleteKey(registry.CURRENT_USER, `Software\PrintDropPolicyTest`)
	})
	for name, v := range map[string]string{"ClientId": "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", "Tenant": "contoso.onmicrosoft.com", "GraphUrl": "https://graph.example"} {
		if err := k.SetStringValue(name, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.SetDWordValue("Cloud", 1); err != nil {
		t.Fatal(err)
	}
	p, err := ReadRegistry(registry.CURRENT_USER, path)
	if err != nil {
		t.Fatal(err)
	}
	want := Values{ClientID: "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", Tenant: "contoso.onmicrosoft.com", GraphURL: "https://graph.example"}
	if p.Values != want || len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], `\Cloud is not a string`) {
		t.Fatalf("got %+v, warnings %q", p.Values, p.Warnings)
	}
	if p, err := ReadRegistry(registry.CURRENT_USER, path+`\absent`); err != nil || !p.IsZero() {
		t.Fatalf("missing key: %+v, %v", p, err)
	}
}
