package bridgelink

import "printdrop/internal/say"

// Explain says, for a person, why switching the bridge's service failed
// and what to do next (workflow.Explain asks errors that can explain
// themselves).
func (e *UnitError) Explain() (headline, nextStep string) {
	switch e.Kind {
	case UnitNoSystemd:
		return say.T("PrintDrop cannot switch the printers on for every app here"), say.T("This session has no systemd user manager. Run printdrop bridge yourself, for example from your session's autostart.")
	case UnitNotInstalled:
		return say.T("The PrintDrop bridge service is not installed"), say.T("Install PrintDrop's .deb package, which adds the service, or run printdrop bridge yourself.")
	case UnitTimedOut:
		return say.T("systemd did not answer within {{.Time}}", say.Args{"Time": unitTimeout}), say.T("Try again. If it keeps happening, run systemctl --user status printdrop-bridge in a terminal.")
	}
	headline = say.T("systemd could not switch the PrintDrop bridge service")
	if e.Line != "" {
		headline += ": " + e.Line
	}
	return headline, say.T("Run journalctl --user -u printdrop-bridge in a terminal to see why, or run printdrop bridge yourself.")
}

// Explain says, for a person, why the bridge's feed could not be reached
// and what to do next.
func (e *FeedError) Explain() (headline, nextStep string) {
	switch e.Kind {
	case FeedBadAddress:
		return say.T("The bridge's address is not on this computer"), say.T("Use a loopback address such as {{.Address}}.", say.Args{"Address": Listen})
	case FeedUnreachable, FeedGone:
		return say.T("The PrintDrop bridge is not running"), say.T("Switch on \"Show my Universal Print printers in every app\", or run printdrop bridge. Prints from other apps show here once it runs.")
	case FeedSilent:
		return say.T("The PrintDrop bridge stopped answering"), say.T("PrintDrop keeps trying. If it lasts, restart it: systemctl --user restart printdrop-bridge.")
	case FeedRefused:
		return say.T("The bridge on {{.Address}} belongs to another user", say.Args{"Address": e.Addr}), say.T("Only the user who runs a bridge sees its prints. Stop the other bridge, or run yours on another address with --listen.")
	case FeedNoSuchPrint:
		return say.T("This print has already ended"), say.T("Nothing was canceled.")
	}
	return say.T("Something else answers on {{.Address}} instead of the PrintDrop bridge", say.Args{"Address": e.Addr}), say.T("Stop the program using that port, or run the bridge on another address with --listen.")
}
