package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/auth"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
	"printdrop/internal/workflow"
)

// The pieces every headless command shares: its settings, its service and
// the sentence it ends with, so send, printers and bridge read the same
// files, talk to Graph the same way and fail in the same words.

// loadCLISettings reads the command line's settings file (the last share
// used, upload tuning) and lays the account's resolved registration over
// it. An unreadable file is reported and ignored; prefs is nil then.
func loadCLISettings(cmd string, account *accountFlags, stderr io.Writer) (workflow.Settings, *workflow.FilePreferences) {
	settings := workflow.DefaultSettings()
	var prefs *workflow.FilePreferences
	if path, err := cliSettingsPath(); err != nil {
		tell(stderr, "printdrop "+cmd, say.T("no settings folder, so nothing is remembered: {{.Problem}}", say.Args{"Problem": safetext.Show(err.Error())}))
	} else if p, err := workflow.OpenFilePreferences(path); err != nil {
		tell(stderr, "printdrop "+cmd, say.T("ignoring the unreadable settings file {{.File}}: {{.Problem}}", say.Args{"File": safetext.Show(path), "Problem": safetext.Show(err.Error())}))
	} else {
		prefs, settings = p, workflow.LoadSettings(p)
	}
	reg := account.settings(stderr)
	settings.ClientID, settings.Tenant, settings.Cloud = reg.ClientID, reg.Tenant, reg.Cloud
	settings.AuthorityURL, settings.GraphURL = reg.AuthorityURL, reg.GraphURL
	return settings, prefs
}

// cliService signs in as send does (PRINTDROP_ACCESS_TOKEN, the stored
// sign-in, or the browser) and builds the service a command prints with.
// On failure it returns the exit code to use.
func cliService(ctx context.Context, account *accountFlags, settings workflow.Settings, prefs *workflow.FilePreferences, noProgress time.Duration, stderr io.Writer) (*workflow.Service, int, error) {
	tokens, manager, err := signedIn(ctx, account, true, stderr)
	if err != nil {
		return nil, exitSignIn, err
	}
	svc, err := newCLIService(account.deps, settings, prefs, tokens, manager, noProgress, stderr)
	if err != nil {
		return nil, exitFailure, err
	}
	return svc, exitOK, nil
}

// newCLIService builds the service over a sign-in already made: manager
// when PrintDrop signed in, else tokens as given (PRINTDROP_ACCESS_TOKEN).
// Upload URLs of interrupted uploads go to the same keychain as the
// sign-in (d.store), and requests have d's deadlines.
func newCLIService(d deps, settings workflow.Settings, prefs *workflow.FilePreferences, tokens oauth2.TokenSource, manager *auth.Manager, noProgress time.Duration, stderr io.Writer) (*workflow.Service, error) {
	params := workflow.Params{Settings: settings, Auth: manager, Secrets: d.store, Timeouts: d.timeouts,
		NoProgressWindow: noProgress,
		OnNotice:         func(msg string) { fmt.Fprintln(stderr, "printdrop: "+safetext.Show(msg)) }}
	if manager == nil {
		params.TokenSource = tokens
	}
	if prefs != nil {
		params.Prefs = prefs
	}
	return workflow.New(params)
}

// failureLine is the one line a command ends with when it fails: what
// happened and what to do next, or "Interrupted." after Ctrl+C.
func failureLine(cmd string, err error) string {
	head, next, _ := workflow.Explain(err)
	msg := workflow.Sentences(head, next)
	if head == "" {
		msg = say.T("Interrupted.")
	}
	return "printdrop " + cmd + ": " + msg
}
