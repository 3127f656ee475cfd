package workflow

import (
	"errors"
	"strings"

	"printdrop/internal/upload"
)

// explainUpload explains file and upload errors from internal/upload. The
// upload package's messages already read "what happened; what to do", so
// they are split rather than rewritten.
func explainUpload(err error) (Explanation, bool) {
	var fileErr *upload.FileError
	var changed *upload.ChangedError
	var upErr *upload.Error
	switch {
	case errors.As(err, &fileErr):
		return splitOn(fileErr.Error(), "; "), true
	case errors.As(err, &changed):
		return splitOn(changed.Error(), "; "), true
	case errors.As(err, &upErr):
		_, next, _ := strings.Cut(upErr.Error(), "; ")
		x := split("The upload of " + upErr.Name + " failed: " + next + ".")
		if upErr.Status == 401 || upErr.Status == 403 {
			x.Headline = "The print service refused the upload of " + upErr.Name
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
