package convert

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	_ "golang.org/x/image/bmp" // registers BMP with image.Decode
	"golang.org/x/image/tiff"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode
)

// MaxPixels is the most pixels one picture or frame may have: checked from
// its header before anything is decoded, so a decompression bomb (a small
// file claiming 100,000 x 100,000 pixels) is refused without allocating.
// 40 megapixels is beyond any camera photo a person prints.
const MaxPixels = 40_000_000

// MaxFrames is the most pages a multi-page TIFF may have.
const MaxFrames = 1000

const (
	margin   = 36  // points: half an inch on every side
	imageDPI = 150 // a small picture prints at this size, never enlarged beyond it
)

// imageToPDF writes one page per picture (or TIFF page) to outPath.
func imageToPDF(ctx context.Context, path, contentType, outPath string, paper Paper) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, &Error{Problem: BadImage, Detail: "it could not be read", Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, &Error{Problem: BadImage, Err: err}
	}
	pdf := newPDF(paper)
	add := func(name string, img pageImage) {
		placeImage(pdf, paper, name, img)
	}
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(ct, "image/tiff"):
		offs, err := tiffPages(f, fi.Size())
		if err != nil {
			return 0, err
		}
		for i, off := range offs {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			img, err := decodeChecked(io.NewSectionReader(headerAt{f, tiffHeader(f, off)}, 0, fi.Size()), "tiff")
			if err != nil {
				return 0, err
			}
			add(fmt.Sprintf("p%d", i), img)
		}
	case strings.HasPrefix(ct, "image/jpeg"):
		img, err := jpegPage(f, fi.Size())
		if err != nil {
			return 0, err
		}
		add("p0", img)
	default:
		img, err := decodeChecked(io.NewSectionReader(f, 0, fi.Size()), "")
		if err != nil {
			return 0, err
		}
		add("p0", img)
	}
	return finishPDF(pdf, outPath)
}

// pageImage is one picture ready for fpdf: encoded bytes it can embed.
type pageImage struct {
	data []byte
	typ  string // "PNG" or "JPG"
	w, h int    // pixels
}

// decodeChecked checks the picture's size from its header, then decodes
// it (a GIF's first frame only) and encodes it as an 8-bit PNG, the form
// fpdf embeds for every picture type.
func decodeChecked(r io.ReadSeeker, format string) (pageImage, error) {
	cfg, name, err := image.DecodeConfig(r)
	if err != nil {
		return pageImage{}, &Error{Problem: BadImage, Detail: "its header is damaged or of an unknown format", Err: err}
	}
	if err := checkPixels(cfg.Width, cfg.Height); err != nil {
		return pageImage{}, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return pageImage{}, &Error{Problem: BadImage, Err: err}
	}
	var img image.Image
	switch {
	case format == "tiff" || name == "tiff":
		img, err = tiff.Decode(r)
	case name == "gif":
		img, err = gif.Decode(r) // the first frame: an animation prints as its first picture
	default:
		img, _, err = image.Decode(r)
	}
	if err != nil {
		return pageImage{}, &Error{Problem: BadImage, Detail: "it is truncated or damaged", Err: err}
	}
	return encodePNG(img)
}

func checkPixels(w, h int) error {
	if w <= 0 || h <= 0 {
		return &Error{Problem: BadImage, Detail: "it has no pixels"}
	}
	if int64(w)*int64(h) > MaxPixels {
		return &Error{Problem: TooLarge, Detail: fmt.Sprintf("%d x %d pixels, more than %d megapixels", w, h, MaxPixels/1_000_000)}
	}
	return nil
}

// encodePNG makes an 8-bit PNG fpdf can embed (it takes neither 16-bit
// nor interlaced PNGs).
func encodePNG(img image.Image) (pageImage, error) {
	switch img.(type) {
	case *image.Gray, *image.NRGBA, *image.RGBA:
	default:
		n := image.NewNRGBA(img.Bounds())
		draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
		img = n
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return pageImage{}, &Error{Problem: WriteFailed, Err: err}
	}
	b := img.Bounds()
	return pageImage{data: buf.Bytes(), typ: "PNG", w: b.Dx(), h: b.Dy()}, nil
}

// jpegPage embeds a JPEG as it is when it needs no turning, else decodes,
// turns it by its EXIF orientation and encodes it again.
func jpegPage(f *os.File, size int64) (pageImage, error) {
	cfg, err := jpeg.DecodeConfig(io.NewSectionReader(f, 0, size))
	if err != nil {
		return pageImage{}, &Error{Problem: BadImage, Detail: "its header is damaged", Err: err}
	}
	if err := checkPixels(cfg.Width, cfg.Height); err != nil {
		return pageImage{}, err
	}
	orient := exifOrientation(io.NewSectionReader(f, 0, size))
	img, err := jpeg.Decode(io.NewSectionReader(f, 0, size))
	if err != nil {
		return pageImage{}, &Error{Problem: BadImage, Detail: "it is truncated or damaged", Err: err}
	}
	if orient <= 1 && cfg.ColorModel != color.CMYKModel {
		// Checked whole (decoded), embedded as it is: no loss.
		img = nil
		data, err := io.ReadAll(io.NewSectionReader(f, 0, size))
		if err != nil {
			return pageImage{}, &Error{Problem: BadImage, Err: err}
		}
		return pageImage{data: data, typ: "JPG", w: cfg.Width, h: cfg.Height}, nil
	}
	img = orientImage(img, orient)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
		return pageImage{}, &Error{Problem: WriteFailed, Err: err}
	}
	b := img.Bounds()
	return pageImage{data: buf.Bytes(), typ: "JPG", w: b.Dx(), h: b.Dy()}, nil
}

func newPDF(paper Paper) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: paper.W, Ht: paper.H}})
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCreator("PrintDrop", true)
	return pdf
}

func finishPDF(pdf *fpdf.Fpdf, outPath string) (int, error) {
	pages := pdf.PageCount()
	if err := pdf.OutputFileAndClose(outPath); err != nil {
		return 0, &Error{Problem: WriteFailed, Err: err}
	}
	return pages, nil
}

// placeImage adds a page, turned to landscape for a wide picture, with the
// picture centred inside the margins: shrunk to fit, never enlarged past
// imageDPI.
func placeImage(pdf *fpdf.Fpdf, paper Paper, name string, img pageImage) {
	pw, ph, orient := paper.W, paper.H, "P"
	if img.w > img.h {
		pw, ph, orient = paper.H, paper.W, "L"
	}
	pdf.AddPageFormat(orient, fpdf.SizeType{Wd: paper.W, Ht: paper.H})
	w, h := float64(img.w)*72/imageDPI, float64(img.h)*72/imageDPI
	scale := min(1, (pw-2*margin)/w, (ph-2*margin)/h)
	w, h = w*scale, h*scale
	opts := fpdf.ImageOptions{ImageType: img.typ}
	pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(img.data))
	pdf.ImageOptions(name, (pw-w)/2, (ph-h)/2, w, h, false, opts, 0, "")
}
