package convert

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"strings"
	"testing"

	"printdrop/internal/testenv"
)

func convert(t testing.TB, path, contentType string, opt Options) *Result {
	t.Helper()
	res, err := ToPDF(context.Background(), path, contentType, opt)
	if err != nil {
		t.Fatalf("ToPDF(%s): %v", path, err)
	}
	t.Cleanup(func() { res.Close() })
	if fi, err := os.Stat(res.Path); err != nil || fi.Size() != res.Size {
		t.Fatalf("Result.Size = %d, file: %v %v", res.Size, fi, err)
	}
	return res
}

func TestPNGIsOnePageOfTheSharesPaper(t *testing.T) {
	for _, paper := range []Paper{A4, Letter} {
		path := write(t, "screen.png", pngBytes(t, halves(1200, 800)))
		res := convert(t, path, "image/png", Options{Paper: paper})
		p := parsePDF(t, res.Path)
		p.wantPages(t, 1, paper)
		if res.Pages != 1 {
			t.Fatalf("Result.Pages = %d", res.Pages)
		}
		// 1200 px at 150 dpi (576 pt) is wider than either page: it is turned
		// a quarter onto the tall page and printed at its full 1200 x 800.
		if got := p.images(1); len(got) != 1 || got[0] != [2]int{1200, 800} {
			t.Fatalf("pictures on the page: %v", got)
		}
	}
}

func TestSmallPictureIsNotEnlarged(t *testing.T) {
	pic := fit(150, 100, A4, DefaultMargin)
	if pic.pw != 72 || pic.ph != 48 {
		t.Fatalf("a 150 x 100 px picture prints %.1f x %.1f pt, want 72 x 48 (150 dpi)", pic.pw, pic.ph)
	}
	big := fit(6000, 4000, A4, DefaultMargin)
	if !big.turn || big.pw > A4.H-2*DefaultMargin+0.01 || big.ph > A4.W-2*DefaultMargin+0.01 {
		t.Fatalf("a large landscape picture: %+v", big)
	}
}

func TestJPEGFollowsEXIFOrientation(t *testing.T) {
	// 400 x 200, red left and blue right; orientation 6 means "turn 90°
	// clockwise to view", so upright it is 200 x 400, red on top.
	path := write(t, "photo.jpg", testenv.JPEGWithOrientation(t, halves(400, 200), 6))
	if o := exifOrientation(mustOpen(t, path)); o != 6 {
		t.Fatalf("orientation read = %d", o)
	}
	res := convert(t, path, "image/jpeg", Options{})
	p := parsePDF(t, res.Path)
	p.wantPages(t, 1, A4)
	if got := p.images(1); len(got) != 1 || got[0] != [2]int{200, 400} {
		t.Fatalf("picture on the page is %v, want 200 x 400 (turned upright)", got)
	}
	img := upright(halves(400, 200), 6, 1)
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 400 {
		t.Fatalf("upright: %v", b)
	}
	if !reddish(img.At(100, 50)) || reddish(img.At(100, 350)) {
		t.Fatalf("upright picture: top %v, bottom %v; want red on top", img.At(100, 50), img.At(100, 350))
	}
	// Without orientation the JPEG is embedded as it is, not re-encoded.
	plain := write(t, "plain.jpg", testenv.JPEGWithOrientation(t, halves(400, 200), 1))
	pic, err := loadPicture(sectionOf(t, plain), "jpeg", A4, DefaultMargin)
	if err != nil || pic.typ != "JPG" || len(pic.data) != int(fileSize(t, plain)) {
		t.Fatalf("plain JPEG: %v %s %d bytes", err, pic.typ, len(pic.data))
	}
}

func reddish(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return r > 0xc000 && b < 0x4000
}

func TestAllEightOrientations(t *testing.T) {
	// A 3 x 2 picture with a marked top-left pixel: where it lands says
	// which way each orientation turns (EXIF 2.3, tag 0x0112).
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range src.Pix {
		src.Pix[i] = 255
	}
	src.SetRGBA(0, 0, color.RGBA{0, 0, 0, 255})
	want := map[int]image.Point{1: {0, 0}, 2: {2, 0}, 3: {2, 1}, 4: {0, 1}, 5: {0, 0}, 6: {1, 0}, 7: {1, 2}, 8: {0, 2}}
	for o, at := range want {
		img := upright(src, o, 1)
		if r, _, _, _ := img.At(at.X, at.Y).RGBA(); r != 0 {
			t.Errorf("orientation %d: the first pixel is not at %v", o, at)
		}
	}
}

func TestTIFFHasAPagePerFrame(t *testing.T) {
	sizes := [][2]int{{120, 160}, {80, 60}, {64, 64}}
	path := write(t, "scan.tiff", testenv.TIFFPages(sizes...))
	res := convert(t, path, "image/tiff", Options{Paper: Letter})
	p := parsePDF(t, res.Path)
	p.wantPages(t, 3, Letter)
	for i, sz := range sizes {
		if got := p.images(i + 1); len(got) != 1 || got[0] != sz {
			t.Fatalf("page %d holds %v, want the frame of %v", i+1, got, sz)
		}
	}
}

func TestTextInGreekAndCyrillic(t *testing.T) {
	var b strings.Builder
	b.WriteString("Καλημέρα κόσμε\tПривет, мир\n")
	b.WriteString(strings.Repeat("long line ", 30) + "\n") // wraps
	for i := range 150 {
		fmt.Fprintf(&b, "line %d: Ελληνικά и русский\n", i)
	}
	path := write(t, "notes.txt", []byte("\xEF\xBB\xBF"+b.String()))
	res := convert(t, path, "text/plain", Options{})
	p := parsePDF(t, res.Path)
	// 152 lines plus one wrap: 153 of 64 rows a page make 3 pages.
	p.wantPages(t, 3, A4)
	first := p.text(1)
	for _, want := range []string{"Καλημέρα κόσμε", "Привет, мир", "line 0: Ελληνικά и русский", "1"} {
		if !strings.Contains(first, want) {
			t.Fatalf("page 1 does not show %q: %q", want, first[:min(len(first), 300)])
		}
	}
	if last := p.text(3); !strings.Contains(last, "line 149") || !strings.HasSuffix(strings.TrimSpace(last), "3") {
		t.Fatalf("page 3 lacks the last line or its number: %q", last)
	}
}

func TestTextInUTF16WithBOM(t *testing.T) {
	u := []byte{0xFF, 0xFE}
	for _, r := range "Grüße, Ελλάδα\r\n" {
		u = append(u, byte(r), byte(r>>8))
	}
	res := convert(t, write(t, "win.txt", u), "text/plain", Options{})
	p := parsePDF(t, res.Path)
	p.wantPages(t, 1, A4)
	if !strings.Contains(p.text(1), "Grüße, Ελλάδα") {
		t.Fatalf("page 1: %q", p.text(1))
	}
}

func TestDocxThroughLibreOffice(t *testing.T) {
	testenv.RequireTools(t, "soffice")
	path := write(t, "letter.docx", testenv.DOCX(t, "First page.", "Second page."))
	res := convert(t, path, "application/zip", Options{})
	p := parsePDF(t, res.Path)
	p.wantPages(t, 2, A4)
	if res.Pages != 2 {
		t.Fatalf("Result.Pages = %d, want 2", res.Pages)
	}
}

func TestCancelEndsLibreOffice(t *testing.T) {
	testenv.RequireTools(t, "soffice")
	path := write(t, "letter.docx", testenv.DOCX(t, "Cancelled."))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ToPDF(ctx, path, "", Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled conversion returned %v", err)
	}
}

func TestNoLibreOfficeSaysWhatToInstall(t *testing.T) {
	path := write(t, "letter.docx", testenv.DOCX(t, "x"))
	_, err := ToPDF(context.Background(), path, "", Options{Soffice: "/nonexistent/soffice"})
	var ce *Error
	if !errors.As(err, &ce) || ce.Problem != NoLibreOffice || !strings.Contains(err.Error(), "install LibreOffice") {
		t.Fatalf("without LibreOffice: %v", err)
	}
	oneSentence(t, err)
}

func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		name, ct string
		want     Kind
	}{
		{"a.png", "image/png", Image}, {"a.jpg", "image/jpeg", Image}, {"a.tif", "image/tiff", Image},
		{"a.webp", "image/webp", Image}, {"a.txt", "text/plain", Text},
		{"a.docx", "application/zip", Office}, {"A.XLSX", "application/octet-stream", Office},
		{"a.pdf", "application/pdf", None}, {"a.zip", "application/zip", None},
	} {
		if got := KindOf(c.name, c.ct); got != c.want {
			t.Errorf("KindOf(%s, %s) = %v, want %v", c.name, c.ct, got, c.want)
		}
	}
}

func TestPaperNamed(t *testing.T) {
	if p, ok := PaperNamed("North America  Letter"); !ok || p != Letter {
		t.Fatalf("Letter: %v %v", p, ok)
	}
	if p, ok := PaperNamed("a4"); !ok || p != A4 {
		t.Fatalf("A4: %v %v", p, ok)
	}
	if _, ok := PaperNamed("Custom 10x10"); ok {
		t.Fatal("an unknown name has a paper")
	}
}

// oneSentence checks an error reads as one sentence: one full stop, at the end.
func oneSentence(t testing.TB, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.HasSuffix(msg, ".") || strings.Count(strings.TrimSuffix(msg, "."), ". ") != 0 {
		t.Fatalf("not one sentence: %q", msg)
	}
}

func mustOpen(t testing.TB, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestTextLineOfExactlyTheWidthLeavesNoBlankLine(t *testing.T) {
	opt := Options{}
	cols := 91                                                 // DejaVu Sans Mono 9.5 pt on A4 inside half-inch margins
	body := strings.Repeat(strings.Repeat("x", cols)+"\n", 64) // exactly one page
	res := convert(t, write(t, "w.txt", []byte(body)), "text/plain", opt)
	if res.Pages != 1 {
		t.Fatalf("64 full-width lines make %d pages, want 1", res.Pages)
	}
}

func TestCheckRefusesFromHeadersAsToPDFWould(t *testing.T) {
	binary := append([]byte("ab"), make([]byte, 100)...)
	for _, c := range []struct {
		file, ct string
		data     []byte
		want     Problem
	}{
		{"bomb.png", "image/png", pngHeaderOnly(100_000, 100_000), TooLarge},
		{"big.tiff", "image/tiff", testenv.TIFFPages([2]int{8, 8}, [2]int{10_000, 10_000}), TooLarge},
		{"notes.txt", "text/plain", binary, NotText},
		{"fake.docx", "application/zip", binary, OfficeFailed},
		{"photo.jpg", "image/png", pngBytes(t, halves(4, 4)), -1},
		{"scan.tiff", "image/tiff", testenv.TIFFPages([2]int{8, 8}, [2]int{9, 9}), -1},
	} {
		// Any program stands in for LibreOffice: Check only looks it up.
		err := Check(write(t, c.file, c.data), c.ct, Options{Soffice: os.Args[0]})
		var ce *Error
		switch {
		case c.want < 0 && err != nil:
			t.Errorf("%s: refused: %v", c.file, err)
		case c.want >= 0 && (!errors.As(err, &ce) || ce.Problem != c.want || !strings.HasPrefix(err.Error(), c.file)):
			t.Errorf("%s: %v, want problem %d", c.file, err, c.want)
		}
	}
	if n := PictureCount(write(t, "three.tiff", testenv.TIFFPages([2]int{4, 4}, [2]int{4, 4}, [2]int{4, 4}))); n != 3 {
		t.Errorf("PictureCount of a 3-page TIFF = %d", n)
	}
}

func TestEveryMessageSplitsIntoWhatHappenedAndWhatToDo(t *testing.T) {
	// The window and send show the part before the first ": " as the
	// headline and the rest as the next step: a detail must stay whole in
	// the headline.
	for p := Unsupported; p <= WriteFailed; p++ {
		err := &Error{Problem: p, Name: "a.png", Cause: OfficeRefused}
		head, next, ok := strings.Cut(err.Error(), ": ")
		if !ok || next == "" || strings.Count(head, "(") != strings.Count(head, ")") {
			t.Errorf("problem %d: %q splits into %q and %q", p, err.Error(), head, next)
		}
		oneSentence(t, err)
	}
}
