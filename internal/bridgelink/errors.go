package bridgelink

import (
	"fmt"
)

// UnitErrorKind says why switching the bridge's service failed.
type UnitErrorKind int

// Kinds of UnitError.
const (
	// UnitNoSystemd: systemctl is missing, or no user manager answers
	// ("Failed to connect to bus"): not a systemd desktop session.
	UnitNoSystemd UnitErrorKind = iota + 1
	// UnitNotInstalled: systemd does not know printdrop-bridge.service
	// (PrintDrop was not installed from the .deb).
	UnitNotInstalled
	// UnitTimedOut: systemctl did not answer within the deadline.
	UnitTimedOut
	// UnitFailed: systemctl refused; Line has its last words.
	UnitFailed
)

// UnitError is a failed systemctl --user call on the bridge's service.
type UnitError struct {
	Kind UnitErrorKind
	Op   string // state, enable, disable, reload
	Line string // systemctl's last line of output, shown safely ("" when none)
	Err  error  // the run's error (exit status, not found, deadline)
}

func (e *UnitError) Error() string {
	s := "systemctl --user " + e.Op + " " + UnitName
	switch e.Kind {
	case UnitNoSystemd:
		s += ": no systemd user manager to talk to"
	case UnitNotInstalled:
		s += ": the service is not installed"
	case UnitTimedOut:
		s += fmt.Sprintf(": no answer within %s", unitTimeout)
	default:
		s += ": failed"
	}
	if e.Line != "" {
		s += ": " + e.Line
	} else if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *UnitError) Unwrap() error { return e.Err }

// FeedErrorKind says why talking to the bridge's feed failed.
type FeedErrorKind int

// Kinds of FeedError.
const (
	// FeedBadAddress: the address is not host:port on this computer.
	FeedBadAddress FeedErrorKind = iota + 1
	// FeedUnreachable: nothing listens there (the bridge is off).
	FeedUnreachable
	// FeedGone: the connection ended (the bridge stopped or restarts).
	FeedGone
	// FeedSilent: the feed sent nothing, not even a keep-alive, for too
	// long.
	FeedSilent
	// FeedRefused: the bridge refused this user (HTTP 403).
	FeedRefused
	// FeedNoSuchPrint: no print with that id is under way (HTTP 404).
	FeedNoSuchPrint
	// FeedBadAnswer: what answered is not a PrintDrop bridge's feed (a
	// status, content type or line it does not send).
	FeedBadAnswer
)

// FeedError is a failure reaching the bridge's feed or cancel route.
type FeedError struct {
	Kind   FeedErrorKind
	Addr   string // host:port
	Status int    // the HTTP status, when one came
	Err    error
}

func (e *FeedError) Error() string {
	var s string
	switch e.Kind {
	case FeedBadAddress:
		s = fmt.Sprintf("the bridge's address %q is not a loopback host:port", e.Addr)
	case FeedUnreachable:
		s = "no bridge is listening on " + e.Addr
	case FeedGone:
		s = "the bridge on " + e.Addr + " closed the connection"
	case FeedSilent:
		s = "the bridge on " + e.Addr + " stopped answering"
	case FeedRefused:
		s = "the bridge on " + e.Addr + " refused this user"
	case FeedNoSuchPrint:
		s = "the bridge on " + e.Addr + " has no such print under way"
	default:
		s = "what answered on " + e.Addr + " is not a PrintDrop bridge's feed"
	}
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *FeedError) Unwrap() error { return e.Err }
