package testenv

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"strings"
	"testing"
)

// JPEGWithOrientation is a JPEG of img whose EXIF says orientation o (1
// to 8), for tests of pictures taken with a camera turned.
func JPEGWithOrientation(t testing.TB, img image.Image, o int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// APP1: "Exif\0\0", a little-endian TIFF header, IFD0 with one entry
	// (0x0112 Orientation, SHORT, count 1, value o), no next IFD.
	var exif bytes.Buffer
	exif.WriteString("Exif\x00\x00II*\x00")
	le := binary.LittleEndian
	binary.Write(&exif, le, uint32(8))
	binary.Write(&exif, le, uint16(1))
	binary.Write(&exif, le, [4]uint16{0x0112, 3, 1, 0})
	binary.Write(&exif, le, [2]uint16{uint16(o), 0})
	binary.Write(&exif, le, uint32(0))
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(exif.Len()+2))
	jpg := b.Bytes()
	out := append([]byte{}, jpg[:2]...) // SOI
	out = append(out, seg...)
	out = append(out, exif.Bytes()...)
	return append(out, jpg[2:]...)
}

// TIFFPages is an uncompressed 8-bit grey TIFF with one page per size
// (width, height), chained through their IFDs (x/image/tiff writes only
// one page).
func TIFFPages(sizes ...[2]int) []byte {
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(8))
	for i, sz := range sizes {
		w, h := sz[0], sz[1]
		const entries = 8
		ifd := b.Len()
		data := ifd + 2 + entries*12 + 4
		binary.Write(&b, le, uint16(entries))
		entry := func(tag, typ uint16, v uint32) {
			binary.Write(&b, le, tag)
			binary.Write(&b, le, typ)
			binary.Write(&b, le, uint32(1))
			binary.Write(&b, le, v)
		}
		entry(256, 4, uint32(w))    // ImageWidth
		entry(257, 4, uint32(h))    // ImageLength
		entry(258, 3, 8)            // BitsPerSample
		entry(259, 3, 1)            // Compression: none
		entry(262, 3, 1)            // Photometric: black is zero
		entry(273, 4, uint32(data)) // StripOffsets
		entry(278, 4, uint32(h))    // RowsPerStrip
		entry(279, 4, uint32(w*h))  // StripByteCounts
		next := uint32(0)
		if i < len(sizes)-1 {
			next = uint32(data + w*h)
		}
		binary.Write(&b, le, next)
		for p := range w * h {
			b.WriteByte(byte(p * 7))
		}
	}
	return b.Bytes()
}

// DOCX is a minimal Word document on A4 with one paragraph per page.
func DOCX(t testing.TB, pages ...string) []byte {
	t.Helper()
	var body strings.Builder
	for i, p := range pages {
		if i > 0 {
			body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		}
		body.WriteString(`<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`)
	}
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/></w:sectPr></w:body></w:document>`,
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
