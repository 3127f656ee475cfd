package main

import (
	"context"
	"runtime"

	"printdrop/internal/bridgelink"
	"printdrop/internal/ui"
	"printdrop/internal/workflow"
)

// windowBridge connects the window to printdrop bridge where one runs:
// on Linux, at its fixed address, with the user service the .deb installs.
// The bridge reads the shares chosen in the window from prefs (the
// window's own preferences) when it starts. Elsewhere the window has none.
func windowBridge(prefs workflow.Preferences) *ui.Bridge {
	if runtime.GOOS != "linux" {
		return nil
	}
	addr := bridgelink.Listen
	return &ui.Bridge{
		Watch: func(ctx context.Context, got func([]bridgelink.Print)) error {
			return bridgelink.Watch(ctx, addr, got)
		},
		Cancel: func(ctx context.Context, id int) error { return bridgelink.Cancel(ctx, addr, id) },
		Unit:   bridgelink.Unit{},
		Prefs:  prefs,
	}
}
