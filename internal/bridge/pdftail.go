package bridge

import "bytes"

// pdfTailSize is how near its end a PDF has its trailer: readers look for
// "%%EOF" in the last 1024 bytes, and "startxref" stands just before it.
const pdfTailSize = 1024

// pdfTail keeps the last pdfTailSize bytes of a document written through
// it, not counting trailing white space (some producers pad a PDF after
// its %%EOF), so a document can be checked to end like a PDF: "%PDF-"
// followed by random bytes is not one, and Universal Print would only
// fail it later, after the upload.
type pdfTail struct {
	buf []byte
}

func (t *pdfTail) Write(p []byte) (int, error) {
	if end := bytes.LastIndexFunc(p, func(r rune) bool { return !isPDFSpace(r) }); end >= 0 {
		t.buf = append(t.buf, p[:end+1]...)
		if over := len(t.buf) - pdfTailSize; over > 0 {
			t.buf = append(t.buf[:0], t.buf[over:]...)
		}
	}
	return len(p), nil
}

// ends reports whether the document ends with a PDF trailer.
func (t *pdfTail) ends() bool {
	return bytes.Contains(t.buf, []byte("startxref")) && bytes.Contains(t.buf, []byte("%%EOF"))
}

// isPDFSpace is PDF's white space (ISO 32000 7.2.2).
func isPDFSpace(r rune) bool {
	switch r {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}
