package workflow

import (
	"errors"
	"printdrop/internal/say"
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
		return Explanation{Headline: say.T("PrintDrop cannot switch the printers on for every app here"),
			NextStep: say.T("This session has no systemd user manager. Run printdrop bridge yourself, for example from your session's autostart.")}
	case UnitNotInstalled:
		return Explanation{Headline: say.T("The PrintDrop bridge service is not installed"),
			NextStep: say.T("Install PrintDrop's .deb package, which adds the service, or run printdrop bridge yourself.")}
	case UnitTimedOut:
		return Explanation{Headline: say.T("systemd did not answer within {{.Time}}", say.Args{"Time": unitTimeout}),
			NextStep: say.T("Try again. If it keeps happening, run systemctl --user status printdrop-bridge in a terminal.")}
	}
	x := Explanation{Headline: say.T("systemd could not switch the PrintDrop bridge service"),
		NextStep: say.T("Run journalctl --user -u printdrop-bridge in a terminal to see why, or run printdrop bridge yourself.")}
	if e.Line != "" {
		x.Headline += ": " + e.Line
	}
	return x
}

func explainFeed(e *BridgeError) Explanation {
	switch e.Kind {
	case BridgeBadAddress:
		return Explanation{Headline: say.T("The bridge's address is not on this computer"),
			NextStep: say.T("Use a loopback address such as {{.Address}}.", say.Args{"Address": BridgeListen})}
	case BridgeUnreachable, BridgeGone:
		return Explanation{Headline: say.T("The PrintDrop bridge is not running"),
			NextStep: say.T("Switch on \"Show my Universal Print printers in every app\", or run printdrop bridge. Prints from other apps show here once it runs.")}
	case BridgeSilent:
		return Explanation{Headline: say.T("The PrintDrop bridge stopped answering"),
			NextStep: say.T("PrintDrop keeps trying. If it lasts, restart it: systemctl --user restart printdrop-bridge.")}
	case BridgeRefused:
		return Explanation{Headline: say.T("The bridge on {{.Address}} belongs to another user", say.Args{"Address": e.Addr}),
			NextStep: say.T("Only the user who runs a bridge sees its prints. Stop the other bridge, or run yours on another address with --listen.")}
	case BridgeNoSuchPrint:
		return Explanation{Headline: say.T("This print has already ended"), NextStep: say.T("Nothing was canceled.")}
	}
	return Explanation{Headline: say.T("Something else answers on {{.Address}} instead of the PrintDrop bridge", say.Args{"Address": e.Addr}),
		NextStep: say.T("Stop the program using that port, or run the bridge on another address with --listen.")}
}
