package convert

import (
	"encoding/binary"
	"image"
	"image/draw"
	"io"

	xdraw "golang.org/x/image/draw"
)

// exifOrientation reads the EXIF orientation (1 to 8) of a JPEG from its
// APP1 segment; 1 (as shot) when there is none or it cannot be read.
func exifOrientation(r io.Reader) int {
	var b [4]byte
	if _, err := io.ReadFull(r, b[:2]); err != nil || b[0] != 0xFF || b[1] != 0xD8 {
		return 1
	}
	for range 64 { // segments before the image data; a bound against junk
		if _, err := io.ReadFull(r, b[:4]); err != nil || b[0] != 0xFF {
			return 1
		}
		marker, n := b[1], int(binary.BigEndian.Uint16(b[2:]))-2
		if marker == 0xDA || n < 0 { // start of scan: no more metadata
			return 1
		}
		if marker != 0xE1 {
			if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
				return 1
			}
			continue
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(r, seg); err != nil {
			return 1
		}
		if o := orientationIn(seg); o != 0 {
			return o
		}
	}
	return 1
}

// orientationIn finds tag 0x0112 in IFD0 of an APP1 "Exif" payload.
func orientationIn(seg []byte) int {
	if len(seg) < 14 || string(seg[:6]) != "Exif\x00\x00" {
		return 0
	}
	t := seg[6:]
	bo, ok := tiffOrder(t)
	if !ok {
		return 0
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := range count {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 0
		}
	}
	return 0
}

// upright scales img by k (at most 1) onto white, then turns it by its
// EXIF orientation o; an opaque 8-bit picture that needs neither is
// returned as it is.
func upright(img image.Image, o int, k float64) image.Image {
	if o < 1 || o > 8 {
		o = 1
	}
	if k >= 1 && o == 1 && plainOpaque(img) {
		return img
	}
	b := img.Bounds()
	w, h := max(1, int(float64(b.Dx())*k+0.5)), max(1, int(float64(b.Dy())*k+0.5))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	if k < 1 {
		// Bilinear, not Catmull-Rom: the kernel scalers keep a float64
		// copy of the picture (32 bytes a pixel), which would make memory
		// follow the file again. Pictures shrink by at most a few times.
		xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	} else {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	}
	if o == 1 {
		return dst
	}
	return orient(dst, o)
}

// plainOpaque reports whether img is an opaque picture in a form the PDF
// writer embeds as it is (8 bits per channel).
func plainOpaque(img image.Image) bool {
	switch m := img.(type) {
	case *image.Gray:
		return true
	case *image.RGBA:
		return m.Opaque()
	case *image.NRGBA:
		return m.Opaque()
	case *image.Paletted:
		return m.Opaque()
	}
	return false
}

// orient turns src by EXIF orientation o (2 to 8), moving whole pixels.
func orient(src *image.RGBA, o int) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		row := src.Pix[y*src.Stride : y*src.Stride+4*w]
		for x := range w {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dy*dst.Stride+4*dx:dy*dst.Stride+4*dx+4], row[4*x:4*x+4])
		}
	}
	return dst
}
