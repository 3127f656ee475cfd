package emulator

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"sync/atomic"
)

// requestEntry is one line of the request log (GET /_emulator/requests).
// The path never carries the query, so tempauthtokens never reach the log.
type requestEntry struct {
	Method        string `json:"method"`
	Host          string `json:"host"`
	Path          string `json:"path"`
	Status        int    `json:"status"` // 0 when the connection was dropped
	Authorization bool   `json:"authorization"`
	Bytes         int64  `json:"bytes"`
}

// requestLog keeps the most recent requests, guarded by Server.mu.
type requestLog struct{ entries []requestEntry }

const maxLoggedRequests = 20000

func (l *requestLog) add(e requestEntry) {
	if len(l.entries) >= maxLoggedRequests {
		l.entries = append(l.entries[:0], l.entries[len(l.entries)/2:]...)
	}
	l.entries = append(l.entries, e)
}

// countingBody counts the request body bytes a handler actually read.
type countingBody struct {
	io.ReadCloser
	n atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// observe wraps a host's handler with what every request gets: request ids
// (request-id and client-request-id, as Graph answers them), the request log, and fault injection.
func (s *Server) observe(host string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rid := newGUID()
		crid := r.Header.Get("client-request-id")
		if crid == "" {
			crid = rid
		}
		w.Header().Set("request-id", rid)
		w.Header().Set("client-request-id", crid)
		body := &countingBody{ReadCloser: r.Body}
		r.Body = body
		rec := &statusRecorder{ResponseWriter: w}
		logged := false
		logRequest := func(status int) {
			logged = true
			s.mu.Lock()
			s.reqs.add(requestEntry{
				Method: r.Method, Host: host, Path: r.URL.Path, Status: status,
				Authorization: r.Header.Get("Authorization") != "", Bytes: body.n.Load(),
			})
			s.mu.Unlock()
		}
		defer func() {
			if logged {
				return
			}
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			logRequest(status)
		}()

		f := s.takeFault(host, r)
		if f != nil {
			switch f.Kind {
			case faultHold:
				select {
				case <-f.release:
				case <-r.Context().Done():
					return
				}
			case faultStatus:
				io.Copy(io.Discard, io.LimitReader(r.Body, s.cfg.MaxChunk+1))
				writeError(rec, f.apiError())
				return
			case faultDrop:
				readPart(r)
				// Log before the connection closes: the client sees the
				// failure at once and may read the log right after.
				logRequest(0)
				closeConnection(w)
				return
			case faultExpire:
				s.expireTarget(r.URL.Path)
			case faultStoreThenFail:
				serveThenFail(rec, r, h, f)
				return
			case faultStoreThenHold:
				serveThenHold(rec, r, h, f)
				return
			case faultTrickle:
				serveTrickled(rec, r, h, f)
				return
			case faultPad:
				servePadded(rec, r, h, f)
				return
			case faultVanishLast:
				s.armVanish(r, f) // the PUT itself goes through
			default:
				if isUploadLie(f.Kind) {
					s.lieAboutUpload(rec, r, f)
					return
				}
			}
		}
		h.ServeHTTP(rec, r)
	})
}

// serveThenFail runs h, and when it succeeds answers f's error in its
// place: the request took effect (bytes stored, job started) but the client
// is told it failed, as after a lost answer. An error from h passes through,
// since nothing took effect then.
func serveThenFail(w http.ResponseWriter, r *http.Request, h http.Handler, f *fault) {
	fw := &failAfterWriter{header: w.Header().Clone()}
	h.ServeHTTP(fw, r)
	if fw.status < http.StatusBadRequest {
		writeError(w, f.apiError())
		return
	}
	for k, v := range fw.header {
		w.Header()[k] = v
	}
	w.WriteHeader(fw.status)
	w.Write(fw.body.Bytes())
}

// serveThenHold runs h, then holds its answer until the fault is released
// or the client goes away: the request took effect, and a client killed
// meanwhile never learns it did (a start in flight when the bridge died).
func serveThenHold(w http.ResponseWriter, r *http.Request, h http.Handler, f *fault) {
	c := capture(w, r, h)
	select {
	case <-f.release:
	case <-r.Context().Done():
		return
	}
	w.WriteHeader(c.status)
	w.Write(c.body.Bytes())
}

// failAfterWriter keeps a handler's answer for serveThenFail: the status,
// headers and (only for an error, which is small) the body.
type failAfterWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *failAfterWriter) Header() http.Header { return w.header }

func (w *failAfterWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *failAfterWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.status >= http.StatusBadRequest {
		w.body.Write(b)
	}
	return len(b), nil
}

// readPart reads half of the request body (at least one byte), as a network
// failure mid-upload would leave it.
func readPart(r *http.Request) {
	part := r.ContentLength / 2
	if part <= 0 {
		part = 1
	}
	io.Copy(io.Discard, io.LimitReader(r.Body, part))
}

// closeConnection closes the TCP connection without an answer.
func closeConnection(w http.ResponseWriter) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // closes the connection without a response
	}
	closeHijacked(conn, buf)
}

func closeHijacked(conn net.Conn, _ *bufio.ReadWriter) {
	if tc, ok := conn.(interface{ SetLinger(int) error }); ok {
		tc.SetLinger(0) // reset, so the client sees an abrupt failure at once
	}
	conn.Close()
}
