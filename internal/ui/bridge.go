package ui

import (
	"context"

	"printdrop/internal/bridgelink"
	"printdrop/internal/workflow"
)

// Bridge is what the window needs of printdrop bridge, the per-user IPP
// printer that brings every application's Print dialog to Universal Print
// (Linux). The app fills it where a bridge can run; nil leaves the window
// without the prints from other apps and without the switches.
type Bridge struct {
	// Watch follows the bridge's prints, calling got with each snapshot
	// from its own goroutine, until ctx ends (bridgelink.Watch).
	Watch func(ctx context.Context, got func([]bridgelink.Print)) error
	// Cancel cancels one of those prints (bridgelink.Cancel).
	Cancel func(ctx context.Context, id int) error
	// Unit switches the bridge's user service; nil hides the switch
	// ("Show my Universal Print printers in every app").
	Unit BridgeUnit
	// Prefs keep the shares chosen for print dialogs: the preferences the
	// bridge reads when it starts. Nil hides the per-printer choice.
	Prefs workflow.Preferences
}

// BridgeUnit is the bridge's user service (bridgelink.Unit).
type BridgeUnit interface {
	State(ctx context.Context) (bridgelink.UnitState, error)
	Enable(ctx context.Context) error
	Disable(ctx context.Context) error
	// Reload restarts a running bridge so it serves the shares chosen now.
	Reload(ctx context.Context) error
}
