package workflow

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/graph"
)

// statusReads counts the single-share reads (GET /v1.0/print/shares/{id})
// the Service sends: how many are in flight now, at most, and in all. It
// sits on the real transport, so the emulator still answers every read.
type statusReads struct {
	base http.RoundTripper

	mu                      sync.Mutex
	inFlight, peak, started int
}

func (c *statusReads) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/v1.0/print/shares/") {
		return c.base.RoundTrip(r)
	}
	c.mu.Lock()
	c.inFlight++
	c.started++
	c.peak = max(c.peak, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	return c.base.RoundTrip(r)
}

func (c *statusReads) now() (inFlight, peak, started int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inFlight, c.peak, c.started
}

// countedService is a Service on e whose share reads are counted.
func countedService(t *testing.T, e *testEnv) (*statusReads, *Service) {
	tr := graph.NewTransport()
	// A connection dialled for a read that was then cancelled or held
	// stays in the pool unused; closing it lets the emulator shut down
	// without waiting for it.
	t.Cleanup(tr.CloseIdleConnections)
	reads := &statusReads{base: tr}
	return reads, e.service(Params{Transport: reads})
}

// waitUntil polls cond; the deadline only guards against a hung test.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func shareIDs(t *testing.T, s *Service) []string {
	t.Helper()
	shares, err := s.Shares(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(shares))
	for i, sh := range shares {
		out[i] = sh.ID
	}
	if len(out) < 2*StatusParallel {
		t.Fatalf("the demo seed lists %d shares; the tests need more than %d", len(out), 2*StatusParallel)
	}
	return out
}

// TestShareStatuses_EveryShareOnceAndOneFailureDoesNotStopTheRest: a
// printer stopped through the control API, the seed's stopped and
// not-accepting printers, a share whose read is refused (403, not retried)
// and one whose read fails once (503, retried) all come back, each exactly
// once, and only the refused one carries an error.
func TestShareStatuses_EveryShareOnceAndOneFailureDoesNotStopTheRest(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	_, svc := countedService(t, e)
	ids := shareIDs(t, svc)
	e.SetPrinterStatus(emulator.ShareColor, emutest.PrinterStatus{State: "stopped", Details: []string{"coverOpen"}})
	e.Fault(emutest.Fault{Kind: "status", Status: 403, Host: "graph", Count: 1, PathPrefix: "/v1.0/print/shares/" + emulator.ShareLetter})
	e.Fault(emutest.Fault{Kind: "status", Status: 503, Host: "graph", Count: 1, PathPrefix: "/v1.0/print/shares/" + emulator.SharePDFOnly})

	got := map[string]ShareStatus{}
	err := svc.ShareStatuses(t.Context(), ids, func(st ShareStatus) {
		if _, dup := got[st.ShareID]; dup {
			t.Errorf("share %s reported twice", st.ShareID)
		}
		got[st.ShareID] = st
	})
	if err != nil {
		t.Fatalf("ShareStatuses: %v", err)
	}
	if len(got) != len(ids) {
		t.Fatalf("%d of %d shares reported", len(got), len(ids))
	}
	want := map[string]struct {
		state  Readiness
		reason string
	}{
		emulator.ShareDefault:      {Ready, ""},
		emulator.ShareColor:        {Stopped, "a cover is open"},
		emulator.ShareStopped:      {Stopped, "paper jam"},
		emulator.ShareNotAccepting: {NotAccepting, ""},
		emulator.SharePDFOnly:      {Ready, ""}, // the 503 was retried
		emulator.ShareLetter:       {ReadinessUnknown, ""},
	}
	for id, w := range want {
		st := got[id]
		if st.Readiness.State != w.state || (w.reason != "" && st.Readiness.Reason != w.reason) {
			t.Errorf("share %s: %v (%q), want %v (%q)", id, st.Readiness.State, st.Readiness.Reason, w.state, w.reason)
		}
	}
	for id, st := range got {
		var ge *graph.Error
		switch {
		case id == emulator.ShareLetter:
			if !errors.As(st.Err, &ge) || ge.StatusCode != http.StatusForbidden || st.Readiness.Sentence == "" {
				t.Errorf("the refused share: err %v, sentence %q; want the 403 and a sentence", st.Err, st.Readiness.Sentence)
			}
		case st.Err != nil:
			t.Errorf("share %s: unexpected error %v", id, st.Err)
		case st.Readiness.State == ReadinessUnknown:
			t.Errorf("share %s: status read but readiness unknown", id)
		}
	}
}

// TestShareStatuses_BoundedAndStreamed holds every read in the emulator:
// exactly StatusParallel reads start and no more while they wait; freeing
// one read reports that share at once, before the others are freed, and
// lets the next read start; the peak never passes StatusParallel.
func TestShareStatuses_BoundedAndStreamed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	reads, svc := countedService(t, e)
	ids := shareIDs(t, svc)
	holds := map[string]string{} // share id -> hold fault id
	for _, id := range ids {
		holds[id] = e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Count: 1, PathPrefix: "/v1.0/print/shares/" + id})
	}
	t.Cleanup(func() { e.ClearFaults() })

	arrived := make(chan ShareStatus, len(ids))
	done := make(chan error, 1)
	go func() {
		done <- svc.ShareStatuses(t.Context(), ids, func(st ShareStatus) { arrived <- st })
	}()
	waitUntil(t, "the first reads", func() bool { n, _, _ := reads.now(); return n >= StatusParallel })
	time.Sleep(50 * time.Millisecond) // room for an unbounded fetcher to send more
	if n, peak, started := reads.now(); n != StatusParallel || peak != StatusParallel || started != StatusParallel {
		t.Fatalf("with every read held: %d in flight, peak %d, %d started; want %d each", n, peak, started, StatusParallel)
	}
	if len(arrived) != 0 {
		t.Fatal("a status arrived although every read is held")
	}

	// Free the second share's read only: it streams out on its own.
	e.DeleteFault(holds[ids[1]])
	select {
	case st := <-arrived:
		if st.ShareID != ids[1] || st.Err != nil {
			t.Fatalf("after freeing %s: got %s (err %v)", ids[1], st.ShareID, st.Err)
		}
	case err := <-done:
		t.Fatalf("ShareStatuses returned (%v) with reads still held", err)
	}
	waitUntil(t, "the next read to take the free slot", func() bool { _, _, s := reads.now(); return s == StatusParallel+1 })

	e.ClearFaults()
	if err := <-done; err != nil {
		t.Fatalf("ShareStatuses: %v", err)
	}
	if len(arrived) != len(ids)-1 {
		t.Fatalf("%d more statuses after the first, want %d", len(arrived), len(ids)-1)
	}
	if _, peak, started := reads.now(); peak != StatusParallel || started != len(ids) {
		t.Fatalf("peak %d in flight (want %d), %d reads for %d shares", peak, StatusParallel, started, len(ids))
	}
}

// TestShareStatuses_CancelStops cancels while reads are held: it returns
// the context's error at once, reports nothing and starts no further read.
func TestShareStatuses_CancelStops(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	reads, svc := countedService(t, e)
	ids := shareIDs(t, svc)
	e.Fault(emutest.Fault{Kind: "hold", Host: "graph", Count: len(ids), PathPrefix: "/v1.0/print/shares/"})
	t.Cleanup(func() { e.ClearFaults() })

	ctx, cancel := context.WithCancel(t.Context())
	var mu sync.Mutex
	calls := 0
	done := make(chan error, 1)
	go func() {
		done <- svc.ShareStatuses(ctx, ids, func(ShareStatus) { mu.Lock(); calls++; mu.Unlock() })
	}()
	waitUntil(t, "the first reads", func() bool { n, _, _ := reads.now(); return n >= StatusParallel })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: %v, want context.Canceled", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if n, _, started := reads.now(); calls != 0 || n != 0 || started != StatusParallel {
		t.Fatalf("after cancel: %d reported, %d still in flight, %d started; want 0, 0, %d", calls, n, started, StatusParallel)
	}
}

// TestShareStatuses_Empty makes no request and returns at once.
func TestShareStatuses_Empty(t *testing.T) {
	t.Parallel()
	e := newEnv(t, emulator.Config{})
	called := false
	if err := e.svc.ShareStatuses(t.Context(), nil, func(ShareStatus) { called = true }); err != nil || called {
		t.Fatalf("no shares: err %v, called %v", err, called)
	}
}
