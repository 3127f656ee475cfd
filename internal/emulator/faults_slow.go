package emulator

import (
	"bytes"
	"net/http"
	"strconv"
	"time"
)

// The slow and oversized answers a hostile or broken service sends: kept
// apart from the failing kinds in faults.go, with which they share only the
// fault record and the dispatch in observe.

// Limits on the slow kinds, so a typo cannot park the emulator for a day
// or ask it for a terabyte.
const (
	defaultTrickleInterval = time.Second
	maxTrickleInterval     = time.Minute
	defaultPadBytes        = 100 << 20
	maxPadBytes            = 4 << 30
)

// validateSlow fills the defaults of trickle and pad.
func (f *fault) validateSlow() *apiError {
	switch f.Kind {
	case faultTrickle:
		if f.IntervalMS < 0 || time.Duration(f.IntervalMS)*time.Millisecond > maxTrickleInterval {
			return badRequest("interval_ms must be between 1 and %d", maxTrickleInterval.Milliseconds())
		}
		if f.IntervalMS == 0 {
			f.IntervalMS = int(defaultTrickleInterval.Milliseconds())
		}
	case faultPad:
		if f.Bytes < 0 || f.Bytes > maxPadBytes {
			return badRequest("bytes must be between 1 and %d", int64(maxPadBytes))
		}
		if f.Bytes == 0 {
			f.Bytes = defaultPadBytes
		}
	}
	return nil
}

// capturedAnswer is a handler's whole answer, kept to be sent another way.
type capturedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capturedAnswer) Header() http.Header { return c.header }

func (c *capturedAnswer) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *capturedAnswer) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return c.body.Write(b)
}

// capture runs h and keeps its answer; the request takes effect as usual.
func capture(w http.ResponseWriter, r *http.Request, h http.Handler) *capturedAnswer {
	c := &capturedAnswer{header: w.Header().Clone()}
	h.ServeHTTP(c, r)
	if c.status == 0 {
		c.status = http.StatusOK
	}
	for k, v := range c.header {
		w.Header()[k] = v
	}
	return c
}

// serveTrickled sends the real answer at one byte per interval: headers at
// once, then the body byte by byte, until it is out or the client gives up.
func serveTrickled(w http.ResponseWriter, r *http.Request, h http.Handler, f *fault) {
	c := capture(w, r, h)
	w.WriteHeader(c.status)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	t := time.NewTicker(time.Duration(f.IntervalMS) * time.Millisecond)
	defer t.Stop()
	for _, b := range c.body.Bytes() {
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
		if _, err := w.Write([]byte{b}); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// servePadded sends f.Bytes of whitespace before a JSON success answer,
// which keeps it valid JSON of any size while costing the emulator no
// memory. Errors and non-JSON answers pass unchanged.
func servePadded(w http.ResponseWriter, r *http.Request, h http.Handler, f *fault) {
	c := capture(w, r, h)
	if c.status/100 != 2 || !bytes.HasPrefix(bytes.TrimSpace(c.body.Bytes()), []byte("{")) {
		w.WriteHeader(c.status)
		w.Write(c.body.Bytes())
		return
	}
	w.Header().Set("Content-Length", strconv.FormatInt(f.Bytes+int64(c.body.Len()), 10))
	w.WriteHeader(c.status)
	pad := bytes.Repeat([]byte(" "), 64<<10)
	for left := f.Bytes; left > 0; {
		n := min(left, int64(len(pad)))
		if _, err := w.Write(pad[:n]); err != nil {
			return
		}
		left -= n
	}
	w.Write(c.body.Bytes())
}
