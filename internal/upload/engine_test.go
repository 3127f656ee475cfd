package upload

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"printdrop/internal/ranges"
)

// fakeClock makes retries instant and deterministic: Sleep advances it.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.slept = append(c.slept, d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// testOptions: 200 KiB chunks so small documents still take many PUTs.
func testOptions(c *fakeClock) Options {
	return Options{ChunkSize: ChunkUnit, Parallel: 4, now: c.now, Sleep: c.sleep,
		Jitter: func(d time.Duration) time.Duration { return d }}
}

func randomBytes(n int64, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)})
	_, _ = r.Read(b)
	return b
}

func mustRun(t *testing.T, doc Document, tgt Target, o Options) *Engine {
	t.Helper()
	e, err := New(doc, tgt, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return e
}

func TestUploadSizesAndOrders(t *testing.T) {
	t.Parallel()
	for _, size := range []int64{1, 204_800, 204_801, 5*ChunkUnit + 17} {
		for _, order := range []Order{Sequential, Reverse} {
			for _, par := range []int{1, 4} {
				data := randomBytes(size, uint64(size))
				tgt := newMemTarget(size)
				o := testOptions(newClock())
				o.Order, o.Parallel = order, par
				e := mustRun(t, Bytes("doc.pdf", data), tgt, o)
				if !tgt.completed || !bytes.Equal(tgt.data, data) {
					t.Fatalf("size %d order %d: the server's bytes differ", size, order)
				}
				wantPuts := int((size + ChunkUnit - 1) / ChunkUnit)
				if puts, _, recv := tgt.stats(); puts != wantPuts || recv != size {
					t.Fatalf("size %d: %d PUTs carrying %d bytes, want %d carrying %d (no resends)", size, puts, recv, wantPuts, size)
				}
				if tgt.maxConc > par {
					t.Fatalf("%d PUTs at once, limit %d", tgt.maxConc, par)
				}
				if order == Reverse && par == 1 && wantPuts > 1 && tgt.order[0].Start == 0 {
					t.Fatalf("reverse order started at offset 0")
				}
				if p := e.Snapshot(); p.Phase != Completed || p.Acked != size || len(p.InFlight) != 0 {
					t.Fatalf("final snapshot %+v", p)
				}
			}
		}
	}
}

// The server already holds scattered pieces: only the gaps go out.
func TestUploadFromServerGaps(t *testing.T) {
	t.Parallel()
	size := int64(10 * ChunkUnit)
	data := randomBytes(size, 7)
	tgt := newMemTarget(size)
	for _, r := range []ranges.Range{{Start: 0, End: ChunkUnit - 1}, {Start: 3 * ChunkUnit, End: 5*ChunkUnit + 99}} {
		copy(tgt.data[r.Start:r.End+1], data[r.Start:r.End+1])
		tgt.have = tgt.have.Add(r)
	}
	already := tgt.have.Size()
	mustRun(t, Bytes("gaps.pdf", data), tgt, testOptions(newClock()))
	if !bytes.Equal(tgt.data, data) {
		t.Fatal("the server's bytes differ")
	}
	if _, _, recv := tgt.stats(); recv != size-already {
		t.Fatalf("sent %d bytes, want only the %d missing", recv, size-already)
	}
	for _, r := range tgt.order {
		if r.Start/ChunkUnit != r.End/ChunkUnit {
			t.Fatalf("chunk %v crosses the %d-byte grid", r, ChunkUnit)
		}
	}
}

func TestFaultsRecover(t *testing.T) {
	t.Parallel()
	const size = 12 * ChunkUnit
	tests := []struct {
		name      string
		f         fault
		wantSleep time.Duration // the first backoff, when it is fixed
	}{
		{"503 retry-after integer", fault{kind: "status", op: "PUT", status: 503, ra: 2 * time.Second, hasRA: true, count: 1}, 2 * time.Second},
		{"429 retry-after fraction", fault{kind: "status", op: "PUT", status: 429, ra: 500 * time.Millisecond, hasRA: true, count: 2}, 500 * time.Millisecond},
		{"500 no retry-after", fault{kind: "status", op: "PUT", status: 500, count: 1}, retryBase},
		{"502", fault{kind: "status", op: "PUT", status: 502, count: 1}, retryBase},
		{"504", fault{kind: "status", op: "PUT", status: 504, count: 3}, retryBase},
		{"drop mid-body", fault{kind: "drop", op: "PUT", count: 2}, retryBase},
		{"store then fail", fault{kind: "store_then_fail", op: "PUT", count: 2}, retryBase},
		{"status GET 503", fault{kind: "status", op: "GET", status: 503, count: 2}, retryBase},
		{"status GET dropped", fault{kind: "drop", op: "GET", count: 1}, retryBase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := randomBytes(size, 3)
			tgt := newMemTarget(size)
			tgt.arm(tt.f)
			clock := newClock()
			o := testOptions(clock)
			var phases []Phase
			o.OnEvent = func(p Progress) { phases = append(phases, p.Phase) }
			mustRun(t, Bytes("f.pdf", data), tgt, o)
			if !bytes.Equal(tgt.data, data) {
				t.Fatal("the server's bytes differ")
			}
			if s := clock.sleeps(); len(s) == 0 || s[0] != tt.wantSleep {
				t.Fatalf("waits %v, want the first to be %v", s, tt.wantSleep)
			}
			if !contains(phases, Retrying) || !contains(phases, Resyncing) {
				t.Fatalf("phases %v: want retrying and resyncing", phases)
			}
			if _, _, recv := tgt.stats(); recv > size+4*ChunkUnit {
				t.Fatalf("server received %d bytes for a %d-byte file", recv, size)
			}
		})
	}
}

func contains(ps []Phase, p Phase) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// A 416 (the server has bytes we thought missing) resyncs at once, without
// waiting, and never resends what the server holds.
func TestOverlapResyncs(t *testing.T) {
	t.Parallel()
	size := int64(6 * ChunkUnit)
	data := randomBytes(size, 4)
	tgt := newMemTarget(size)
	// Another writer (say, the previous run's last PUT that landed after
	// we checked) stores chunk 2 as soon as our first PUT arrives.
	var once sync.Once
	tgt.onPut = func(ranges.Range) {
		once.Do(func() {
			tgt.mu.Lock()
			r := ranges.Range{Start: 2 * ChunkUnit, End: 3*ChunkUnit - 1}
			copy(tgt.data[r.Start:], data[r.Start:r.End+1])
			tgt.have = tgt.have.Add(r)
			tgt.mu.Unlock()
		})
	}
	clock := newClock()
	o := testOptions(clock)
	o.Parallel = 1
	mustRun(t, Bytes("f.pdf", data), tgt, o)
	if !bytes.Equal(tgt.data, data) {
		t.Fatal("the server's bytes differ")
	}
	if s := clock.sleeps(); len(s) != 0 {
		t.Fatalf("a 416 waited %v; it should resync at once", s)
	}
	// Chunks 0 and 1 go before the 202 of chunk 1 reveals chunk 2 is
	// held; whether chunk 2 is tried (416) or skipped, it is never stored twice.
	if _, gets, _ := tgt.stats(); gets < 1 {
		t.Fatal("no status request")
	}
}

// A 202 claiming a byte is missing that the server had confirmed before the
// PUT left is a contradiction: the engine asks again instead of believing either.
func TestContradictionResyncs(t *testing.T) {
	t.Parallel()
	size := int64(4 * ChunkUnit)
	data := randomBytes(size, 5)
	tgt := newMemTarget(size)
	o := testOptions(newClock())
	o.Parallel = 1
	var puts int
	tgt.onPut = func(ranges.Range) {
		tgt.mu.Lock()
		puts++
		if puts == 3 {
			tgt.lie = true
		}
		tgt.mu.Unlock()
	}
	mustRun(t, Bytes("f.pdf", data), tgt, o)
	if _, gets, recv := tgt.stats(); gets != 2 || recv != size {
		t.Fatalf("%d status requests, %d bytes sent; want 2 (start + contradiction) and no resend", gets, recv)
	}
}

func TestRetryBoundSpent(t *testing.T) {
	t.Parallel()
	size := int64(3 * ChunkUnit)
	tgt := newMemTarget(size)
	tgt.arm(fault{kind: "status", op: "PUT", status: 503, count: -1})
	clock := newClock()
	o := testOptions(clock)
	o.RetryFor = time.Minute
	o.Parallel = 1
	e, _ := New(Bytes("report.pdf", randomBytes(size, 1)), tgt, o)
	err := e.Run(context.Background())
	var ue *Error
	if !errors.As(err, &ue) || ue.Status != 503 || ue.Op != "PUT" || ue.Attempts < 5 {
		t.Fatalf("got %v, want an *Error for PUT with 503 after several attempts", err)
	}
	msg := err.Error()
	for _, want := range []string{"report.pdf", "503", "bytes 0-204799", "attempts", "print it again"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("error %q does not mention %q", msg, want)
		}
	}
	var total time.Duration
	for _, d := range clock.sleeps() {
		total += d
	}
	if total > time.Minute {
		t.Fatalf("waited %v in all, past the 1m bound", total)
	}
	if e.Snapshot().Phase != Failed {
		t.Fatalf("phase %v, want failed", e.Snapshot().Phase)
	}
}

// A Retry-After beyond the bound fails at once rather than sleeping past it.
func TestRetryAfterBeyondBound(t *testing.T) {
	t.Parallel()
	tgt := newMemTarget(10)
	tgt.arm(fault{kind: "status", op: "PUT", status: 429, ra: time.Hour, hasRA: true, count: -1})
	clock := newClock()
	e, _ := New(Bytes("a.pdf", make([]byte, 10)), tgt, testOptions(clock))
	var ue *Error
	if err := e.Run(context.Background()); !errors.As(err, &ue) || ue.Status != 429 {
		t.Fatalf("got %v, want a 429 *Error", err)
	}
	if len(clock.sleeps()) != 0 {
		t.Fatalf("slept %v", clock.sleeps())
	}
}

// A hard failure stops new chunks at once (the SDK carries on).
func TestHardFailureStops(t *testing.T) {
	t.Parallel()
	size := int64(8 * ChunkUnit)
	tgt := newMemTarget(size)
	tgt.onPut = func(r ranges.Range) {
		if r.Start == ChunkUnit {
			tgt.arm(fault{kind: "status", op: "PUT", status: http.StatusBadRequest, count: 1})
		}
	}
	o := testOptions(newClock())
	o.Parallel = 1
	e, _ := New(Bytes("a.pdf", make([]byte, size)), tgt, o)
	err := e.Run(context.Background())
	var ue *Error
	if !errors.As(err, &ue) || ue.Status != 400 {
		t.Fatalf("got %v, want a 400 *Error", err)
	}
	if puts, _, _ := tgt.stats(); puts != 3 {
		t.Fatalf("%d PUTs; want 3 (the fault hits the third, then nothing more)", puts)
	}
}
