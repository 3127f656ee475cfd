package graph

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/emulator/link"
	"printdrop/internal/httpsonly"
	"printdrop/internal/ranges"
)

// Every request ends by itself: an answer that never comes, a body
// trickled a byte at a time, a PUT whose body stops moving, an answer far
// larger than Graph sends, and plain http to a host that is not this
// computer. Each case runs the real client against the real emulator.

// roomy are the deadlines for a test's set-up, long enough for a busy
// machine; each test then shortens only the deadline it is about (c.to,
// s.to), so nothing else can trip it.
var roomy = Timeouts{Answer: 10 * time.Second, Body: 10 * time.Second, Stall: 10 * time.Second}

// short is the one deadline a test is about.
const short = 300 * time.Millisecond

// boundedClient is a client with roomy timeouts and two tries per call.
func (e *emu) boundedClient() *Client {
	e.t.Helper()
	return e.clientWith(Options{
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token()}),
		Timeouts:    roomy,
		Retry:       RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond},
	})
}

// within fails the test when fn takes longer than d (generous: the point is
// that it ends at all, not how fast).
func within[T any](t *testing.T, d time.Duration, fn func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- fn() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("still waiting after %s", d)
	}
	panic("unreachable")
}

func wantTimeout(t *testing.T, err error, waiting string) {
	t.Helper()
	var te *TimeoutError
	if !errors.As(err, &te) || te.Waiting != waiting {
		t.Fatalf("err = %v (%T), want a *TimeoutError waiting for %s", err, err, waiting)
	}
	if !strings.Contains(err.Error(), "stopped answering") || strings.Contains(err.Error(), "?") {
		t.Fatalf("message %q", err)
	}
}

func TestGraphAnswerThatNeverComes(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.boundedClient()
	c.to.Answer = short
	e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", Count: 10})
	t.Cleanup(e.ClearFaults)
	err := within(t, 20*time.Second, func() error { _, err := c.Shares(t.Context(), ShareQuery{}); return err })
	wantTimeout(t, err, waitAnswer)
	// A read is retried after a timeout. The emulator logs a held request
	// when it notices the client left, which may take a moment.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n := len(e.matching("GET", "/print/shares"))
		if n == 2 {
			break
		}
		if n > 2 || time.Now().After(deadline) {
			t.Fatalf("%d tries, want 2", n)
		}
	}
}

func TestGraphBodyTrickled(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.boundedClient()
	c.to.Body = short
	e.Fault(emutest.Fault{Kind: "trickle", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", IntervalMS: 50, Count: 10})
	t.Cleanup(e.ClearFaults)
	err := within(t, 20*time.Second, func() error { _, err := c.Shares(t.Context(), ShareQuery{}); return err })
	wantTimeout(t, err, waitBody)
}

func TestUploadStatusThatNeverComes(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.boundedClient()
	share := e.firstShare(c)
	j, docID := newDoc(t, c, share)
	s, err := c.CreateUploadSession(t.Context(), share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	s.to.Answer = short
	e.Fault(emutest.Fault{Kind: "hold", Host: "upload", Method: "GET"})
	t.Cleanup(e.ClearFaults)
	err = within(t, 20*time.Second, func() error { _, _, err := s.Status(t.Context()); return err })
	wantTimeout(t, err, waitAnswer)
}

// slowReader gives step bytes every pause: slow, but moving.
type slowReader struct {
	left, step int
	pause      time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.pause)
	k := min(len(p), r.step, r.left)
	clear(p[:k])
	r.left -= k
	return k, nil
}

func TestPutNotCutWhileItsBodyMoves(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.clientWith(Options{
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token()}),
		Timeouts:    Timeouts{Answer: 10 * time.Second, Body: 10 * time.Second, Stall: time.Second},
	})
	share := e.firstShare(c)
	const size = 4096
	j, docID := newDoc(t, c, share)
	s, err := c.CreateUploadSession(t.Context(), share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: 2 * size})
	if err != nil {
		t.Fatal(err)
	}
	// Slow but moving: 4 KiB at 128 bytes per 100 ms takes 3.2 s, three
	// times the 1 s stall limit (and ten times each pause, so a busy
	// machine cannot trip it), and must succeed: a PUT has no total deadline.
	missing, _, err := s.Put(t.Context(), ranges.Range{Start: 0, End: size - 1}, &slowReader{left: size, step: 128, pause: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("a slow, moving PUT failed: %v", err)
	}
	if len(missing) != 1 || missing[0].Start != size {
		t.Fatalf("missing %v after the first half", missing)
	}
}

// TestPutCutWhenTheLinkStalls: the upload host takes 1,000 bytes a second,
// so a 4 MB chunk fills the socket buffers and then stops moving; the PUT
// is cut by the stall deadline instead of taking an hour.
func TestPutCutWhenTheLinkStalls(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{Link: link.Config{Rate: 1000}})
	// Small socket buffers, as on a real WAN link, so the body stops moving
	// before all of it is handed to the kernel; the answer deadline is long,
	// so only the stall deadline can end this PUT.
	tr := NewTransport()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetWriteBuffer(32 << 10)
		}
		return conn, err
	}
	c := e.clientWith(Options{
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.Token()}),
		Transport:   tr,
		Timeouts:    Timeouts{Answer: time.Minute, Body: time.Minute, Stall: 300 * time.Millisecond},
	})
	share := e.firstShare(c)
	const size = 8 << 20
	j, docID := newDoc(t, c, share)
	s, err := c.CreateUploadSession(t.Context(), share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: size})
	if err != nil {
		t.Fatal(err)
	}
	err = within(t, 30*time.Second, func() error {
		_, _, err := s.Put(t.Context(), ranges.Range{Start: 0, End: size - 1}, bytes.NewReader(make([]byte, size)))
		return err
	})
	wantTimeout(t, err, waitStall)
}

func TestHugeAnswerIsRefusedWithBoundedMemory(t *testing.T) {
	e := startEmu(t, emulator.Config{})
	c := e.boundedClient()
	e.Fault(emutest.Fault{Kind: "pad", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares", Bytes: 200 << 20})
	t.Cleanup(e.ClearFaults)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.Shares(t.Context(), ShareQuery{})
	runtime.ReadMemStats(&after)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != maxPageBody || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Fatalf("err = %v, want a *TooLargeError at 16 MiB", err)
	}
	// The client read at most the 16 MiB limit (its buffer doubles up to
	// 32 MiB), never the 200 MB the emulator offered.
	if got := after.TotalAlloc - before.TotalAlloc; got > 100<<20 {
		t.Fatalf("allocated %d MiB reading a refused answer", got>>20)
	}
	// One object has a tighter limit than a page.
	e.Fault(emutest.Fault{Kind: "pad", Host: "graph", Method: "GET", PathPrefix: "/v1.0/me", Bytes: 2 << 20})
	_, err = c.Me(t.Context())
	if !errors.As(err, &tl) || tl.Limit != maxObjectBody {
		t.Fatalf("Me = %v, want a *TooLargeError at 1 MiB", err)
	}
	// A padded answer under the limit is still read.
	e.Fault(emutest.Fault{Kind: "pad", Host: "graph", Method: "GET", PathPrefix: "/v1.0/me", Bytes: 100 << 10})
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatalf("Me with 100 KiB of padding = %v", err)
	}
}

func TestPlainHTTPOnlyToThisComputer(t *testing.T) {
	t.Parallel()
	_, err := New(Options{BaseURL: "http://graph.example.com"})
	var ie *httpsonly.InsecureError
	if !errors.As(err, &ie) {
		t.Fatalf("New with a plain-http Graph URL = %v, want *httpsonly.InsecureError", err)
	}

	// The emulator hands out an upload URL on plain http to another host.
	e := startEmu(t, emulator.Config{UploadPublicURL: "http://upload.example.invalid"})
	c := e.boundedClient()
	share := e.firstShare(c)
	j, docID := newDoc(t, c, share)
	_, err = c.CreateUploadSession(t.Context(), share.ID, j.ID, docID, DocumentProperties{DocumentName: "a.pdf", ContentType: "application/pdf", Size: 10})
	if !errors.As(err, &ie) || ie.What != "the upload URL" {
		t.Fatalf("CreateUploadSession = %v, want *httpsonly.InsecureError", err)
	}
	// A stored one is refused before a byte of the body is read.
	s := c.ResumeUploadSession("http://upload.example.invalid/uploadSessions/x?tempauthtoken=secret", 10)
	body := &countReader{r: strings.NewReader("0123456789")}
	_, _, err = s.Put(t.Context(), ranges.Range{Start: 0, End: 9}, body)
	if !errors.As(err, &ie) || body.n.Load() != 0 || strings.Contains(err.Error(), "secret") {
		t.Fatalf("Put to a plain-http upload URL = %v after %d bytes read", err, body.n.Load())
	}
	// A redirect from Graph to plain http elsewhere is refused the same way.
	if _, err := c.UploadClient().Get("http://printer.example.invalid/"); !errors.As(err, &ie) {
		t.Fatalf("upload client to plain http = %v", err)
	}
}

type countReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// TestCancelEndsAWaitAtOnce: Ctrl+C (the caller's context) ends a request
// that is waiting for an answer without waiting for any timeout.
func TestCancelEndsAWaitAtOnce(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.client()
	e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Method: "GET", PathPrefix: "/v1.0/print/shares"})
	t.Cleanup(e.ClearFaults)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Shares(ctx, ShareQuery{})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("Shares after cancel = %v after %s", err, time.Since(start))
	}
}

// TestCreateJobAnswerCutByADeadline: the job was created but its answer
// came too slowly; the deadline cuts it, and the client finds the job it
// created instead of printing twice or losing it.
func TestCreateJobAnswerCutByADeadline(t *testing.T) {
	t.Parallel()
	e := startEmu(t, emulator.Config{})
	c := e.boundedClient()
	share := e.firstShare(c)
	c.to.Body = short
	trickle := e.Fault(emutest.Fault{Kind: "trickle", Host: "graph", Method: "POST", PathSuffix: "/jobs", IntervalMS: 100, Probability: 1})
	t.Cleanup(e.ClearFaults)
	type created struct {
		j   Job
		err error
	}
	r := within(t, 20*time.Second, func() created {
		j, err := c.CreateJob(t.Context(), share.ID, JobConfiguration{})
		return created{j, err}
	})
	if r.err != nil || r.j.ID == "" {
		t.Fatalf("CreateJob = %+v, %v; want the job it created, found after its answer was cut", r.j, r.err)
	}
	// The fault counts each create as it arrives; the request log would
	// list the trickled one only once its handler ends, after the client
	// has given up on it.
	var faults []struct {
		ID   string `json:"id"`
		Hits int    `json:"hits"`
	}
	e.Control("GET", "/faults", nil, &faults)
	hits := -1
	for _, f := range faults {
		if f.ID == trickle {
			hits = f.Hits
		}
	}
	if hits != 1 {
		t.Fatalf("%d create requests, want 1", hits)
	}
}
