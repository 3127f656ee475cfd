package identity

import (
	"slices"
	"strings"
)

// graphResource is the prefix of fully qualified Graph scopes; Entra treats a
// bare scope name as belonging to Graph.
const graphResource = "https://graph.microsoft.com/"

// graphScopes are the delegated Graph permissions the emulator knows, with the
// words the consent page shows (the Universal Print permissions plus User.Read).
var graphScopes = map[string]string{
	"User.Read":                   "Sign you in and read your profile",
	"PrinterShare.ReadBasic.All":  "Read basic information about printer shares",
	"PrinterShare.Read.All":       "Read printer shares",
	"PrinterShare.ReadWrite.All":  "Read and update printer shares",
	"Printer.Read.All":            "Read printers",
	"PrintJob.Create":             "Create print jobs and upload their documents",
	"PrintJob.ReadBasic":          "Read basic information about your print jobs",
	"PrintJob.Read":               "Read your print jobs and their documents",
	"PrintJob.ReadWriteBasic":     "Read and update basic information about your print jobs",
	"PrintJob.ReadWrite":          "Read and update your print jobs and their documents",
	"PrintJob.ReadBasic.All":      "Read basic information about all users' print jobs",
	"PrintJob.Read.All":           "Read all users' print jobs and their documents",
	"PrintJob.ReadWriteBasic.All": "Read and update basic information about all users' print jobs",
	"PrintJob.ReadWrite.All":      "Read and update all users' print jobs and their documents",
}

// oidcScopes are not Graph permissions: they gate the refresh token and the
// ID token, and never appear in an access token.
var oidcScopes = map[string]string{
	"offline_access": "Maintain access to data you have given it access to",
	"openid":         "Sign you in",
	"profile":        "View your basic profile",
	"email":          "View your email address",
}

// canonical maps lower-case names to their canonical spelling, because Entra
// compares scopes case-insensitively.
var canonical = func() map[string]string {
	m := map[string]string{}
	for s := range graphScopes {
		m[strings.ToLower(s)] = s
	}
	for s := range oidcScopes {
		m[strings.ToLower(s)] = s
	}
	return m
}()

// grant is a parsed scope request: Graph permissions in request order and
// the OpenID Connect extras.
type grant struct {
	graph   []string
	offline bool
	openid  bool
	profile bool
	email   bool
}

// parseScopes normalises a space-separated scope parameter (short or fully
// qualified names). It returns the first unknown scope when there is one.
func parseScopes(scope string) (grant, string) {
	var g grant
	for _, raw := range strings.Fields(scope) {
		name := raw
		if len(name) > len(graphResource) && strings.EqualFold(name[:len(graphResource)], graphResource) {
			name = name[len(graphResource):]
		}
		c, ok := canonical[strings.ToLower(name)]
		if !ok {
			return grant{}, raw
		}
		switch c {
		case "offline_access":
			g.offline = true
		case "openid":
			g.openid = true
		case "profile":
			g.profile = true
		case "email":
			g.email = true
		default:
			if !slices.Contains(g.graph, c) {
				g.graph = append(g.graph, c)
			}
		}
	}
	return g, ""
}

// names lists the scopes the way the token response's scope field does:
// short Graph names, then the OpenID ones that were granted.
func (g grant) names() []string {
	out := append([]string(nil), g.graph...)
	if g.openid {
		out = append(out, "openid")
	}
	if g.profile {
		out = append(out, "profile")
	}
	if g.email {
		out = append(out, "email")
	}
	return out
}

// descriptions lists what the consent page asks the user to allow.
func (g grant) descriptions() []string {
	var out []string
	for _, s := range g.graph {
		out = append(out, graphScopes[s])
	}
	for _, s := range []struct {
		on   bool
		name string
	}{{g.openid, "openid"}, {g.profile, "profile"}, {g.email, "email"}, {g.offline, "offline_access"}} {
		if s.on {
			out = append(out, oidcScopes[s.name])
		}
	}
	return out
}

// normaliseScopes turns scope names for Issue into canonical Graph names.
func normaliseScopes(scopes []string) ([]string, string) {
	g, bad := parseScopes(strings.Join(scopes, " "))
	if bad != "" {
		return nil, bad
	}
	return g.graph, ""
}
