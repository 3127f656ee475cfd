package workflow

import (
	"errors"
	"runtime"

	"printdrop/internal/convert"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
)

// conversionRefusal is the refusal of a file convert could not turn into
// PDF (err is its *convert.Error), in the user's language; nil for any
// other error.
func conversionRefusal(err error) *RefusedError {
	var ce *convert.Error
	if !errors.As(err, &ce) {
		return nil
	}
	return refusal(RefusedConversion, conversionSaying(ce), err)
}

// causeWords are convert's causes in words, with its figures as
// placeholders.
var causeWords = map[convert.Cause]string{
	convert.Unreadable:       "it could not be read",
	convert.UnreadableToEnd:  "it could not be read to the end",
	convert.DamagedHeader:    "its header is damaged",
	convert.Truncated:        "it is truncated or damaged",
	convert.UnknownPicture:   "it is not a PNG, JPEG, GIF, WebP, BMP or TIFF picture, or its header is damaged",
	convert.NoPixels:         "it has no pixels",
	convert.TooManyPixels:    "{{.Width}} x {{.Height}} pixels",
	convert.PicturesTooLarge: "its {{.Count}} pages hold more than {{.Limit}} MiB of pictures",
	convert.NotTIFF:          "it is not a TIFF file",
	convert.DamagedDirectory: "its page directory is damaged",
	convert.TooManyFrames:    "more than {{.Limit}} pages",
	convert.TooManyTextPages: "more than {{.Limit}} pages of text",
	convert.Binary:           "it holds binary data",
	convert.NotUTF8:          "it is not UTF-8 text",
	convert.NoFont:           "the font could not be loaded",
	convert.NotItsKind:       "it is damaged or not the kind of document its name says",
	convert.OfficeRefused:    "LibreOffice could not open it, so it is damaged or not an office document",
}

// conversionSaying is a failed conversion in words: the problem, the
// cause in brackets after it when convert knows one, and what to do.
func conversionSaying(e *convert.Error) saying {
	file := safetext.Show(e.Name) // a name as the file system has it
	if file == "" {
		file = say.T("the file")
	}
	detail := ""
	if w, ok := causeWords[e.Cause]; ok {
		detail = say.T(" ({{.Cause}})", say.Args{"Cause": say.T(w, say.Args{
			"Width": e.Width, "Height": e.Height, "Count": e.Count, "Limit": e.Limit})})
	}
	a := say.Args{"File": file, "Detail": detail}
	pdfInstead := say.T("save it as PDF and print that.")
	switch e.Problem {
	case convert.Unsupported:
		return saying{say.T("{{.File}} cannot be turned into PDF", a), pdfInstead}
	case convert.BadImage:
		return saying{say.T("{{.File}} is not a picture that can be read{{.Detail}}", a),
			say.T("open it in an image viewer, save it again and print that.")}
	case convert.TooLarge:
		return saying{say.T("{{.File}} is too large to convert to PDF{{.Detail}}", a),
			say.T("split it or scale it down, or save it as PDF and print that.")}
	case convert.NotText:
		return saying{say.T("{{.File}} is not plain text{{.Detail}}", a),
			say.T("open it in the program that made it and print it as PDF from there.")}
	case convert.NoLibreOffice:
		hint := say.T("on Debian or Ubuntu: sudo apt install libreoffice-nogui")
		if runtime.GOOS == "windows" {
			hint = say.T("from libreoffice.org, into its usual folder")
		}
		return saying{say.T("{{.File}} needs LibreOffice to become PDF", a),
			say.T("install LibreOffice ({{.Where}}), or save it as PDF and print that.", say.Args{"Where": hint})}
	case convert.OfficeFailed:
		return saying{say.T("{{.File}} could not be converted to PDF{{.Detail}}", a),
			say.T("open it in its own program and save it as PDF.")}
	case convert.OfficeTimedOut:
		return saying{say.T("LibreOffice took too long to convert {{.File}}", a), pdfInstead}
	}
	return saying{say.T("Could not write the PDF for {{.File}}{{.Detail}}", a),
		say.T("check the free space in the temporary folder and try again.")}
}
