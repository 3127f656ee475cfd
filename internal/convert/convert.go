// Package convert turns pictures, plain text and office documents into PDF
// for printers that take only PDF. It knows which files it can convert
// (KindOf) and writes the PDF to a temporary file that the caller removes
// with Result.Close. It is a leaf: it knows nothing of printers or shares,
// only the paper and margins it is given.
package convert

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// PDF is the content type every conversion produces.
const PDF = "application/pdf"

// Kind is how a file is converted.
type Kind int

// Kinds of conversion.
const (
	None   Kind = iota // not convertible here
	Image              // decoded in process, one page per picture or frame
	Text               // typeset in process in a monospaced font
	Office             // converted by LibreOffice in headless mode
)

var imageTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"image/bmp": true, "image/x-ms-bmp": true, "image/tiff": true,
}

var officeExt = map[string]bool{
	".docx": true, ".xlsx": true, ".pptx": true, ".odt": true, ".ods": true, ".odp": true,
	".rtf": true, ".doc": true, ".xls": true, ".ppt": true,
}

// Extensions lists the file name extensions that convert can turn into
// PDF, for a file chooser's filter.
func Extensions() []string {
	return []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".txt", ".text",
		".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".doc", ".xls", ".ppt"}
}

// KindOf says how a file named name with detected contentType converts.
// Office documents are known by their extension (their detected type is
// often a generic zip or OLE container).
func KindOf(name, contentType string) Kind {
	base, _, _ := strings.Cut(contentType, ";")
	base = strings.ToLower(strings.TrimSpace(base))
	switch {
	case imageTypes[base]:
		return Image
	case base == "text/plain":
		return Text
	case officeExt[strings.ToLower(filepath.Ext(name))]:
		return Office
	}
	return None
}

// DefaultMargin is the margin on every side when Options gives none: half
// an inch, inside what nearly every printer can print.
const DefaultMargin = 36

// Options tune a conversion; the zero value converts to A4 in os.TempDir.
type Options struct {
	Paper Paper // the printer's default paper; zero means A4
	// Margin is the blank border on every side, in points; zero means
	// DefaultMargin. A printer that needs more says so in its capabilities.
	Margin float64
	Dir    string // where the temporary PDF goes; empty means os.TempDir
	// Soffice is LibreOffice's program; empty looks for soffice or
	// libreoffice on PATH (and the usual install folder on Windows).
	Soffice string
}

func (o Options) paper() Paper {
	if o.Paper.W <= 0 || o.Paper.H <= 0 {
		return A4
	}
	return o.Paper.Portrait()
}

func (o Options) margin() float64 {
	p := o.paper()
	if o.Margin <= 0 || o.Margin*4 > min(p.W, p.H) {
		return DefaultMargin
	}
	return o.Margin
}

// Result is a converted document. Close removes its file.
type Result struct {
	Path   string // the temporary PDF
	Pages  int    // 0 when LibreOffice wrote a PDF whose pages could not be counted
	Size   int64
	Source string // the content type it was converted from
}

// Close removes the temporary PDF.
func (r *Result) Close() error {
	if r == nil || r.Path == "" {
		return nil
	}
	err := os.Remove(r.Path)
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return err
}

// ToPDF converts the file at path (of detected contentType) to a
// temporary PDF. A failure is an *Error; a cancelled ctx ends the
// conversion (and LibreOffice) and returns ctx's error.
func ToPDF(ctx context.Context, path, contentType string, opt Options) (*Result, error) {
	name := filepath.Base(path)
	kind := KindOf(name, contentType)
	if kind == None {
		return nil, &Error{Problem: Unsupported, Name: name}
	}
	out, err := os.CreateTemp(opt.Dir, "printdrop-*.pdf")
	if err != nil {
		return nil, &Error{Problem: WriteFailed, Name: name, Err: err}
	}
	outPath := out.Name()
	out.Close()
	res := &Result{Path: outPath, Source: contentType}
	var pages int
	switch kind {
	case Image:
		pages, err = imageToPDF(ctx, path, outPath, opt)
	case Text:
		pages, err = textToPDF(ctx, path, outPath, opt)
	case Office:
		pages, err = officeToPDF(ctx, path, outPath, opt)
	}
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(outPath); err == nil {
			res.Pages, res.Size = pages, fi.Size()
			return res, nil
		}
		err = &Error{Problem: WriteFailed, Err: err}
	}
	res.Close()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var ce *Error
	if errors.As(err, &ce) && ce.Name == "" {
		ce.Name = name
	}
	return nil, err
}

// PDFName is the document name for a converted file: "photo.jpg" prints
// as "photo.jpg.pdf", so the queue still shows what the file was.
func PDFName(name string) string { return name + ".pdf" }

// PictureCount is how many pages a picture makes (a TIFF's pages, else
// 1), read from its headers only; 0 when it is not a picture or cannot be
// read. The conversion itself still checks everything.
func PictureCount(path string) int {
	return countIn(path, func(f *os.File, size int64) int {
		_, frames, err := pictureFrames(f, size)
		if err != nil {
			return 0
		}
		return len(frames)
	})
}

// countIn opens path, hands it and its size to count, and closes it again
// (a file left open cannot be removed on Windows); 0 when it cannot be
// opened.
func countIn(path string, count func(f *os.File, size int64) int) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0
	}
	return count(f, fi.Size())
}
