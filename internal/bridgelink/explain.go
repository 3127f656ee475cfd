package bridgelink

import "fmt"

// Explain says, for a person, why switching the bridge's service failed
// and what to do next (workflow.Explain asks errors that can explain
// themselves).
func (e *UnitError) Explain() (headline, nextStep string) {
	switch e.Kind {
	case UnitNoSystemd:
		return "PrintDrop cannot switch the printers on for every app here", "This session has no systemd user manager. Run printdrop bridge yourself, for example from your session's autostart."
	case UnitNotInstalled:
		return "The PrintDrop bridge service is not installed", "Install PrintDrop's .deb package, which adds the service, or run printdrop bridge yourself."
	case UnitTimedOut:
		return fmt.Sprintf("systemd did not answer within %s", unitTimeout), "Try again. If it keeps happening, run systemctl --user status printdrop-bridge in a terminal."
	}
	headline = "systemd could not switch the PrintDrop bridge service"
	if e.Line != "" {
		headline += ": " + e.Line
	}
	return headline, "Run journalctl --user -u printdrop-bridge in a terminal to see why, or run printdrop bridge yourself."
}

// Explain says, for a person, why the bridge's feed could not be reached
// and what to do next.
func (e *FeedError) Explain() (headline, nextStep string) {
	switch e.Kind {
	case FeedBadAddress:
		return "The bridge's address is not on this computer", "Use a loopback address such as " + Listen + "."
	case FeedUnreachable, FeedGone:
		return "The PrintDrop bridge is not running", "Switch on \"Show my Universal Print printers in every app\", or run printdrop bridge. Prints from other apps show here once it runs."
	case FeedSilent:
		return "The PrintDrop bridge stopped answering", "PrintDrop keeps trying. If it lasts, restart it: systemctl --user restart printdrop-bridge."
	case FeedRefused:
		return "The bridge on " + e.Addr + " belongs to another user", "Only the user who runs a bridge sees its prints. Stop the other bridge, or run yours on another address with --listen."
	case FeedNoSuchPrint:
		return "This print has already ended", "Nothing was canceled."
	}
	return "Something else answers on " + e.Addr + " instead of the PrintDrop bridge", "Stop the program using that port, or run the bridge on another address with --listen."
}
