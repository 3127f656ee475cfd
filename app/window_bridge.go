package main

import (
	"context"
	"runtime"

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
	addr := workflow.BridgeListen
	return &ui.Bridge{
		Watch: func(ctx context.Context, got func([]workflow.AppPrint)) error {
			return workflow.WatchAppPrints(ctx, addr, got)
		},
		Cancel: func(ctx context.Context, id int) error { return workflow.CancelAppPrint(ctx, addr, id) },
		Unit:   workflow.BridgeUnit{},
		Prefs:  prefs,
	}
}
