package bridgelink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"printdrop/internal/ranges"
	"printdrop/internal/workflow"
)

// TestAppPrintWire: the feed's keys are the contract the bridge and the
// window share; a round trip and Progress lose nothing.
func TestAppPrintWire(t *testing.T) {
	t.Parallel()
	a := Print{ID: 7, ShareID: "s1", Printer: "Floor 2", Document: "report\x1b", User: "ann",
		Phase: "Uploading…", Acked: 100, Total: 1000, Rate: 2048.5, ETA: 3 * time.Second,
		Missing:  ranges.Of(ranges.Range{Start: 100, End: 499}, ranges.Range{Start: 600, End: 999}),
		InFlight: ranges.Of(ranges.Range{Start: 500, End: 599}), JobState: "processing", JobDescription: "warming up",
		Updated: time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]any
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "share_id", "printer", "document", "user", "phase", "acked", "total", "rate", "eta",
		"missing", "in_flight", "ended", "succeeded", "updated"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("key %q missing from %s", k, b)
		}
	}
	if !strings.Contains(string(b), `"missing":[[100,499],[600,999]]`) || !strings.Contains(string(b), `"eta":3`) ||
		!strings.Contains(string(b), `"document":"report\u001b"`) {
		t.Errorf("wire form %s", b)
	}
	var back Print
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, a) {
		t.Fatalf("round trip %+v (%v), want %+v", back, err, a)
	}
	e := a.Event()
	u := e.Upload
	if e.Words() != a.Phase || u.Acked != 100 || u.Total != 1000 || !u.Missing.Equal(a.Missing) || !u.InFlight.Equal(a.InFlight) ||
		u.Rate != a.Rate || u.Remaining != a.ETA || e.Job() == nil || e.Job().State != "processing" || e.Job().Terminal {
		t.Errorf("Event() = %+v, job %+v", e, e.Job())
	}
	var again Print
	again.Follow(e)
	if again.Phase != a.Phase || !again.Missing.Equal(a.Missing) || again.ETA != a.ETA || again.JobState != a.JobState {
		t.Errorf("Follow(Event()) = %+v", again)
	}
	a.Ended, a.Succeeded, a.Outcome, a.JobState = true, false, "The upload failed. Try again.", "aborted"
	if j := a.Event().Job(); j == nil || !j.Terminal || j.Succeeded || j.Description != a.Outcome {
		t.Errorf("ended Event().Job() = %+v", j)
	}
	a.JobState = "" // ended before any job: the outcome decides
	if j := a.Event().Job(); j == nil || !j.Terminal || j.Succeeded {
		t.Errorf("ended without a job, Event().Job() = %+v", j)
	}
}

// feedServer is a stand-in for a bridge that misbehaves in ways the real
// one does not (silence, huge lines, another content type), on loopback.
type feedServer struct {
	addr    string
	conns   atomic.Int32
	handler func(w http.ResponseWriter, r *http.Request)
}

func newFeedServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *feedServer {
	t.Helper()
	f := &feedServer{handler: h}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.conns.Add(1)
		f.handler(w, r)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return f
}

// watchUntil runs w until cond holds (or 20 s), then stops it.
func watchUntil(t *testing.T, w *Watcher, cond func() bool) (snapshots int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	done := make(chan error, 1)
	go func() { done <- w.Watch(ctx, func([]Print) { n.Add(1) }) }()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Watch returned %v after its context ended", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return within 5 s of its context ending")
	}
	if !cond() {
		t.Fatal("condition not met within 20 s")
	}
	return int(n.Load())
}

type kinds struct {
	mu   sync.Mutex
	seen []FeedErrorKind
}

func (k *kinds) add(err error) {
	var be *FeedError
	if errors.As(err, &be) {
		k.mu.Lock()
		k.seen = append(k.seen, be.Kind)
		k.mu.Unlock()
	}
}

func (k *kinds) has(want FeedErrorKind) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, x := range k.seen {
		if x == want {
			return true
		}
	}
	return false
}

// TestWatchSilentFeed: a feed that sends a snapshot and then nothing, not
// even a keep-alive, is dropped after Idle and reconnected.
func TestWatchSilentFeed(t *testing.T) {
	t.Parallel()
	f := newFeedServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", FeedType)
		fmt.Fprintln(w, `{"prints":[]}`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	var k kinds
	w := &Watcher{Addr: f.addr, Idle: 100 * time.Millisecond, MinBackoff: 10 * time.Millisecond, OnError: k.add}
	n := watchUntil(t, w, func() bool { return f.conns.Load() >= 3 })
	if !k.has(FeedSilent) || n < 2 {
		t.Errorf("errors %v, %d snapshots; want FeedSilent and a snapshot per connection", k.seen, n)
	}
	// A feed that keeps sending keep-alives is never taken for silent.
	g := newFeedServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", FeedType)
		fmt.Fprintln(w, `{"prints":[]}`)
		for {
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
				fmt.Fprintln(w, `{"keepalive":true}`)
			}
		}
	})
	var k2 kinds
	start := time.Now()
	w = &Watcher{Addr: g.addr, Idle: 100 * time.Millisecond, MinBackoff: 10 * time.Millisecond, OnError: k2.add}
	watchUntil(t, w, func() bool { return time.Since(start) > 500*time.Millisecond })
	if n := g.conns.Load(); n != 1 || len(k2.seen) != 0 {
		t.Errorf("a feed with keep-alives: %d connections, errors %v; want one and none", n, k2.seen)
	}
}

// TestWatchBadFeeds: a line over the bound, a line that is not JSON, or
// another content type end the connection with FeedBadAnswer; unknown
// line kinds are skipped; keep-alives are not snapshots.
func TestWatchBadFeeds(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]func(w http.ResponseWriter){
		"huge line": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", FeedType)
			fmt.Fprintf(w, `{"prints":[],"pad":"%s"}`+"\n", strings.Repeat("x", 2000))
		},
		"not JSON": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", FeedType)
			fmt.Fprintln(w, `<html>`)
		},
		"HTML page": func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintln(w, `{"prints":[]}`)
		},
	} {
		f := newFeedServer(t, func(w http.ResponseWriter, r *http.Request) { body(w) })
		var k kinds
		w := &Watcher{Addr: f.addr, MaxLine: 1000, MinBackoff: 10 * time.Millisecond, OnError: k.add}
		if n := watchUntil(t, w, func() bool { return k.has(FeedBadAnswer) }); n != 0 {
			t.Errorf("%s: %d snapshots delivered from a bad feed", name, n)
		}
	}
	f := newFeedServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", FeedType+"; charset=utf-8")
		fmt.Fprintln(w, `{"keepalive":true}`)
		fmt.Fprintln(w, `{"future":"kind"}`)
		fmt.Fprintln(w, `{"prints":[{"id":1,"missing":[[0,9]]}]}`)
	})
	var k kinds
	var got atomic.Int32
	w := &Watcher{Addr: f.addr, MinBackoff: 10 * time.Millisecond, OnError: k.add}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Watch(ctx, func(ps []Print) {
		if len(ps) == 1 && ps[0].ID == 1 && ps[0].Missing.Size() == 10 {
			got.Add(1)
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for got.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got.Load() == 0 || k.has(FeedBadAnswer) {
		t.Errorf("a good feed with unknown lines: %d snapshots, errors %v", got.Load(), k.seen)
	}
}

// TestWatchAbsentBridge: with nothing listening, the watcher says the
// bridge is unreachable and keeps trying, spacing its attempts by a
// growing delay, until its context ends.
func TestWatchAbsentBridge(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var k kinds
	var times []time.Time
	var mu sync.Mutex
	w := &Watcher{Addr: addr, MinBackoff: 10 * time.Millisecond, MaxBackoff: 80 * time.Millisecond,
		OnError: func(err error) { k.add(err); mu.Lock(); times = append(times, time.Now()); mu.Unlock() }}
	watchUntil(t, w, func() bool { mu.Lock(); defer mu.Unlock(); return len(times) >= 6 })
	if !k.has(FeedUnreachable) {
		t.Fatalf("errors %v, want FeedUnreachable", k.seen)
	}
	mu.Lock()
	defer mu.Unlock()
	// The waits after failures 1..5 are 10, 20, 40, 80 and 80 ms: at least
	// 230 ms in all between the first and the sixth failure (a constant
	// 10 ms would give 50), whatever a failure itself takes.
	if gaps := times[5].Sub(times[0]); gaps < 230*time.Millisecond {
		t.Errorf("five retries took %s: want a delay doubling from 10 ms up to 80 ms", gaps)
	}
}

// TestBridgeAddressLoopbackOnly: the feed and cancel refuse any address
// that is not this computer, at once and without a request.
func TestBridgeAddressLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"192.0.2.1:8631", "printserver:8631", "127.0.0.1"} {
		var be *FeedError
		err := Watch(context.Background(), addr, func([]Print) { t.Error("got a snapshot") })
		if !errors.As(err, &be) || be.Kind != FeedBadAddress {
			t.Errorf("Watch %s: %v, want FeedBadAddress", addr, err)
		}
		if err := Cancel(context.Background(), addr, 1); !errors.As(err, &be) || be.Kind != FeedBadAddress {
			t.Errorf("Cancel %s: %v, want FeedBadAddress", addr, err)
		}
		if x := workflow.ExplainError(err); !strings.Contains(x.Headline, "not on this computer") {
			t.Errorf("explained as %+v", x)
		}
	}
}

// TestWatchBoundsPrints: a feed that lists thousands of prints (another
// program on the port) hands on only the MaxShown updated last.
func TestWatchBoundsPrints(t *testing.T) {
	t.Parallel()
	const listed = 4000
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := newFeedServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", FeedType)
		var b strings.Builder
		b.WriteString(`{"prints":[`)
		for i := range listed {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"updated":%q}`, i+1, base.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
		}
		b.WriteString("]}\n")
		fmt.Fprint(w, b.String())
	})
	var most, oldest atomic.Int64
	var got atomic.Int32
	w := &Watcher{Addr: f.addr, MinBackoff: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Watch(ctx, func(ps []Print) {
		most.Store(int64(len(ps)))
		oldest.Store(int64(ps[0].ID))
		got.Add(1)
	})
	deadline := time.Now().Add(20 * time.Second)
	for got.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got.Load() == 0 {
		t.Fatal("no snapshot delivered")
	}
	if n := most.Load(); n != MaxShown {
		t.Errorf("%d prints handed on from a feed of %d, want %d", n, listed, MaxShown)
	}
	if id := oldest.Load(); id != listed-MaxShown+1 {
		t.Errorf("first print kept is %d, want %d (the newest kept)", id, listed-MaxShown+1)
	}
}

// TestNewestPrintsKeepsTies: prints updated at the same moment as the
// cut fill the places left after every newer one, in the feed's order.
func TestNewestPrintsKeepsTies(t *testing.T) {
	at := func(s int) time.Time { return time.Unix(int64(s), 0) }
	in := []Print{{ID: 1, Updated: at(1)}, {ID: 2, Updated: at(5)}, {ID: 3, Updated: at(5)}, {ID: 4, Updated: at(9)}}
	var ids []int
	for _, ap := range newestPrints(in, 2) {
		ids = append(ids, ap.ID)
	}
	if !reflect.DeepEqual(ids, []int{2, 4}) {
		t.Errorf("kept %v, want [2 4]", ids)
	}
}
