package workflow

import (
	"context"
	"os"
	"path/filepath"

	"printdrop/internal/convert"
	"printdrop/internal/say"
	"printdrop/internal/units"
	"printdrop/internal/upload"
)

// Conversion is what a document became before its upload: a file the
// printer does not take as it is, turned into PDF (see convert).
type Conversion struct {
	From  string // the original content type
	Pages int    // 0 when LibreOffice's PDF could not be counted
	Size  int64  // bytes of the PDF uploaded
}

// conversions is whether a check accepts a file the printer takes only
// once converted, and with which LibreOffice.
type conversions struct {
	allowed bool
	soffice string // Params.Soffice
}

func (s *Service) converting(allowed bool) conversions {
	return conversions{allowed: allowed, soffice: s.p.Soffice}
}

// convertible reports whether p takes the file only once converted: it
// lists types, not this one, but PDF, and convert knows the kind.
func convertible(p Printer, name, contentType string) bool {
	return len(p.ContentTypes) > 0 && !supportsContentType(p.ContentTypes, contentType) &&
		supportsContentType(p.ContentTypes, convert.PDF) && convert.KindOf(name, contentType) != convert.None
}

// paperFor is the paper a converted document is laid out on: the job's
// paper, else the share's default, else A4.
func paperFor(p Printer, s JobSettings) convert.Paper {
	for _, name := range []string{s.MediaSize, p.Defaults.MediaSize} {
		if paper, ok := convert.PaperNamed(name); ok {
			return paper
		}
	}
	return convert.A4
}

// marginFor is the smallest margin every side of p can print, in points,
// when the share says (capabilities list margins in microns); 0 leaves
// convert's default.
func marginFor(p Printer) float64 {
	c := p.Share.Capabilities
	if c == nil {
		return 0
	}
	widest := 0
	for _, side := range [][]int{c.TopMargins, c.BottomMargins, c.LeftMargins, c.RightMargins} {
		if len(side) > 0 {
			widest = max(widest, minInt(side))
		}
	}
	pt := float64(widest) / 25400 * 72
	if pt <= convert.DefaultMargin {
		return 0
	}
	return pt
}

func minInt(v []int) int {
	m := v[0]
	for _, x := range v[1:] {
		m = min(m, x)
	}
	return m
}

// convertDocument turns the run's file into a PDF and puts that in its
// place for the upload. The PDF is kept (keptpdf.go) until the run ends,
// or longer while its upload may resume; a conversion kept from an
// interrupted print of the same file is used as it is. A file convert
// cannot turn into PDF is a *RefusedError: nothing was created on the
// service yet.
func (r *printRun) convertDocument(ctx context.Context) error {
	r.emit(StageConverting, nil)
	opt := convert.Options{Paper: paperFor(r.req.Printer, r.req.JobSettings), Margin: marginFor(r.req.Printer), Soffice: r.s.p.Soffice}
	kept := r.s.keptPath(r.file, opt, r.shareID)
	pages := convert.PageCount(kept)
	reused := pages > 0
	if !reused { // not kept (or not whole): convert now
		p, err := r.convertInto(ctx, kept, opt)
		if err != nil {
			return err
		}
		pages = p
	}
	pdf, err := upload.OpenFile(kept)
	if err != nil {
		return fileRefusal(RefusedConversion, err)
	}
	r.conv = &Conversion{From: r.file.ContentType(), Pages: pages, Size: pdf.Size()}
	r.file.Close()
	r.file, r.name, r.size, r.kept = pdf, convert.PDFName(r.name), pdf.Size(), kept
	switch {
	case reused:
		r.tell(StageConverting, say.T("Using the PDF made for the interrupted print: {{.Pages}}, {{.Size}}.", say.Args{"Pages": units.Pages(pages), "Size": units.Bytes(pdf.Size())}))
	case pages > 0:
		r.tell(StageConverting, say.T("Converted to PDF: {{.Pages}}, {{.Size}}.", say.Args{"Pages": units.Pages(pages), "Size": units.Bytes(pdf.Size())}))
	}
	return nil
}

// convertInto converts the run's file and moves the PDF to kept whole (a
// rename in the same folder), so a PDF at kept is always complete.
func (r *printRun) convertInto(ctx context.Context, kept string, opt convert.Options) (pages int, err error) {
	if err := os.MkdirAll(filepath.Dir(kept), 0o700); err != nil {
		return 0, err
	}
	opt.Dir = filepath.Dir(kept)
	res, err := convert.ToPDF(ctx, r.file.Path(), r.file.ContentType(), opt)
	if err != nil {
		if r := conversionRefusal(err); r != nil {
			return 0, r
		}
		return 0, err
	}
	if err := os.Rename(res.Path, kept); err != nil {
		res.Close()
		return 0, err
	}
	return max(res.Pages, convert.PageCount(kept)), nil
}
