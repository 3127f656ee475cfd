package upload

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
)

// byExtension maps the extensions people print to the types Universal Print
// printers advertise in capabilities.contentTypes.
var byExtension = map[string]string{
	".pdf":  "application/pdf",
	".oxps": "application/oxps",
	".xps":  "application/oxps", // XPS and OpenXPS are accepted the same way (converted to PDF)
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".gif":  "image/gif",
	".bmp":  "image/bmp",
	".tif":  "image/tiff",
	".tiff": "image/tiff",
	".txt":  "text/plain",
	".ps":   "application/postscript",
	".pwg":  "image/pwg-raster",
	".urf":  "image/urf",
}

// ContentTypeFor returns the MIME type for name's extension, or "" if unknown.
func ContentTypeFor(name string) string {
	return byExtension[strings.ToLower(filepath.Ext(name))]
}

// detectContentType uses the extension, else sniffs the first 512 bytes
// (a PDF saved without an extension is still a PDF).
func detectContentType(name string, r io.ReaderAt) string {
	if t := ContentTypeFor(name); t != "" {
		return t
	}
	var buf [512]byte
	n, _ := r.ReadAt(buf[:], 0)
	t := http.DetectContentType(buf[:n])
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i] // "text/plain; charset=utf-8" -> the type printers list
	}
	return t
}
