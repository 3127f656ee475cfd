package main

import (
	"os"

	"printdrop/internal/graph"
	"printdrop/internal/policy"
	"printdrop/internal/secret"
)

// deps is what a command takes from the world beyond its arguments: where
// its settings come from, how it opens the browser, where it keeps the
// sign-in, and Graph's deadlines. main hands every command liveDeps; tests
// hand their own, so no test changes a package variable another reads.
type deps struct {
	// readPolicy reads the machine policy (/etc/printdrop/printdrop.conf,
	// the registry).
	readPolicy func() (policy.Policy, error)
	// prefsPath is the window's preference file, which commands read but
	// never write; "" reads none.
	prefsPath func() string
	// getenv reads the PRINTDROP_* variables.
	getenv func(string) string
	// openBrowser opens the sign-in page; nil is the system browser.
	openBrowser func(url string) error
	// store keeps the sign-in and upload URLs; nil is the OS keychain
	// (auth.KeychainService), with an in-memory fallback.
	store secret.Store
	// timeouts are Graph's request deadlines; zero is graph.DefaultTimeouts.
	timeouts graph.Timeouts
}

// liveDeps are the real ones.
func liveDeps() deps {
	return deps{readPolicy: policy.Read, prefsPath: fynePreferencesPath, getenv: os.Getenv}
}
