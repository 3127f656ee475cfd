package workflow

import (
	"strings"
	"testing"
)

func TestSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	p := NewMemoryPreferences()
	want := Settings{
		ClientID: "11111111-2222-3333-4444-555555555555", Tenant: "contoso.example", Cloud: CloudUSGov,
		ChunkSize: 20 * ChunkUnit, Parallel: 2, Protocol: ProtocolDraft, LastShareID: "share-1",
	}
	writeSettings(p, want)
	if got := LoadSettings(p); got != want {
		t.Fatalf("LoadSettings after Save = %+v, want %+v", got, want)
	}
}

func TestLoadSettingsDefaultsAndBadValues(t *testing.T) {
	t.Parallel()
	p := NewMemoryPreferences()
	if got := LoadSettings(p); got != DefaultSettings() {
		t.Fatalf("empty preferences = %+v, want defaults", got)
	}
	p.SetInt(KeyChunkSize, 1000) // not a 200 KiB multiple
	p.SetInt(KeyParallel, 9)
	p.SetString(KeyProtocol, "ftp")
	p.SetString(KeyCloud, "mars")
	p.SetString(KeyTenant, "")
	got := LoadSettings(p)
	d := DefaultSettings()
	if got.ChunkSize != d.ChunkSize || got.Parallel != d.Parallel || got.Protocol != d.Protocol || got.Cloud != d.Cloud || got.Tenant != d.Tenant {
		t.Fatalf("bad stored values not replaced by defaults: %+v", got)
	}
}

func TestSettingsHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s                Settings
		authority, graph string
	}{
		{DefaultSettings(), "https://login.microsoftonline.com/organizations", "https://graph.microsoft.com"},
		{Settings{Cloud: CloudChina, Tenant: "t1"}, "https://login.chinacloudapi.cn/t1", "https://microsoftgraph.chinacloudapi.cn"},
		{Settings{Cloud: CloudUSDoD}, "https://login.microsoftonline.us/organizations", "https://dod-graph.microsoft.us"},
		{Settings{Cloud: CloudCustom, AuthorityURL: "http://127.0.0.1:9/organizations/", GraphURL: "http://127.0.0.1:9/"},
			"http://127.0.0.1:9/organizations", "http://127.0.0.1:9"},
	}
	for _, tt := range tests {
		if a := tt.s.Authority(); a != tt.authority {
			t.Errorf("%+v Authority = %q, want %q", tt.s, a, tt.authority)
		}
		if g := tt.s.Graph(); g != tt.graph {
			t.Errorf("%+v Graph = %q, want %q", tt.s, g, tt.graph)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	ok := DefaultSettings()
	ok.ClientID = "id"
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid settings: %v", err)
	}
	tests := []struct {
		name string
		mod  func(*Settings)
		want string
	}{
		{"no client id", func(s *Settings) { s.ClientID = " " }, "App registrations"},
		{"bad graph url", func(s *Settings) { s.GraphURL = "graph.example" }, "Graph address"},
		{"bad authority", func(s *Settings) { s.AuthorityURL = "ftp://login.example" }, "sign-in address"},
		{"chunk not multiple", func(s *Settings) { s.ChunkSize = 4_000_000 }, "multiple of 204800"},
		{"chunk too big", func(s *Settings) { s.ChunkSize = 49 * ChunkUnit }, "below 10000000"},
		{"parallel 0", func(s *Settings) { s.Parallel = 0 }, "between 1 and 4"},
		{"protocol", func(s *Settings) { s.Protocol = "x" }, "use v1 or draft"},
	}
	for _, tt := range tests {
		s := ok
		tt.mod(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestParseProtocol(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Protocol{"": ProtocolV1, "v1": ProtocolV1, "V1.0": ProtocolV1, "draft": ProtocolDraft, " beta ": ProtocolDraft} {
		if got, err := ParseProtocol(in); err != nil || got != want {
			t.Errorf("ParseProtocol(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseProtocol("v2"); err == nil {
		t.Error("ParseProtocol(v2) accepted")
	}
}

// writeSettings writes every setting to p as the app's writers do (an
// empty string removes the key), for tests of what LoadSettings reads.
func writeSettings(p Preferences, s Settings) {
	str := func(key, v string) {
		if v == "" {
			p.RemoveValue(key)
			return
		}
		p.SetString(key, v)
	}
	str(KeyClientID, s.ClientID)
	str(KeyTenant, s.Tenant)
	str(KeyCloud, string(s.Cloud))
	str(KeyAuthority, s.AuthorityURL)
	str(KeyGraphURL, s.GraphURL)
	p.SetInt(KeyChunkSize, int(s.ChunkSize))
	p.SetInt(KeyParallel, s.Parallel)
	str(KeyProtocol, string(s.Protocol))
	str(KeyLastShareID, s.LastShareID)
}
