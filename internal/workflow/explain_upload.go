package workflow

import (
	"errors"
	"strings"

	"printdrop/internal/ranges"
	"printdrop/internal/say"
	"printdrop/internal/upload"
)

// explainUpload explains file and upload errors from internal/upload. The
// upload package's messages already read "what happened; what to do", so
// they are split rather than rewritten.
func explainUpload(err error) (Explanation, bool) {
	var fileErr *upload.FileError
	var changed *upload.ChangedError
	var upErr *upload.Error
	var stuck *upload.StuckError
	var tooMany *ranges.TooManyError
	switch {
	case errors.As(err, &stuck):
		// Checked before *Error: a stuck upload may wrap the last failure.
		head := say.T("The print service is not accepting the upload of {{.File}}", say.Args{"File": stuck.Name})
		if stuck.Network() {
			head = say.T("The upload of {{.File}} stopped getting through", say.Args{"File": stuck.Name})
		}
		return Explanation{Headline: head, NextStep: capitalised(stuck.What()) + " " + capitalised(stuck.Next())}, true
	case errors.As(err, &tooMany):
		return Explanation{Headline: say.T("The print service sent an answer PrintDrop cannot use"),
			NextStep: capitalised(tooMany.Error()) + " " + say.T("Try again later, and if it happens again, tell your administrator.")}, true
	case errors.As(err, &fileErr):
		return splitOn(fileErr.Error(), "; "), true
	case errors.As(err, &changed):
		return splitOn(changed.Error(), "; "), true
	case errors.As(err, &upErr):
		_, next, _ := strings.Cut(upErr.Error(), "; ")
		x := split("The upload of " + upErr.Name + " failed: " + next + ".")
		if upErr.Status == 401 || upErr.Status == 403 {
			x.Headline = say.T("The print service refused the upload of {{.File}}", say.Args{"File": upErr.Name})
		}
		return x, true
	}
	return Explanation{}, false
}

// splitOn is split with another separator.
func splitOn(msg, sep string) Explanation {
	head, next, ok := strings.Cut(msg, sep)
	if !ok {
		return split(msg)
	}
	return split(head + ": " + next)
}

// capitalised capitalises s and ends it with a full stop.
func capitalised(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
