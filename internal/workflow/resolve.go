package workflow

import (
	"fmt"
	"printdrop/internal/say"
	"regexp"
	"sort"
	"strings"
)

// Source is where a setting's value came from. Higher sources win: a flag
// over the environment, over the machine policy, over the user's
// preferences, over the default.
type Source int

// Sources, lowest precedence first.
const (
	SourceDefault Source = iota
	SourcePreferences
	SourcePolicy
	SourceEnvironment
	SourceFlag
)

// String names the source the way the window says it ("set by …").
func (s Source) String() string {
	switch s {
	case SourcePreferences:
		return "you"
	case SourcePolicy:
		return "your administrator"
	case SourceEnvironment:
		return "a PRINTDROP_ environment variable"
	case SourceFlag:
		return "a command-line option"
	}
	return "the default"
}

// Locks reports whether a value from this source cannot be changed in the
// window (the window would save it, and the source would still win).
func (s Source) Locks() bool { return s >= SourcePolicy }

// Layer is the app-registration settings one source gives; "" means the
// source does not set that value.
type Layer struct {
	Source       Source
	ClientID     string
	Tenant       string
	Cloud        string // a cloud name, see ParseCloud
	AuthorityURL string // the full authority, ending in the tenant
	GraphURL     string
}

// RegistrationKeys are the preference keys of the app registration: the
// settings the setup form edits and a policy can fix.
var RegistrationKeys = []string{KeyClientID, KeyTenant, KeyCloud, KeyAuthority, KeyGraphURL}

// Resolved are the settings after every source was applied, each
// registration value remembering its source.
type Resolved struct {
	Settings
	from map[string]Source
	// Warnings are values that were ignored, in words (a bad cloud name
	// in the policy), for the caller to print once.
	Warnings []string
}

// From says where the value stored under key (a RegistrationKeys entry)
// came from.
func (r Resolved) From(key string) Source { return r.from[key] }

// Locked reports the registration values the user cannot change in the
// window, and the highest source that fixed one of them (SourceDefault when
// none is locked).
func (r Resolved) Locked() (keys []string, by Source) {
	for _, k := range RegistrationKeys {
		if s := r.from[k]; s.Locks() {
			keys = append(keys, k)
			by = max(by, s)
		}
	}
	return keys, by
}

// Resolve reads the user's preferences from prefs and applies the layers
// over them by precedence (their order does not matter). Where to sign in
// is one group: a layer that sets a cloud or a URL replaces the cloud and
// both URLs of the sources below it, so a policy's cloud is never mixed
// with a user's old custom URL. An invalid cloud name is ignored with a
// warning; the caller refuses bad flags before this.
func Resolve(prefs Preferences, layers ...Layer) Resolved {
	r := Resolved{Settings: LoadSettings(prefs), from: map[string]Source{}}
	for _, k := range RegistrationKeys {
		if prefs.StringWithFallback(k, "") != "" {
			r.from[k] = SourcePreferences
		}
	}
	sorted := append([]Layer(nil), layers...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Source < sorted[j].Source })
	for _, l := range sorted {
		r.apply(l)
	}
	return r
}

func (r *Resolved) apply(l Layer) {
	set := func(key string, dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
			r.from[key] = l.Source
		}
	}
	set(KeyClientID, &r.ClientID, l.ClientID)
	set(KeyTenant, &r.Tenant, l.Tenant)
	cloud, auth, graph := strings.TrimSpace(l.Cloud), strings.TrimSpace(l.AuthorityURL), strings.TrimSpace(l.GraphURL)
	if cloud == "" && auth == "" && graph == "" {
		return
	}
	c := CloudCustom
	if cloud != "" {
		parsed, err := ParseCloud(cloud)
		if err != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s (set by %s) was ignored", err, l.Source))
			if auth == "" && graph == "" {
				return
			}
		} else {
			c = parsed
		}
	}
	r.Cloud, r.AuthorityURL, r.GraphURL = c, auth, graph
	for _, k := range []string{KeyCloud, KeyAuthority, KeyGraphURL} {
		r.from[k] = l.Source
	}
}

// cloudNames are the names ParseCloud accepts for each cloud, besides
// the Cloud value itself: the names Azure tools use.
var cloudNames = map[string]Cloud{
	"global": CloudGlobal, "public": CloudGlobal, "azurecloud": CloudGlobal, "azurepublic": CloudGlobal,
	"usgov": CloudUSGov, "usgovernment": CloudUSGov, "azureusgovernment": CloudUSGov, "gcchigh": CloudUSGov,
	"usdod": CloudUSDoD, "dod": CloudUSDoD,
	"china": CloudChina, "azurechina": CloudChina, "azurechinacloud": CloudChina,
	"custom": CloudCustom,
}

// ParseCloud reads a cloud's name: global, usgov, usdod, china or custom
// (case and separators do not matter; AzureUSGovernment and the like work).
func ParseCloud(s string) (Cloud, error) {
	norm := strings.NewReplacer("-", "", "_", "", " ", "", ".", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	if c, ok := cloudNames[norm]; ok {
		return c, nil
	}
	return "", fmt.Errorf("unknown cloud %q: use global, usgov, usdod, china or custom", clipValue(s))
}

func clipValue(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// CheckClientID says whether s looks like an application (client) ID: a
// GUID such as 4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80.
func CheckClientID(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return &saidError{saying{head: say.T("Enter the application (client) ID of the app registration")}}
	case !guidRe.MatchString(s):
		return &saidError{saying{head: say.T("An application (client) ID looks like 4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80 (32 hex digits in groups of 8-4-4-4-12)")}}
	}
	return nil
}

var domainRe = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$`)

// CheckTenant says whether s can be a tenant: empty (organizations), a
// domain such as contoso.onmicrosoft.com, a tenant ID (GUID), or one of
// organizations, common and consumers.
func CheckTenant(s string) error {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "organizations", "common", "consumers":
		return nil
	}
	if guidRe.MatchString(s) || (len(s) <= 253 && domainRe.MatchString(s)) {
		return nil
	}
	return &saidError{saying{head: say.T("A tenant is a domain such as contoso.onmicrosoft.com or a tenant ID (a GUID); leave it empty for any work or school account")}}
}

// SaveRegistration stores what the user entered in the setup form in p.
// Values locked by a higher source are left as they are (the source wins
// anyway, and the user's own value comes back if it goes away); the URLs
// are kept only for a custom cloud; an empty tenant means organizations.
func SaveRegistration(p Preferences, l Layer, locked []string) {
	isLocked := func(k string) bool {
		for _, x := range locked {
			if x == k {
				return true
			}
		}
		return false
	}
	put := func(key, v string) {
		if isLocked(key) {
			return
		}
		if v = strings.TrimSpace(v); v == "" {
			p.RemoveValue(key)
			return
		}
		p.SetString(key, v)
	}
	c, err := ParseCloud(l.Cloud)
	if err != nil {
		c = CloudGlobal
	}
	if c != CloudCustom {
		l.AuthorityURL, l.GraphURL = "", ""
	}
	put(KeyClientID, l.ClientID)
	put(KeyTenant, l.Tenant)
	put(KeyCloud, string(c))
	put(KeyAuthority, l.AuthorityURL)
	put(KeyGraphURL, l.GraphURL)
}
