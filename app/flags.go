package main

import (
	"flag"
	"fmt"
	"io"

	"printdrop/internal/safetext"
)

// accountFlags are the flags shared by every command that talks to Graph
// (send, login, logout, whoami) and the window, so they all reach the same
// service and the same stored sign-in. Each is "" unless given; the
// settings they override come from resolveSettings.
type accountFlags struct {
	graphURL  string
	authority string
	clientID  string
	tenant    string
	cloud     string

	deps deps              // where the settings, the sign-in and the deadlines come from
	res  *resolvedSettings // resolved on first use, then kept: read once per run
}

// register adds the account flags to fs.
func (a *accountFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.graphURL, "graph-url", "",
		"Microsoft Graph host, without /v1.0 (env PRINTDROP_GRAPH_URL; default: the cloud's)")
	fs.StringVar(&a.authority, "authority", "",
		"identity platform authority, ending in the tenant (env PRINTDROP_AUTHORITY; default: the cloud's, with the tenant)")
	fs.StringVar(&a.clientID, "client-id", "",
		"application (client) ID of your app registration (env PRINTDROP_CLIENT_ID)")
	fs.StringVar(&a.tenant, "tenant", "",
		"tenant: a domain such as contoso.onmicrosoft.com or a tenant ID (env PRINTDROP_TENANT; default organizations)")
	fs.StringVar(&a.cloud, "cloud", "",
		"Microsoft cloud: global, usgov, usdod or china (env PRINTDROP_CLOUD; default global)")
}

// settings resolves the account settings once for this command (flags over
// the environment, the policy and the user's preferences) and prints any
// warning about ignored values to stderr, once.
func (a *accountFlags) settings(stderr io.Writer) resolvedSettings {
	if a.res == nil {
		r := a.deps.resolveSettings(a.layer(), nil)
		for _, w := range r.Warnings { // they quote the policy file: text from outside
			fmt.Fprintln(stderr, "printdrop: "+safetext.Show(w))
		}
		a.res = &r
	}
	return *a.res
}
