package convert

import (
	"fmt"
	"runtime"
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

// Error is a failed conversion: its message says what happened and what
// to do next.
type Error struct {
	Problem Problem
	Name    string // the file's base name
	Detail  string // the specific cause, in words, when there is one
	Err     error
}

func (e *Error) Error() string {
	n := e.Name
	if n == "" {
		n = "the file"
	}
	d := ""
	if e.Detail != "" {
		d = " (" + e.Detail + ")"
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
