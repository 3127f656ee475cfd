package main

import (
	"os"
	"path/filepath"

	"printdrop/internal/policy"
	"printdrop/internal/workflow"
)

// resolvedSettings are the settings of one run with where each came from.
type resolvedSettings struct {
	workflow.Resolved
	// Policy is the machine policy as read, for messages ("set by your
	// administrator in /etc/printdrop/printdrop.conf").
	Policy policy.Policy
}

// resolveSettings is the one place every command (send, login, whoami,
// logout, the window, and the bridge) gets its settings from. Precedence:
// flags (the layer given) > PRINTDROP_* environment > machine policy >
// the user's preferences (prefs; nil reads the window's preference file) >
// defaults. Problems reading a source are warnings: the app still starts
// with the others.
func (d deps) resolveSettings(flags workflow.Layer, prefs workflow.Preferences) resolvedSettings {
	var warnings []string
	pol, err := d.readPolicy()
	if err != nil {
		warnings = append(warnings, "the machine policy could not be read, so it is ignored: "+err.Error())
		pol = policy.Policy{}
	}
	warnings = append(warnings, pol.Warnings...)
	if prefs == nil {
		prefs = d.windowPreferences(&warnings)
	}
	flags.Source = workflow.SourceFlag
	r := workflow.Resolve(prefs,
		workflow.Layer{Source: workflow.SourcePolicy, ClientID: pol.ClientID, Tenant: pol.Tenant,
			Cloud: pol.Cloud, AuthorityURL: pol.AuthorityURL, GraphURL: pol.GraphURL},
		d.environmentLayer(),
		flags,
	)
	r.Warnings = append(warnings, r.Warnings...)
	return resolvedSettings{Resolved: r, Policy: pol}
}

// environmentLayer reads the PRINTDROP_* variables.
func (d deps) environmentLayer() workflow.Layer {
	return workflow.Layer{
		Source:       workflow.SourceEnvironment,
		ClientID:     d.getenv("PRINTDROP_CLIENT_ID"),
		Tenant:       d.getenv("PRINTDROP_TENANT"),
		Cloud:        d.getenv("PRINTDROP_CLOUD"),
		AuthorityURL: d.getenv("PRINTDROP_AUTHORITY"),
		GraphURL:     d.getenv("PRINTDROP_GRAPH_URL"),
	}
}

// layer is the flags as a settings layer.
func (a *accountFlags) layer() workflow.Layer {
	return workflow.Layer{Source: workflow.SourceFlag, ClientID: a.clientID, Tenant: a.tenant,
		Cloud: a.cloud, AuthorityURL: a.authority, GraphURL: a.graphURL}
}

// windowPreferences reads the window's preferences (what the setup form
// saved) for a command. It is read only: the commands never write it.
func (d deps) windowPreferences(warnings *[]string) workflow.Preferences {
	path := d.prefsPath()
	if path == "" {
		return workflow.NewMemoryPreferences()
	}
	p, err := workflow.OpenFilePreferences(path)
	if err != nil {
		*warnings = append(*warnings, "the window's settings could not be read, so they are ignored: "+err.Error())
		return workflow.NewMemoryPreferences()
	}
	return p
}

// fynePreferencesPath is where Fyne keeps the window's preferences:
// <user config dir>/fyne/<app id>/preferences.json, on every desktop.
func fynePreferencesPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "fyne", fyneAppID, "preferences.json")
}
