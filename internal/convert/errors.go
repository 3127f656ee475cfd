package convert

import (
	"fmt"
	"runtime"
	"strings"
)

// Problem is why a conversion failed.
type Problem int

// Problems a conversion can have.
const (
	Unsupported    Problem = iota // not a kind convert handles
	BadImage                      // truncated, corrupt or of an unknown format
	TooLarge                      // more pixels or frames than is safe to decode
	NotText                       // a binary file with a text name or type
	NoLibreOffice                 // LibreOffice is not installed
	OfficeFailed                  // LibreOffice could not convert it
	OfficeTimedOut                // LibreOffice took too long
	WriteFailed                   // the temporary PDF could not be written
)

// installHint says where LibreOffice comes from on this system.
var installHint = map[bool]string{
	true:  "from libreoffice.org, into its usual folder",
	false: "on Debian or Ubuntu: sudo apt install libreoffice-nogui",
}[runtime.GOOS == "windows"]

// Cause is the specific reason behind a Problem, when there is one.
type Cause int

// Causes of a failed conversion. The ones with figures say which of
// Error's fields hold them.
const (
	NoCause          Cause = iota
	Unreadable             // the file could not be read
	UnreadableToEnd        // the file could not be read to the end
	DamagedHeader          // a picture's header is damaged
	Truncated              // a picture is truncated or damaged
	UnknownPicture         // not a picture format convert reads
	NoPixels               // a picture of zero width or height
	TooManyPixels          // Width x Height pixels, over MaxPixels
	PicturesTooLarge       // Count pages of pictures, over Limit MiB
	NotTIFF                // a .tiff that is not a TIFF
	DamagedDirectory       // a TIFF's page directory is damaged
	TooManyFrames          // a picture of more than Limit pages
	TooManyTextPages       // plain text of more than Limit pages
	Binary                 // a text file holding binary data
	NotUTF8                // a text file that is not UTF-8
	NoFont                 // the font for text could not be loaded
	NotItsKind             // an office file that is not what its name says
	OfficeRefused          // LibreOffice could not open it
)

// Error is a failed conversion: its message says what happened and what
// to do next, in English; Problem, Cause and the figures let a caller say
// it in the user's language.
type Error struct {
	Problem Problem
	Name    string // the file's base name
	Cause   Cause  // the specific cause, when there is one
	// The cause's figures (see Cause): a picture's size in pixels, a page
	// count and the limit it passed.
	Width, Height, Count, Limit int
	Err                         error
}

// causeWords are the English words of each cause.
var causeWords = map[Cause]string{
	Unreadable:       "it could not be read",
	UnreadableToEnd:  "it could not be read to the end",
	DamagedHeader:    "its header is damaged",
	Truncated:        "it is truncated or damaged",
	UnknownPicture:   "it is not a PNG, JPEG, GIF, WebP, BMP or TIFF picture, or its header is damaged",
	NoPixels:         "it has no pixels",
	TooManyPixels:    "%[1]d x %[2]d pixels",
	PicturesTooLarge: "its %[3]d pages hold more than %[4]d MiB of pictures",
	NotTIFF:          "it is not a TIFF file",
	DamagedDirectory: "its page directory is damaged",
	TooManyFrames:    "more than %[4]d pages",
	TooManyTextPages: "more than %[4]d pages of text",
	Binary:           "it holds binary data",
	NotUTF8:          "it is not UTF-8 text",
	NoFont:           "the font could not be loaded",
	NotItsKind:       "it is damaged or not the kind of document its name says",
	OfficeRefused:    "LibreOffice could not open it, so it is damaged or not an office document",
}

// Detail is the cause in English words ("12000 x 12000 pixels"), or "".
func (e *Error) Detail() string {
	w, ok := causeWords[e.Cause]
	if !ok {
		return ""
	}
	if !strings.Contains(w, "%") {
		return w
	}
	return fmt.Sprintf(w, e.Width, e.Height, e.Count, e.Limit)
}

func (e *Error) Error() string {
	n := e.Name
	if n == "" {
		n = "the file"
	}
	d := ""
	if detail := e.Detail(); detail != "" {
		d = " (" + detail + ")"
	}
	switch e.Problem {
	case Unsupported:
		return fmt.Sprintf("%s cannot be turned into PDF: save it as PDF and print that.", n)
	case BadImage:
		return fmt.Sprintf("%s is not a picture that can be read%s: open it in an image viewer, save it again and print that.", n, d)
	case TooLarge:
		return fmt.Sprintf("%s is too large to convert to PDF%s: split it or scale it down, or save it as PDF and print that.", n, d)
	case NotText:
		return fmt.Sprintf("%s is not plain text%s: open it in the program that made it and print it as PDF from there.", n, d)
	case NoLibreOffice:
		return fmt.Sprintf("%s needs LibreOffice to become PDF: install LibreOffice (%s), or save it as PDF and print that.", n, installHint)
	case OfficeFailed:
		return fmt.Sprintf("%s could not be converted to PDF%s: open it in its own program and save it as PDF.", n, d)
	case OfficeTimedOut:
		return fmt.Sprintf("LibreOffice took too long to convert %s: save it as PDF and print that.", n)
	}
	return fmt.Sprintf("could not write the PDF for %s%s: check the free space in the temporary folder and try again.", n, d)
}

func (e *Error) Unwrap() error { return e.Err }
