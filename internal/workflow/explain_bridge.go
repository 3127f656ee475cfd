package workflow

import (
	"errors"
	"fmt"
)

// explainBridge explains switching the bridge's service and reaching its
// feed of prints.
func explainBridge(err error) (Explanation, bool) {
	var unit *UnitError
	var feed *BridgeError
	switch {
	case errors.As(err, &unit):
		return explainUnit(unit), true
	case errors.As(err, &feed):
		return explainFeed(feed), true
	}
	return Explanation{}, false
}

func explainUnit(e *UnitError) Explanation {
	switch e.Kind {
	case UnitNoSystemd:
		return Explanation{Headline: "PrintDrop cannot switch the printers on for every app here",
			NextStep: "This session has no systemd user manager. Run printdrop bridge yourself, for example from your session's autostart."}
	case UnitNotInstalled:
		return Explanation{Headline: "The PrintDrop bridge service is not installed",
			NextStep: "Install PrintDrop's .deb package, which adds the service, or run printdrop bridge yourself."}
	case UnitTimedOut:
		return Explanation{Headline: fmt.Sprintf("systemd did not answer within %s", unitTimeout),
			NextStep: "Try again. If it keeps happening, run systemctl --user status printdrop-bridge in a terminal."}
	}
	x := Explanation{Headline: "systemd could not switch the PrintDrop bridge service",
		NextStep: "Run journalctl --user -u printdrop-bridge in a terminal to see why, or run printdrop bridge yourself."}
	if e.Line != "" {
		x.Headline += ": " + e.Line
	}
	return x
}

func explainFeed(e *BridgeError) Explanation {
	switch e.Kind {
	case BridgeBadAddress:
		return Explanation{Headline: "The bridge's address is not on this computer",
			NextStep: "Use a loopback address such as " + BridgeListen + "."}
	case BridgeUnreachable, BridgeGone:
		return Explanation{Headline: "The PrintDrop bridge is not running",
			NextStep: "Switch on \"Show my Universal Print printers in every app\", or run printdrop bridge. Prints from other apps show here once it runs."}
	case BridgeSilent:
		return Explanation{Headline: "The PrintDrop bridge stopped answering",
			NextStep: "PrintDrop keeps trying. If it lasts, restart it: systemctl --user restart printdrop-bridge."}
	case BridgeRefused:
		return Explanation{Headline: "The bridge on " + e.Addr + " belongs to another user",
			NextStep: "Only the user who runs a bridge sees its prints. Stop the other bridge, or run yours on another address with --listen."}
	case BridgeNoSuchPrint:
		return Explanation{Headline: "This print has already ended", NextStep: "Nothing was canceled."}
	}
	return Explanation{Headline: "Something else answers on " + e.Addr + " instead of the PrintDrop bridge",
		NextStep: "Stop the program using that port, or run the bridge on another address with --listen."}
}
