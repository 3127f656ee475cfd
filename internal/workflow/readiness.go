package workflow

import (
	"strings"
	"unicode"

	"printdrop/internal/safetext"
	"printdrop/internal/say"
)

// Readiness is what a printer's status means for someone about to print.
type Readiness int

// Readiness values. The zero value is ReadinessUnknown.
const (
	ReadinessUnknown Readiness = iota // the service did not say; printing may work
	Ready                             // idle: prints right away
	Busy                              // processing other jobs: yours waits its turn
	Stopped                           // needs attention before it prints anything
	NotAccepting                      // the share refuses new jobs
)

// String names the readiness in lower case, for logs and goldens.
func (r Readiness) String() string {
	switch r {
	case Ready:
		return "ready"
	case Busy:
		return "busy"
	case Stopped:
		return "stopped"
	case NotAccepting:
		return "not accepting jobs"
	}
	return "unknown"
}

// PrinterReadiness is a printer's readiness with the reason (for stopped
// printers, from the status details: "paper jam") and a sentence to show.
type PrinterReadiness struct {
	State    Readiness
	Reason   string // human words, empty when there is nothing to add
	Sentence string // one or two sentences for the user
}

// CanPrint reports whether a job may be sent now. Unknown is allowed: the
// service decides, and refusing on missing data would block working printers.
func (r PrinterReadiness) CanPrint() bool {
	return r.State != Stopped && r.State != NotAccepting
}

// detailWords are human words for the printer status details a user can act on.
var detailWords = map[string]string{
	"mediaJam": "paper jam", "mediaEmpty": "out of paper", "mediaNeeded": "needs paper",
	"mediaLow": "paper low", "coverOpen": "a cover is open", "doorOpen": "a door is open",
	"tonerEmpty": "out of toner", "tonerLow": "toner low", "markerSupplyEmpty": "out of ink or toner",
	"inputTrayMissing": "a paper tray is missing", "outputAreaFull": "the output tray is full",
	"paused": "paused", "shutdown": "switched off", "offline": "offline", "disconnected": "disconnected",
	"connectingToDevice": "connecting to the printer", "timedOut": "not responding",
	"stopping": "stopping", "interlockOpen": "a cover is open",
}

// humanDetail turns a status detail into words: a known one from the table,
// otherwise the camelCase wire name split into words ("fuserOverTemp" ->
// "fuser over temp"), so new values still read sensibly.
func humanDetail(d string) string {
	if w, ok := detailWords[d]; ok {
		return say.T(w)
	}
	var b strings.Builder
	for i, r := range d {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// readinessOf decides readiness from the share's status fields. accepting
// is nil when the service did not send isAcceptingJobs (list responses for
// non-administrators leave it out).
func readinessOf(accepting *bool, state string, details []string, description string) PrinterReadiness {
	var reasons []string
	for _, d := range details {
		if d == "" || d == "none" || d == "other" || d == "unknownFutureValue" {
			continue
		}
		reasons = append(reasons, humanDetail(d))
	}
	reason := strings.Join(reasons, ", ")
	if reason == "" {
		reason = strings.TrimSpace(description)
	}
	// Reason and Sentence are for people, on a terminal or a label; the
	// details and description are the service's text.
	reason = safetext.Show(reason)
	if accepting != nil && !*accepting {
		return PrinterReadiness{State: NotAccepting, Reason: reason,
			Sentence: say.T("This printer is not accepting jobs right now: choose another printer or ask your administrator.")}
	}
	switch state {
	case "idle":
		return PrinterReadiness{State: Ready, Sentence: say.T("Ready to print.")}
	case "processing":
		return PrinterReadiness{State: Busy, Reason: reason, Sentence: say.T("Printing other jobs: yours will wait its turn.")}
	case "stopped":
		s := say.T("This printer is stopped: ask someone near it to fix it, or choose another printer.")
		if reason != "" {
			s = say.T("This printer is stopped ({{.Reason}}): ask someone near it to fix it, or choose another printer.", say.Args{"Reason": reason})
		}
		return PrinterReadiness{State: Stopped, Reason: reason, Sentence: s}
	}
	return PrinterReadiness{State: ReadinessUnknown, Reason: reason, Sentence: say.T("The printer's status is unknown: you can still try to print.")}
}
