package convert

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rsc.io/pdf"
)

// parsed is a PDF as a reader sees it.
type parsed struct {
	r     *pdf.Reader
	boxes []Paper // each page's MediaBox size
}

// parsePDF reads a converted PDF back with rsc.io/pdf, a reader that
// shares no code with the writer.
func parsePDF(t testing.TB, path string) parsed {
	t.Helper()
	r, err := pdf.Open(path)
	if err != nil {
		t.Fatalf("the converted PDF does not parse: %v", err)
	}
	var p parsed
	p.r = r
	for i := 1; i <= r.NumPage(); i++ {
		mb := inherited(r.Page(i).V, "MediaBox")
		if mb.Len() != 4 {
			t.Fatalf("page %d has no MediaBox", i)
		}
		p.boxes = append(p.boxes, Paper{mb.Index(2).Float64() - mb.Index(0).Float64(), mb.Index(3).Float64() - mb.Index(1).Float64()})
	}
	return p
}

// wantPages checks the page count and that every page is paper, upright.
func (p parsed) wantPages(t testing.TB, n int, paper Paper) {
	t.Helper()
	if len(p.boxes) != n {
		t.Fatalf("pages = %d, want %d", len(p.boxes), n)
	}
	for i, b := range p.boxes {
		if math.Abs(b.W-paper.W) > 0.5 || math.Abs(b.H-paper.H) > 0.5 {
			t.Fatalf("page %d is %.2f x %.2f pt, want %.2f x %.2f", i+1, b.W, b.H, paper.W, paper.H)
		}
	}
}

// images lists the pixel sizes of the pictures page i (1-based) draws.
func (p parsed) images(i int) [][2]int {
	pg := p.r.Page(i)
	xo := pg.Resources().Key("XObject")
	var out [][2]int
	p.interpret(i, func(stk *pdf.Stack, op string) {
		if op != "Do" {
			return
		}
		v := xo.Key(stk.Pop().Name())
		if v.Key("Subtype").Name() == "Image" {
			out = append(out, [2]int{int(v.Key("Width").Int64()), int(v.Key("Height").Int64())})
		}
	})
	return out
}

// text is the text page i shows (Tj strings). A Type0 font with
// Identity-H, as fpdf writes its UTF-8 fonts, takes two-byte codes that
// are the characters' code points; rsc.io/pdf leaves those undecoded.
func (p parsed) text(i int) string {
	var b strings.Builder
	fonts := p.r.Page(i).Resources().Key("Font")
	twoByte := false
	p.interpret(i, func(stk *pdf.Stack, op string) {
		switch op {
		case "Tf":
			stk.Pop()
			f := fonts.Key(stk.Pop().Name())
			twoByte = f.Key("Subtype").Name() == "Type0" && !f.Key("ToUnicode").IsNull()
		case "Tj":
			raw := stk.Pop().RawString()
			if !twoByte {
				b.WriteString(raw + " ")
				break
			}
			for j := 0; j+1 < len(raw); j += 2 {
				b.WriteRune(rune(raw[j])<<8 | rune(raw[j+1]))
			}
			b.WriteString(" ")
		}
	})
	return b.String()
}

// interpret runs do over the operators of page i's content stream.
func (p parsed) interpret(i int, do func(*pdf.Stack, string)) {
	c := p.r.Page(i).V.Key("Contents")
	if c.Kind() == pdf.Array {
		for j := range c.Len() {
			pdf.Interpret(c.Index(j), do)
		}
		return
	}
	pdf.Interpret(c, do)
}

func write(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// halves is a w x h picture, its left half red and its right half blue.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngHeaderOnly is a valid PNG signature and IHDR claiming w x h RGBA
// pixels, then a tiny IDAT and IEND: a decompression bomb's shape.
func pngHeaderOnly(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func sectionOf(t testing.TB, path string) *io.SectionReader {
	t.Helper()
	f := mustOpen(t, path)
	return io.NewSectionReader(f, 0, fileSize(t, path))
}

// inherited is a page's key, looked up through its parents as PDF allows.
func inherited(v pdf.Value, key string) pdf.Value {
	for ; !v.IsNull(); v = v.Key("Parent") {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
	}
	return pdf.Value{}
}

// noisy is a w x h half-transparent picture that does not compress away.
func noisy(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	x := uint32(1)
	for i := range img.Pix {
		x = x*1664525 + 1013904223
		img.Pix[i] = byte(x >> 24)
	}
	return img
}
