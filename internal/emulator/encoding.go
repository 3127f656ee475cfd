package emulator

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
)

// decodeContent undoes a request's Content-Encoding before h sees the body.
// Graph takes gzip-compressed request bodies, and Microsoft's SDKs (Kiota's
// compression handler) send every JSON body that way by default; any other
// encoding is refused with 415. The decompressed length is unknown up front,
// so ContentLength becomes -1; handlers bound what they read.
func decodeContent(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
		case "", "identity":
		case "gzip":
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				writeError(w, badRequest("The body says Content-Encoding: gzip but is not gzip data: %v.", err))
				return
			}
			r.Body = gzipBody{Reader: zr, raw: r.Body}
			r.Header.Del("Content-Encoding")
			r.ContentLength = -1
		default:
			writeError(w, errorf(http.StatusUnsupportedMediaType, "unsupportedMediaType",
				"Content-Encoding %q is not supported; send the body as is or gzip-compressed.", enc))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// gzipBody reads the decompressed stream and closes the wire body.
type gzipBody struct {
	*gzip.Reader
	raw io.ReadCloser
}

func (b gzipBody) Close() error {
	b.Reader.Close()
	return b.raw.Close()
}
