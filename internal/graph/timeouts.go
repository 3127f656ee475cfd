package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts bound every request this package makes, to Graph and to the
// upload host alike, so a service that accepts a connection and then says
// nothing, or answers one byte a second, ends in a *TimeoutError instead of
// a wait without end. The zero value means DefaultTimeouts; a zero field
// means that field's default.
//
// There is no total time for an upload PUT: a 10 MB chunk on a slow link
// may legitimately take minutes. A PUT is cut instead when its body stops
// moving (Stall).
type Timeouts struct {
	// Connect bounds dialling TCP (on the dialer of the transport New
	// builds when Options.Transport is nil; the Answer or Stall deadline
	// bounds it for any transport).
	Connect time.Duration
	// TLS bounds the TLS handshake (same transport).
	TLS time.Duration
	// Answer bounds the wait for an answer's headers: from the start of the
	// request, or for a PUT from its last byte sent (the server is then
	// storing the chunk).
	Answer time.Duration
	// Body bounds reading a whole answer once its headers arrived. JSON
	// answers are small (see maxObjectBody and maxPageBody), so a body that
	// takes longer is being trickled.
	Body time.Duration
	// Stall cuts an upload PUT whose body moved no byte for this long.
	Stall time.Duration
}

// DefaultTimeouts are generous against a real service, which answers in
// well under a second, yet short enough that a dead one is noticed while
// the user still waits. Retries (RetryPolicy) come on top, bounded by
// RetryPolicy.MaxElapsed.
var DefaultTimeouts = Timeouts{
	Connect: 30 * time.Second,
	TLS:     15 * time.Second,
	Answer:  60 * time.Second,
	Body:    60 * time.Second,
	Stall:   60 * time.Second,
}

func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts
	if t.Connect <= 0 {
		t.Connect = d.Connect
	}
	if t.TLS <= 0 {
		t.TLS = d.TLS
	}
	if t.Answer <= 0 {
		t.Answer = d.Answer
	}
	if t.Body <= 0 {
		t.Body = d.Body
	}
	if t.Stall <= 0 {
		t.Stall = d.Stall
	}
	return t
}

// NewTransport returns the base transport PrintDrop uses for Graph and the
// upload host, with DefaultTimeouts' Connect and TLS on the dialer and the
// transport. It differs from http.DefaultTransport also in keeping
// enough idle connections per host for parallel chunk uploads: the default
// keeps two, so with four PUTs in flight two connections would be dialled
// again for every chunk, paying a handshake round trip each time on a real
// WAN.
func NewTransport() *http.Transport { return newTransport(DefaultTimeouts) }

func newTransport(to Timeouts) *http.Transport {
	to = to.withDefaults()
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: to.Connect, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = to.TLS
	// No ResponseHeaderTimeout: roundTrip's watchdog bounds the answer for
	// every transport, a caller's included, and words the error.
	t.MaxIdleConnsPerHost = 16
	t.WriteBufferSize = 256 << 10 // fewer syscalls per 4 MB chunk body
	return t
}

// TimeoutError is a request cut by one of the Timeouts: the service
// accepted it but said nothing, or too slowly.
type TimeoutError struct {
	Op      string        // what we were doing: "list printers"
	Host    string        // which server: never a URL
	Waiting string        // what did not come: "an answer", "the rest of the answer", "the upload to move"
	After   time.Duration // how long it was given
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s: %s stopped answering (no %s within %s); check your connection and try again", e.Op, e.Host, e.Missing(), e.After)
}

// Missing names what did not come, for a sentence: "answer", "end to its
// answer", "upload progress".
func (e *TimeoutError) Missing() string {
	switch e.Waiting {
	case waitBody:
		return "end to its answer"
	case waitStall:
		return "upload progress"
	}
	return "answer"
}

// Timeout marks the error as a timeout for code that asks net.Error's question.
func (e *TimeoutError) Timeout() bool { return true }

// What a watchdog waits for.
const (
	waitAnswer = "an answer"
	waitBody   = "the rest of the answer"
	waitStall  = "the upload to move"
)

// watchdog cancels one request when the phase it is in lasts too long. It
// is re-armed as the request moves on (body sent, headers in), so each
// phase has its own deadline and a slow but moving upload never trips it.
type watchdog struct {
	cancel context.CancelCauseFunc
	op     string
	host   string

	mu    sync.Mutex
	timer *time.Timer
	gen   int
	fired *TimeoutError
}

// watch starts a watchdog in phase waiting for d. Call stop when the
// request and its body are done.
func watch(ctx context.Context, op, host, waiting string, d time.Duration) (context.Context, *watchdog) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{cancel: cancel, op: op, host: host}
	w.arm(waiting, d)
	return ctx, w
}

// arm replaces the current deadline with d from now, for phase waiting.
func (w *watchdog) arm(waiting string, d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fired != nil {
		return
	}
	if w.timer != nil {
		w.timer.Stop()
	}
	w.gen++
	gen := w.gen
	w.timer = time.AfterFunc(d, func() {
		w.mu.Lock()
		if gen != w.gen || w.fired != nil {
			w.mu.Unlock()
			return
		}
		w.fired = &TimeoutError{Op: w.op, Host: w.host, Waiting: waiting, After: d}
		err := w.fired
		w.mu.Unlock()
		w.cancel(err)
	})
}

// stop ends the watch and releases the request's context.
func (w *watchdog) stop() {
	w.mu.Lock()
	if w.timer != nil {
		w.timer.Stop()
	}
	w.gen++
	w.mu.Unlock()
	w.cancel(context.Canceled)
}

// err is the timeout that cut the request, or nil.
func (w *watchdog) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.fired == nil {
		return nil
	}
	return w.fired
}

// watchedBody is an answer's body under the watchdog: reading it is bounded
// by Body, and a read cut by the watchdog says so.
type watchedBody struct {
	io.ReadCloser
	w     *watchdog
	once  sync.Once
	stall time.Duration // >0: a streamed answer, cut only when it stops moving
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 && b.stall > 0 {
		b.w.arm(waitStall, b.stall)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		if te := b.w.err(); te != nil {
			err = te
		}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.w.stop)
	return err
}

// stallReader is a PUT body under the watchdog: every byte read re-arms the
// stall deadline, and once the last byte is out the wait for the answer
// begins.
type stallReader struct {
	r      io.Reader
	w      *watchdog
	left   int64
	stall  time.Duration
	answer time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.left -= int64(n)
	switch {
	case s.left <= 0 || errors.Is(err, io.EOF):
		s.w.arm(waitAnswer, s.answer)
	case n > 0:
		s.w.arm(waitStall, s.stall)
	}
	return n, err
}

// errUnusableURL is a request URL net/http cannot use.
var errUnusableURL = errors.New("the address of this request is not usable; start again, and report it if it keeps happening")

// exchange is one HTTP request for roundTrip.
type exchange struct {
	op, method, url, host string
	header                http.Header
	body                  io.Reader // nil for none
	// stream marks body as an upload of length bytes: while it is sent the
	// stall deadline applies, and the answer deadline starts at its end.
	stream bool
	length int64
	// streamAnswer marks the answer as a download of any size: reading it
	// is cut only when it stops moving (Stall), not after Body.
	streamAnswer bool
}

// roundTrip sends x under a watchdog: the answer deadline from the start
// (or, for a streamed upload, the stall deadline while its body is sent),
// then Body for reading the answer; closing the answer's body ends the
// watch. On error the watch is over and the error is a *TimeoutError, the
// caller's context error, or the transport's as transportError words it.
func roundTrip(ctx context.Context, client *http.Client, to Timeouts, x exchange) (*http.Response, error) {
	first, d := waitAnswer, to.Answer
	if x.stream {
		first, d = waitStall, to.Stall
	}
	wctx, w := watch(ctx, x.op, x.host, first, d)
	body := x.body
	if x.stream {
		body = &stallReader{r: body, w: w, left: x.length, stall: to.Stall, answer: to.Answer}
	}
	req, err := http.NewRequestWithContext(wctx, x.method, x.url, body)
	if err != nil {
		w.stop()
		// net/http's message quotes the URL, which for uploads is a credential.
		return nil, fmt.Errorf("%s: %w", x.op, errUnusableURL)
	}
	if x.stream {
		req.ContentLength = x.length
		req.GetBody = nil // the body is streamed once; never buffered for replays
	}
	for k, v := range x.header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		w.stop()
		if te := w.err(); te != nil && ctx.Err() == nil {
			return nil, te
		}
		return nil, transportError(ctx, x.op, x.host, err)
	}
	if x.streamAnswer {
		w.arm(waitStall, to.Stall)
		resp.Body = &watchedBody{ReadCloser: resp.Body, w: w, stall: to.Stall}
		return resp, nil
	}
	w.arm(waitBody, to.Body)
	resp.Body = &watchedBody{ReadCloser: resp.Body, w: w}
	return resp, nil
}
