package workflow

import (
	"bytes"
	"context"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"rsc.io/pdf"

	"printdrop/internal/convert"
	"printdrop/internal/emulator"
	"printdrop/internal/testenv"
)

// TestEveryKindArrivesAsPDFOfTheSharesPaper prints each kind of document
// a PDF-only share cannot take as it is through the emulator over HTTP,
// reads back what the service holds with a PDF reader that shares no code
// with the writer, and checks it is a PDF of the expected pages, each the
// share's default paper: a camera JPEG turned by its EXIF orientation, a
// three-page TIFF, UTF-8 text in Greek, Cyrillic and Latin, and a Word
// document through LibreOffice (installed by .ci/install-deps; under CI a
// missing soffice fails the test).
func TestEveryKindArrivesAsPDFOfTheSharesPaper(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("LibreOffice and the fonts are installed for the Linux CI run")
	}
	e := newEnv(t, emulator.Config{})
	p := e.printer(pdfOnlyShare)
	paper, ok := convert.PaperNamed(p.Defaults.MediaSize)
	if !ok {
		t.Fatalf("the share's default paper %q is not known to convert", p.Defaults.MediaSize)
	}
	portrait := image.NewRGBA(image.Rect(0, 0, 300, 200)) // landscape pixels, EXIF turns them upright
	for i := range portrait.Pix {
		portrait.Pix[i] = byte(i)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cases := []struct {
		name  string
		path  func() string
		pages int
	}{
		{"jpeg turned by EXIF", func() string {
			return write("camera.jpg", testenv.JPEGWithOrientation(t, portrait, 6))
		}, 1},
		{"three-page TIFF", func() string {
			return write("scan.tiff", testenv.TIFFPages([2]int{120, 160}, [2]int{160, 120}, [2]int{100, 100}))
		}, 3},
		{"UTF-8 text", func() string {
			return write("notes.txt", []byte("Καλημέρα κόσμε\nПривет, мир\nGrüße aus Köln\n\tindented\n"))
		}, 1},
		{"Word document", func() string {
			testenv.RequireTools(t, "soffice")
			return write("letter.docx", testenv.DOCX(t, "First page", "Second page"))
		}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path()
			task, err := e.svc.Print(context.Background(), PrintRequest{Path: path, Printer: p, JobSettings: p.Defaults})
			if err != nil {
				t.Fatal(err)
			}
			res, err := task.Wait()
			if err != nil || !res.Succeeded() || res.Converted == nil {
				t.Fatalf("Wait: %+v %v", res, err)
			}
			name, ct, data := e.uploadedDocument(pdfOnlyShare, res.JobID)
			if name != filepath.Base(path)+".pdf" || ct != "application/pdf" {
				t.Fatalf("the emulator holds %q (%s)", name, ct)
			}
			r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatalf("the uploaded document is not a PDF: %v", err)
			}
			if r.NumPage() != tc.pages || res.Converted.Pages != tc.pages {
				t.Fatalf("%d pages (Result says %d), want %d", r.NumPage(), res.Converted.Pages, tc.pages)
			}
			for i := 1; i <= r.NumPage(); i++ {
				mb := mediaBox(r, i)
				w, h := mb.Index(2).Float64()-mb.Index(0).Float64(), mb.Index(3).Float64()-mb.Index(1).Float64()
				if !near(w, paper.W) || !near(h, paper.H) {
					t.Fatalf("page %d is %.1f x %.1f pt, want the share's %s (%.1f x %.1f)", i, w, h, p.Defaults.MediaSize, paper.W, paper.H)
				}
			}
		})
	}
}

// mediaBox is page i's MediaBox, or the one it inherits from its parents.
func mediaBox(r *pdf.Reader, i int) pdf.Value {
	var mb pdf.Value
	for v := r.Page(i).V; mb.IsNull() && !v.IsNull(); v = v.Key("Parent") {
		mb = v.Key("MediaBox")
	}
	return mb
}

// near says two lengths in points are the same paper (LibreOffice rounds
// A4 to whole points and twips).
func near(a, b float64) bool { return a-b < 1.5 && b-a < 1.5 }
