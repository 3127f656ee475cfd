package workflow

import (
	"context"
	"strings"
	"time"

	"printdrop/internal/convert"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/upload"
)

// CheckFile says at once whether path can be printed on p: a printable
// file (not a folder, pipe, device, empty or over 1 GB), of a type the
// printer takes (OXPS is accepted when the printer takes PDF: the service
// converts it), on a printer that is ready. The refusal is a
// *RefusedError whose message says what to do. It makes no network call.
func (s *Service) CheckFile(path string, p Printer) error {
	f, err := checkFile(path, p, s.converting(true), upload.Identity{})
	if err != nil {
		return err
	}
	return f.Close()
}

// CheckFileAsIs is CheckFile for a print that must not be converted
// (PrintRequest.NoConvert): a file the printer does not take as it is is
// refused, even one it would take once converted to PDF.
func (s *Service) CheckFileAsIs(path string, p Printer) error {
	f, err := checkFile(path, p, s.converting(false), upload.Identity{})
	if err != nil {
		return err
	}
	return f.Close()
}

// checkFile is CheckFile keeping the file open for the upload.
func checkFile(path string, p Printer, conv conversions, seen upload.Identity) (*upload.File, error) {
	f, err := checkDocument(path, p, conv, seen)
	if err != nil {
		return nil, err
	}
	if err := checkReadiness(p); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// checkDocument is the one check of a file: printable in itself, and of a
// type p takes (a zero p, no printer chosen yet, takes any). The file is
// left open for the upload. conv says whether a file p takes once
// converted to PDF is accepted. seen is the file as a window checked it
// when it was dropped (zero when unknown): unchanged, it is not read again.
func checkDocument(path string, p Printer, conv conversions, seen upload.Identity) (*upload.File, error) {
	f, err := upload.OpenFileSeen(path, seen)
	if err != nil {
		return nil, fileRefusal(RefusedFile, err)
	}
	if err := checkContentType(p, f.Name(), f.ContentType(), conv.allowed); err != nil {
		f.Close()
		return nil, err
	}
	if conv.allowed && convertible(p, f.Name(), f.ContentType()) {
		// Headers only: a picture too large, a binary .txt, a document
		// with no LibreOffice is refused now, before any job (and, in
		// the window, before Print is pressed).
		if err := convert.Check(f.Path(), f.ContentType(), convert.Options{Soffice: conv.soffice}); err != nil {
			f.Close()
			return nil, conversionRefusal(err)
		}
	}
	return f, nil
}

// checkReadiness refuses a printer that cannot print now.
func checkReadiness(p Printer) error {
	switch p.Readiness.State {
	case Stopped:
		return &RefusedError{Reason: RefusedStopped, Msg: p.Readiness.Sentence}
	case NotAccepting:
		return &RefusedError{Reason: RefusedNotAccepting, Msg: p.Readiness.Sentence}
	}
	return nil
}

// CheckContentType refuses a document type the printer does not take
// (OXPS is taken by a printer that takes PDF: the service converts it). It
// reads nothing, so a window can call it on a file it has already opened.
//
// A file the printer takes once converted to PDF (a picture, plain text, an
// office document: see convert) is accepted; Print converts it.
func CheckContentType(p Printer, name, contentType string) error {
	return checkContentType(p, name, contentType, true)
}

// checkContentType is CheckContentType; without mayConvert a file the
// printer does not take as it is is refused (printdrop send --no-convert).
func checkContentType(p Printer, name, contentType string, mayConvert bool) error {
	if mayConvert && convertible(p, name, contentType) {
		return nil
	}
	if len(p.ContentTypes) > 0 && !supportsContentType(p.ContentTypes, contentType) {
		return refusal(RefusedContentType, saying{
			say.T("{{.Printer}} cannot print {{.File}} ({{.Type}})", say.Args{"Printer": p.Name(), "File": name, "Type": describeType(contentType)}),
			say.T("save it as {{.Types}} and print that, or choose another printer.", say.Args{"Types": typeList(p.ContentTypes)}),
		}, nil)
	}
	return nil
}

// refreshPrinter reloads the share's status right before a job is created:
// the list the user picked from may be minutes old.
// A printer ResolveShare read within PrinterFresh is used as is:
// the command line reads the share and prints a moment later, and a second
// read would only cost a round trip.
func (s *Service) refreshPrinter(ctx context.Context, p Printer) (Printer, error) {
	if !p.loaded.IsZero() && time.Since(p.loaded) < PrinterFresh {
		return p, nil
	}
	sh, err := s.graph.Share(ctx, p.ID())
	if err != nil {
		return Printer{}, err
	}
	s.statuses.put(sh.ID, ReadinessOf(sh), sh.IsAcceptingJobs)
	return PrinterOf(sh), nil
}

// PrinterFresh is how long a printer's status, as ResolveShare read it,
// is trusted by Print without reading it again.
const PrinterFresh = 10 * time.Second

// typeNames are the words for the document types PrintDrop names in a
// refusal; other types are named by their MIME type.
var typeNames = map[string]string{
	"application/pdf":                "PDF",
	"application/oxps":               "OpenXPS",
	"application/vnd.ms-xpsdocument": "XPS",
	"image/pwg-raster":               "PWG raster",
	"image/urf":                      "Apple raster",
	"image/jpeg":                     "JPEG",
	"image/png":                      "PNG",
	"text/plain":                     "plain text",
	"application/octet-stream":       "an unknown type",
}

// describeType is a document type in the user's language.
func describeType(ct string) string {
	base, _, _ := strings.Cut(ct, ";")
	if n, ok := typeNames[strings.ToLower(strings.TrimSpace(base))]; ok {
		return say.T(n)
	}
	return base
}

// typeList is "PDF, XPS or PNG" for the types a printer takes.
func typeList(cts []string) string {
	if len(cts) == 0 {
		return say.T("another format")
	}
	out := make([]string, 0, len(cts))
	for _, ct := range cts {
		out = append(out, describeType(ct))
	}
	return orList(out)
}

// Takes says whether the printer takes f as the window shows it now: a
// document type it prints, on a printer that can print. The refusal is a
// *RefusedError saying what to do. It reads nothing, so a window can ask
// again whenever the file or the printer changes, before Print is pressed.
func (d PrinterDetails) Takes(f FileInfo) error {
	p := d.loaded
	p.Readiness = d.Readiness // the status shown, which may be newer than the details
	if err := CheckContentType(p, f.Name, f.Type); err != nil {
		return err
	}
	return checkReadiness(p)
}

// Becomes says what f turns into on this printer, for the file list: ""
// when the printer takes it as it is, else "1 page, as PDF" (or "as PDF"
// when the page count is known only once converted). It reads nothing.
func (d PrinterDetails) Becomes(f FileInfo) string {
	if !convertible(d.loaded, f.Name, f.Type) {
		return ""
	}
	if f.Pages > 0 {
		return say.T("{{.Pages}}, as PDF", say.Args{"Pages": units.Pages(f.Pages)})
	}
	return say.T("as PDF")
}

// ChooserExtensions are the file name extensions a file chooser offers:
// what prints as it is (PDF, XPS) and what PrintDrop converts to PDF, in
// lower and upper case.
func ChooserExtensions() []string {
	exts := append([]string{".pdf", ".xps", ".oxps"}, convert.Extensions()...)
	for _, e := range exts[:len(exts):len(exts)] {
		exts = append(exts, strings.ToUpper(e))
	}
	return exts
}
