package link

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// httpServer serves h on a shaped listener with the timeouts the emulator
// uses, so the deadline paths of net/http run through the link.
func httpServer(tb testing.TB, cfg Config, h http.Handler) (url string, shutdown func()) {
	tb.Helper()
	raw, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 30 * time.Second}
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(Wrap(raw, cfg)) }()
	return "http://" + raw.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}
}

// sink answers every request with 202 after reading its body, like the
// upload host acknowledging a chunk.
var sink = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, r.Body)
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprint(w, n)
})

func TestHTTPOverTheLink(t *testing.T) {
	// Not parallel: it counts goroutines.
	const delay = 20 * time.Millisecond
	base := runtime.NumGoroutine()
	url, shutdown := httpServer(t, Config{Delay: delay, Rate: 50 << 20}, sink)
	tr := &http.Transport{}
	client := &http.Client{Transport: tr}
	body := make([]byte, 300<<10)
	_, _ = rand.Read(body)
	for i := range 3 {
		start := time.Now()
		resp, err := client.Post(url, "application/octet-stream", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || string(got) != fmt.Sprint(len(body)) {
			t.Fatalf("request %d: %d %q", i, resp.StatusCode, got)
		}
		if e := time.Since(start); e < 2*delay {
			t.Fatalf("request %d took %v, less than a round trip (%v)", i, e, 2*delay)
		}
	}
	tr.CloseIdleConnections()
	shutdown()
	waitGoroutines(t, base)
}

// BenchmarkParallelGain moves request/response rounds over a 50 ms RTT link
// with no rate limit, first on one connection, then on four at once, and
// reports how many times more bytes per second four streams move (~4 on a
// link; ~1 if the shaping serialised requests).
//
//	go test -run '^$' -bench ParallelGain -benchtime 3x ./internal/emulator/link/
func BenchmarkParallelGain(b *testing.B) {
	const (
		delay  = 25 * time.Millisecond
		rounds = 6
		size   = 64 << 10
	)
	url, shutdown := httpServer(b, Config{Delay: delay}, sink)
	defer shutdown()
	body := make([]byte, size)
	run := func(streams int) time.Duration {
		tr := &http.Transport{MaxConnsPerHost: streams, MaxIdleConnsPerHost: streams}
		defer tr.CloseIdleConnections()
		client := &http.Client{Transport: tr}
		// Open the connections first: the handshake is not what is measured.
		var wg sync.WaitGroup
		post := func() {
			resp, err := client.Post(url, "application/octet-stream", strings.NewReader(string(body)))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		for range streams {
			wg.Add(1)
			go func() { defer wg.Done(); post() }()
		}
		wg.Wait()
		start := time.Now()
		for range streams {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range rounds {
					post()
				}
			}()
		}
		wg.Wait()
		return time.Since(start)
	}
	var one, four time.Duration
	n := 0
	for b.Loop() {
		one += run(1)
		four += run(4)
		n++
	}
	bytesOne := float64(n * rounds * size) // by one stream, over all iterations
	gain := (4 * bytesOne / four.Seconds()) / (bytesOne / one.Seconds())
	b.ReportMetric(gain, "x-gain")
	b.ReportMetric(bytesOne/one.Seconds()/1e6, "MB/s-1stream")
	b.ReportMetric(4*bytesOne/four.Seconds()/1e6, "MB/s-4streams")
}

// A handler that answers without reading a large body (the upload host's
// 413) must reach the client as a response, not as a connection reset: the
// link keeps draining the client's bytes until the socket really closes.
func TestHTTPEarlyResponseToALargeBody(t *testing.T) {
	t.Parallel()
	url, shutdown := httpServer(t, Config{Delay: 10 * time.Millisecond}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
	}))
	defer shutdown()
	body := strings.Repeat("x", 8<<20)
	for i := range 3 {
		resp, err := http.Post(url, "application/octet-stream", strings.NewReader(body))
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
	}
}
