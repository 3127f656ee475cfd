package convert

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gomono"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// systemFonts are monospaced fonts with broad coverage (Latin, Greek,
// Cyrillic, box drawing), tried in order before the bundled Go Mono.
var systemFonts = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
	"/usr/share/fonts/TTF/DejaVuSansMono.ttf",
	"/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
	`C:\Windows\Fonts\consola.ttf`,
}

func monoFont() []byte {
	for _, p := range systemFonts {
		if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
			return b
		}
	}
	return gomono.TTF
}

// MaxTextPages is the most pages a text file may fill: the PDF writer
// keeps every page in memory until the document is written (about 16 KiB
// a full page).
const MaxTextPages = 5000

const (
	fontSize   = 9.5
	lineHeight = 11.5
	tabWidth   = 8
)

// textToPDF typesets a plain text file (UTF-8, or UTF-16/32 with a BOM)
// page by page: tabs expanded, long lines wrapped, pages numbered at the
// foot. It reads the file as a stream, so memory follows the page.
func textToPDF(ctx context.Context, path, outPath string, opt Options) (int, error) {
	paper, margin := opt.paper(), opt.margin()
	f, err := os.Open(path)
	if err != nil {
		return 0, &Error{Problem: NotText, Cause: Unreadable, Err: err}
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(4096)
	var src io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		src = transform.NewReader(br, utf32.UTF32(utf32.BigEndian, utf32.UseBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		src = transform.NewReader(br, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewDecoder())
	default: // UTF-8, with or without its byte-order mark
		if err := looksBinary(head); err != nil {
			return 0, err
		}
		if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
			br.Discard(3)
		}
	}

	pdf := newPDF(paper, margin)
	pdf.AddUTF8FontFromBytes("mono", "", monoFont())
	if err := pdf.Error(); err != nil {
		return 0, &Error{Problem: WriteFailed, Cause: NoFont, Err: err}
	}
	pdf.SetFont("mono", "", fontSize)
	colW := pdf.GetStringWidth("M")
	cols := max(20, int((paper.W-2*margin)/colW))
	rows := max(10, int((paper.H-2*margin-2*lineHeight)/lineHeight))
	pdf.SetFooterFunc(func() {
		pdf.SetY(paper.H - margin - lineHeight)
		pdf.CellFormat(0, lineHeight, fmt.Sprint(pdf.PageNo()), "", 0, "C", false, 0, "")
	})

	rr := bufio.NewReader(src)
	tooLong := false
	wrapped := false // the last line ended by filling the width
	var line []rune
	row := rows // forces the first page
	emit := func() {
		if row == rows {
			if pdf.PageCount() == MaxTextPages {
				tooLong = true
				return
			}
			pdf.AddPage()
			row = 0
		}
		pdf.SetXY(margin, margin+float64(row)*lineHeight)
		pdf.CellFormat(0, lineHeight, string(line), "", 0, "L", false, 0, "")
		row++
		line = line[:0]
	}
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		r, _, err := rr.ReadRune()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, &Error{Problem: NotText, Cause: UnreadableToEnd, Err: err}
		}
		switch {
		case r == '\n' || r == '\r':
			if r == '\r' { // CR LF, or a lone CR, ends one line
				if next, _, err := rr.ReadRune(); err == nil && next != '\n' {
					rr.UnreadRune()
				}
			}
			if !wrapped || len(line) > 0 {
				emit() // a line that just filled the width has ended already
			}
		case r == '\f':
			if len(line) > 0 {
				emit()
			}
			row = rows
		case r == '\t':
			for pad := tabWidth - len(line)%tabWidth; pad > 0 && len(line) < cols; pad-- {
				line = append(line, ' ')
			}
		case r == 0:
			return 0, &Error{Problem: NotText, Cause: Binary}
		case r == utf8.RuneError || unicode.IsControl(r):
			line = append(line, '\uFFFD')
		default:
			line = append(line, r)
		}
		wrapped = len(line) >= cols
		if wrapped {
			emit()
		}
		if tooLong {
			break
		}
	}
	if len(line) > 0 || pdf.PageCount() == 0 {
		emit()
	}
	if tooLong {
		return 0, &Error{Problem: TooLarge, Cause: TooManyTextPages, Limit: MaxTextPages}
	}
	return finishPDF(pdf, outPath)
}

// unicodeBOM reports whether head starts with a UTF-16 or UTF-32
// byte-order mark (textToPDF decodes those; anything else is UTF-8).
func unicodeBOM(head []byte) bool {
	return bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) ||
		bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF})
}

// looksBinary refuses a file whose first bytes are not text: NUL bytes, or
// many bytes that are not UTF-8.
func looksBinary(head []byte) error {
	if bytes.IndexByte(head, 0) >= 0 {
		return &Error{Problem: NotText, Cause: Binary}
	}
	bad := 0
	for b := head; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 && len(b) >= utf8.UTFMax {
			bad++
		}
		b = b[n:]
	}
	if bad*10 > len(head) {
		return &Error{Problem: NotText, Cause: NotUTF8}
	}
	return nil
}
