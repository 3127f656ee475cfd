package workflow

import (
	"errors"
	"net/http"
	"path/filepath"

	"printdrop/internal/ranges"
	"printdrop/internal/say"
	"printdrop/internal/upload"
)

// explainUpload explains file and upload errors from internal/upload.
// upload imports no catalogue, so its errors' types and fields are turned
// into sentences here, in the user's language.
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
		return Explanation{Headline: head, NextStep: stuckNext(stuck)}, true
	case errors.As(err, &tooMany):
		return Explanation{Headline: say.T("The print service sent an answer PrintDrop cannot use"),
			NextStep: say.T("The answer lists {{.Count}} byte ranges, more than the {{.Max}} this client accepts.", say.Args{"Count": tooMany.Count, "Max": tooMany.Max}) +
				" " + say.T("Try again later, and if it happens again, tell your administrator.")}, true
	case errors.As(err, &fileErr):
		return fileSaying(fileErr).explanation(), true
	case errors.As(err, &changed):
		return changedSaying(changed).explanation(), true
	case errors.As(err, &upErr):
		return uploadSaying(upErr).explanation(), true
	}
	return Explanation{}, false
}

// fileSaying is why a file cannot be printed (upload's *FileError), in words.
func fileSaying(e *upload.FileError) saying {
	a := say.Args{"File": filepath.Base(e.Path)}
	switch e.Problem {
	case upload.NotFound:
		return saying{say.T("{{.File}} was not found", a), say.T("check the name and location of the file.")}
	case upload.IsDirectory:
		return saying{say.T("{{.File}} is a folder", a), say.T("choose a file inside it instead.")}
	case upload.NotRegular:
		return saying{say.T("{{.File}} is not a regular file (a pipe, socket or device)", a),
			say.T("save the document to a file and print that.")}
	case upload.Unreadable:
		a["Cause"] = errors.Unwrap(e)
		return saying{say.T("{{.File}} cannot be read ({{.Cause}})", a), say.T("check its permissions.")}
	case upload.Empty:
		return saying{say.T("{{.File}} is empty (0 bytes)", a), say.T("there is nothing to print.")}
	case upload.TooLarge:
		a["Bytes"] = e.Size
		return saying{say.T("{{.File}} is {{.Bytes}} bytes, over Universal Print's 1 GB job limit", a),
			say.T("split it or reduce its size.")}
	}
	return saying{head: say.T("{{.File}} cannot be printed", a)}
}

// changedSaying is a document that changed while it was uploading.
func changedSaying(e *upload.ChangedError) saying {
	return saying{say.T("{{.File}} changed while it was uploading", say.Args{"File": e.Name}), say.T("print it again.")}
}

// uploadSaying is an upload's final failure (upload's *Error): what to do
// follows from how the service answered.
func uploadSaying(e *upload.Error) saying {
	a := say.Args{"File": e.Name}
	head := say.T("The upload of {{.File}} failed", a)
	next := say.T("check the network connection and print it again.")
	switch {
	case e.Status == http.StatusRequestEntityTooLarge:
		next = say.T("use a smaller chunk size.")
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		head = say.T("The print service refused the upload of {{.File}}", a)
		next = say.T("sign in again and print it again.")
	case e.Op == "renew":
		next = say.T("print it again.")
	}
	return saying{head, next}
}

// fileRefusal is a refusal of reason for a file upload.OpenFile would not
// open (err is its *FileError), in words.
func fileRefusal(reason Refusal, err error) *RefusedError {
	var fe *upload.FileError
	if errors.As(err, &fe) {
		return refusal(reason, fileSaying(fe), err)
	}
	return &RefusedError{Reason: reason, Msg: err.Error(), Err: err}
}
