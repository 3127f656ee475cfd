package convert

import (
	"os"

	"codeberg.org/go-pdf/fpdf"
	"rsc.io/pdf"
)

// newPDF starts a document whose every page is paper (portrait).
func newPDF(paper Paper, margin float64) *fpdf.Fpdf {
	doc := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: paper.W, Ht: paper.H}})
	doc.SetMargins(margin, margin, margin)
	doc.SetAutoPageBreak(false, 0)
	doc.SetCreator("PrintDrop", true)
	return doc
}

func finishPDF(doc *fpdf.Fpdf, outPath string) (int, error) {
	pages := doc.PageCount()
	if err := doc.OutputFileAndClose(outPath); err != nil {
		return 0, &Error{Problem: WriteFailed, Err: err}
	}
	return pages, nil
}

// countPages reads the page count of a PDF another program wrote; 0 when
// it cannot be read (the PDF still prints: only the count is unknown).
func countPages(path string) (n int) {
	defer func() {
		if recover() != nil { // rsc.io/pdf panics on some malformed files
			n = 0
		}
	}()
	// Not pdf.Open: it keeps the file open, and Windows removes no open
	// file (a kept PDF must go once printed).
	return countIn(path, func(f *os.File, size int64) int {
		r, err := pdf.NewReader(f, size)
		if err != nil {
			return 0
		}
		return r.NumPage()
	})
}
