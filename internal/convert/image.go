package convert

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"runtime"

	"codeberg.org/go-pdf/fpdf"
	_ "golang.org/x/image/bmp" // registers BMP with image.Decode
	"golang.org/x/image/tiff"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode
)

// Limits on pictures, checked from headers before anything is decoded, so
// a decompression bomb (a small file claiming 100,000 x 100,000 pixels, a
// TIFF chaining a million pages) is refused without allocating.
const (
	// MaxPixels is the most pixels one picture or frame may have.
	MaxPixels = 50_000_000
	// MaxFrames is the most pages a multi-page TIFF may have.
	MaxFrames = 1000
	// maxDecodeBytes bounds one decoded picture in memory (about 24
	// megapixels of a camera JPEG, 12 of an RGBA PNG): with the scaled
	// copy and the PDF writer's buffers, the worst case (an incompressible
	// RGBA PNG at the limit) peaks near 150 to 200 MiB.
	maxDecodeBytes = 48 << 20
	// maxEmbedBytes bounds the pictures one PDF holds: the PDF writer keeps
	// the whole document in memory until it is written.
	maxEmbedBytes = 64 << 20
)

const (
	smallDPI = 150 // a small picture prints at this size at most: never blown up into blur
	maxDPI   = 300 // a large one is scaled down to this: memory follows the page, not the file
)

// imageToPDF writes one page per picture (or TIFF page) to outPath.
func imageToPDF(ctx context.Context, path, outPath string, opt Options) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, &Error{Problem: BadImage, Cause: Unreadable, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, &Error{Problem: BadImage, Cause: Unreadable, Err: err}
	}
	size := fi.Size()
	format, frames, err := pictureFrames(f, size)
	if err != nil {
		return 0, err
	}
	paper, margin := opt.paper(), opt.margin()
	doc := newPDF(paper, margin)
	embedded := 0
	for i, fr := range frames {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		pg, err := loadPicture(io.NewSectionReader(fr, 0, size), format, paper, margin)
		if err != nil {
			return 0, err
		}
		if embedded += len(pg.data); embedded > maxEmbedBytes {
			return 0, &Error{Problem: TooLarge, Cause: PicturesTooLarge, Count: len(frames), Limit: maxEmbedBytes >> 20}
		}
		placePicture(doc, paper, fmt.Sprintf("p%d", i), pg)
	}
	return finishPDF(doc, outPath)
}

// pictureFrames reads a picture's format from its bytes (not its name: a
// PNG saved as .jpg still prints) and returns a reader per page: the file,
// or for a TIFF the file seen through a header pointing at each page.
func pictureFrames(f *os.File, size int64) (format string, frames []io.ReaderAt, err error) {
	_, format, err = image.DecodeConfig(io.NewSectionReader(f, 0, size))
	if err != nil {
		return "", nil, &Error{Problem: BadImage, Cause: UnknownPicture, Err: err}
	}
	if format != "tiff" {
		return format, []io.ReaderAt{f}, nil
	}
	offs, err := tiffPages(f, size)
	if err != nil {
		return "", nil, err
	}
	for _, off := range offs {
		frames = append(frames, headerAt{f, tiffHeader(f, off)})
	}
	return format, frames, nil
}

// configOf reads one page's header and refuses a picture too large.
func configOf(r *io.SectionReader, format string) (image.Config, error) {
	var cfg image.Config
	var err error
	if format == "tiff" {
		cfg, err = tiff.DecodeConfig(r)
	} else {
		cfg, _, err = image.DecodeConfig(r)
	}
	if err != nil {
		return cfg, &Error{Problem: BadImage, Cause: DamagedHeader, Err: err}
	}
	return cfg, checkPixels(cfg)
}

// picture is one page's picture, encoded as fpdf embeds it.
type picture struct {
	data   []byte
	typ    string  // "PNG" or "JPG"
	w, h   int     // pixels, upright
	pw, ph float64 // printed size in points, upright
	turn   bool    // printed turned a quarter, a wide picture on a tall page
}

// loadPicture checks a picture's size from its header, decodes it, turns
// it upright (EXIF orientation), scales it down to maxDPI at the size it
// prints, flattens transparency onto white, and encodes it for the PDF.
func loadPicture(r *io.SectionReader, format string, paper Paper, margin float64) (picture, error) {
	cfg, err := configOf(r, format)
	if err != nil {
		return picture{}, err
	}
	orient := 1
	if format == "jpeg" {
		orient = exifOrientation(io.NewSectionReader(r, 0, r.Size()))
	}
	w, h := cfg.Width, cfg.Height
	if orient >= 5 {
		w, h = h, w
	}
	pic := fit(w, h, paper, margin)
	// Pixels needed to print at maxDPI; never more than the picture has.
	k := min(1, pic.pw*maxDPI/72/float64(w))
	if format == "jpeg" && orient == 1 && k == 1 && cfg.ColorModel == color.YCbCrModel {
		// Embedded as it is (no loss) once it has decoded whole.
		if _, err := jpeg.Decode(io.NewSectionReader(r, 0, r.Size())); err != nil {
			return picture{}, &Error{Problem: BadImage, Cause: Truncated, Err: err}
		}
		data, err := io.ReadAll(io.NewSectionReader(r, 0, r.Size()))
		if err != nil {
			return picture{}, &Error{Problem: BadImage, Cause: Unreadable, Err: err}
		}
		pic.data, pic.typ, pic.w, pic.h = data, "JPG", w, h
		return pic, nil
	}
	img, err := decodePicture(io.NewSectionReader(r, 0, r.Size()), format)
	if err != nil {
		return picture{}, err
	}
	img = upright(img, orient, k)
	// The full-size decode is garbage now: collect it before encoding, so
	// the heap does not grow to twice the largest picture (measured: peak
	// RSS of a 16-megapixel RGBA PNG varied from 165 to 260 MiB without).
	runtime.GC()
	b := img.Bounds()
	pic.w, pic.h = b.Dx(), b.Dy()
	var buf bytes.Buffer
	if format == "jpeg" {
		pic.typ = "JPG"
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	} else {
		pic.typ = "PNG"
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	}
	if err != nil {
		return picture{}, &Error{Problem: WriteFailed, Err: err}
	}
	pic.data = buf.Bytes()
	return pic, nil
}

func decodePicture(r io.Reader, format string) (image.Image, error) {
	var img image.Image
	var err error
	switch format {
	case "tiff":
		img, err = tiff.Decode(r)
	case "gif":
		img, err = gif.Decode(r) // the first frame: an animation prints as its first picture
	default:
		img, _, err = image.Decode(r)
	}
	if err != nil {
		return nil, &Error{Problem: BadImage, Cause: Truncated, Err: err}
	}
	return img, nil
}

// checkPixels refuses a picture too large to decode safely.
func checkPixels(cfg image.Config) error {
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w <= 0 || h <= 0 {
		return &Error{Problem: BadImage, Cause: NoPixels}
	}
	if w*h > MaxPixels || w*h*bytesPerPixel(cfg.ColorModel) > maxDecodeBytes {
		return &Error{Problem: TooLarge, Cause: TooManyPixels, Width: cfg.Width, Height: cfg.Height}
	}
	return nil
}

// bytesPerPixel is about what the decoder allocates per pixel.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.YCbCrModel: // camera JPEGs are 4:2:0 or 4:2:2
		return 2
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// fit sizes a w x h picture for paper inside margin: at smallDPI or
// smaller, turned a quarter when it is wide and the page is tall.
func fit(w, h int, paper Paper, margin float64) picture {
	bw, bh := paper.W-2*margin, paper.H-2*margin
	turn := w > h && bw < bh
	if turn {
		bw, bh = bh, bw
	}
	nw, nh := float64(w)*72/smallDPI, float64(h)*72/smallDPI
	s := min(1, bw/nw, bh/nh)
	return picture{pw: nw * s, ph: nh * s, turn: turn}
}

// placePicture adds a page of paper with the picture centred on it.
func placePicture(doc *fpdf.Fpdf, paper Paper, name string, pic picture) {
	doc.AddPage()
	cx, cy := paper.W/2, paper.H/2
	opts := fpdf.ImageOptions{ImageType: pic.typ}
	doc.RegisterImageOptionsReader(name, opts, bytes.NewReader(pic.data))
	if len(pic.data) > 8<<20 {
		// fpdf copied and parsed it through growing buffers: collect
		// them now rather than when the heap has doubled.
		runtime.GC()
	}
	if pic.turn {
		// Counter-clockwise: the picture's top lies along the left edge,
		// as print dialogs turn a landscape picture.
		doc.TransformBegin()
		doc.TransformRotate(90, cx, cy)
	}
	doc.ImageOptions(name, cx-pic.pw/2, cy-pic.ph/2, pic.pw, pic.ph, false, opts, 0, "")
	if pic.turn {
		doc.TransformEnd()
	}
}
