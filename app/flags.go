package main

import (
	"flag"
	"os"
)

// Defaults for the live Microsoft cloud. Every one can be changed by a flag,
// so the same commands work against the emulator and national clouds.
const (
	defaultGraphURL  = "https://graph.microsoft.com"
	defaultAuthority = "https://login.microsoftonline.com/organizations"
)

// accountFlags are the flags shared by every command that talks to Graph
// (send, login, logout, whoami), so they all reach the same service and the
// same stored sign-in.
type accountFlags struct {
	graphURL  string
	authority string
	clientID  string
}

// register adds the account flags to fs. Environment variables give the
// defaults, so a script can set them once.
func (a *accountFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.graphURL, "graph-url", envOr("PRINTDROP_GRAPH_URL", defaultGraphURL),
		"Microsoft Graph host, without /v1.0 (env PRINTDROP_GRAPH_URL)")
	fs.StringVar(&a.authority, "authority", envOr("PRINTDROP_AUTHORITY", defaultAuthority),
		"identity platform authority, ending in the tenant (env PRINTDROP_AUTHORITY)")
	fs.StringVar(&a.clientID, "client-id", os.Getenv("PRINTDROP_CLIENT_ID"),
		"application (client) ID of your app registration (env PRINTDROP_CLIENT_ID)")
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
