package workflow

import (
	"fmt"
	"time"

	"printdrop/internal/ranges"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/upload"
)

// stuckNext is what an upload the service kept from finishing did, then
// what to do, in the user's language: upload's StuckError.What and Next,
// written from the error's evidence.
func stuckNext(e *upload.StuckError) string {
	next := say.T("Try again later, and if it happens again, tell your administrator.")
	if e.Network() {
		next = say.T("Check the network connection and print it again.")
	}
	return stuckWhat(e) + " " + next
}

// stuckWhat is upload's StuckError.What as a sentence of its own.
func stuckWhat(e *upload.StuckError) string {
	a := say.Args{"Time": e.Window.Round(time.Second).String(), "Last": e.Last(),
		"Sent": evidenceSize(e.Sent), "Size": evidenceSize(e.Size)}
	var what string
	switch {
	case e.Reason == upload.TooManyRanges:
		return say.T("The print service answered with {{.Ranges}} missing byte ranges, more than the {{.Max}} any real upload needs.",
			say.Args{"Ranges": e.Ranges, "Max": ranges.MaxListLen})
	case e.Vanished >= 2:
		what = say.N("upload.vanished", e.Vanished, "The upload session vanished {{.Count}} times after the last chunk")
	case e.Repeats >= 2 && e.Repeats >= e.Retracted:
		what = say.N("upload.sameBytes", e.Repeats, "The print service asked for the same bytes {{.Count}} times")
	case e.Retracted == 1:
		what = say.T("The print service acknowledged bytes and then asked for them again, once")
	case e.Retracted > 1:
		what = say.N("upload.retracted", e.Retracted, "The print service acknowledged bytes and then asked for them again, {{.Count}} times")
	case e.Vanished == 1:
		what = say.T("The upload session vanished after the last chunk")
	case e.Reason == upload.TooManyRenewals:
		what = say.N("upload.renewals", e.Renewals, "{{.Count}} new upload sessions in a row ended without getting further")
	case e.Reason == upload.TooManyBytes && e.Err != nil:
		what = say.T("Uploads kept failing before the print service confirmed them (last: {{.Last}})", a)
	case e.Reason == upload.NoProgress && e.Err != nil:
		what = say.T("No new byte got through for {{.Time}} (last: {{.Last}})", a)
	case e.Reason == upload.NoProgress:
		what = say.T("The print service acknowledged no new byte for {{.Time}}", a)
	default:
		what = say.T("The print service kept asking for bytes it had been sent")
	}
	a["What"] = what
	switch {
	case e.Reason == upload.TooManyBytes:
		return say.T("{{.What}}, so PrintDrop stopped after sending {{.Sent}} for a {{.Size}} document.", a)
	case e.Reason == upload.NoProgress && e.Sent > e.Size:
		return say.T("{{.What}} ({{.Sent}} sent for a {{.Size}} document).", a)
	}
	return say.T("{{.Headline}}.", say.Args{"Headline": what})
}

// evidenceSize is a byte count as the evidence of a stuck upload gives it
// ("14.0 MB", "812 bytes"): one decimal, so two sizes compare at a glance.
func evidenceSize(n int64) string {
	for _, u := range []struct {
		unit string
		size float64
	}{{"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}} {
		if float64(n) >= u.size {
			return units.Decimal(fmt.Sprintf("%.1f %s", float64(n)/u.size, u.unit))
		}
	}
	return units.Bytes(n)
}
