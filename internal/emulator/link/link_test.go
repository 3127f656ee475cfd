package link

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	mrand "math/rand/v2"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"
)

// echoServer accepts on a shaped listener and echoes every connection.
func echoServer(t testing.TB, cfg Config) (addr string, stop func()) {
	t.Helper()
	raw, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := Wrap(raw, cfg)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = io.Copy(c, c)
				c.Close()
			}()
		}
	}()
	return raw.Addr().String(), func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	}
}

func dial(t testing.TB, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp4", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// roundTrip sends msg and waits for its echo.
func roundTrip(t testing.TB, c net.Conn, msg []byte) time.Duration {
	t.Helper()
	start := time.Now()
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("echo differs")
	}
	return time.Since(start)
}

// waitGoroutines fails unless the goroutine count falls back to base: the
// pump and flush goroutines of closed connections must end.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, want <= %d:\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestZeroConfigIsNoShaping(t *testing.T) {
	t.Parallel()
	raw, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if Wrap(raw, Config{}) != raw {
		t.Fatal("a zero Config must return the listener itself")
	}
	if Wrap(raw, Config{Delay: time.Millisecond}) == raw || Wrap(raw, Config{Rate: 1}) == raw {
		t.Fatal("a non-zero Config must shape")
	}
}

// A request/response costs two one-way delays more than the same exchange
// unshaped; pipelined requests share their delays instead of adding them up.
func TestRoundTripCostsTwoDelays(t *testing.T) {
	// Not parallel: it compares two timings taken back to back.
	const delay = 40 * time.Millisecond
	msg := []byte("ping")

	plainAddr, stopPlain := echoServer(t, Config{})
	defer stopPlain()
	plain := dial(t, plainAddr)
	defer plain.Close()
	roundTrip(t, plain, msg) // warm up
	base := roundTrip(t, plain, msg)

	addr, stop := echoServer(t, Config{Delay: delay})
	defer stop()
	c := dial(t, addr)
	defer c.Close()
	first := roundTrip(t, c, msg) // includes the TCP handshake's round trip
	rtt := roundTrip(t, c, msg)
	if rtt < 2*delay-delay/10 || rtt-base < 18*delay/10 {
		t.Fatalf("shaped round trip %v (unshaped %v), want >= 2 x %v", rtt, base, delay)
	}
	if first < 4*delay-delay/10 {
		t.Fatalf("first round trip %v, want >= 4 x %v (handshake + request)", first, delay)
	}
	// A sleep per request would take 8 round trips here; a link takes ~1.
	const n = 8
	start := time.Now()
	go func() {
		for range n {
			_, _ = c.Write(msg)
		}
	}()
	got := make([]byte, n*len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	pipelined := time.Since(start)
	if pipelined >= n*rtt/2 {
		t.Fatalf("%d pipelined requests took %v, single round trip %v: delays did not overlap", n, pipelined, rtt)
	}
	t.Logf("unshaped %v, shaped %v, first %v, %d pipelined %v", base, rtt, first, n, pipelined)
}

// The rate is one budget per direction for all connections together: four
// connections moving 1 MiB in total need at least 1 MiB / Rate.
func TestRateIsSharedByAllConnections(t *testing.T) {
	t.Parallel()
	const rate = 4 << 20
	const perConn = 256 << 10
	addr, stop := echoServer(t, Config{Rate: rate})
	defer stop()
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := dial(t, addr)
			defer c.Close()
			msg := make([]byte, perConn)
			_, _ = rand.Read(msg)
			go func() { _, _ = c.Write(msg) }()
			got := make([]byte, perConn)
			if _, err := io.ReadFull(c, got); err != nil {
				t.Error(err)
				return
			}
			if !bytes.Equal(got, msg) {
				t.Error("data changed on the way")
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	// Each direction carries 1 MiB through a 4 MiB/s link: >= 250 ms. Per
	// connection buckets would allow 62 ms.
	floor := time.Duration(float64(4*perConn) / rate * float64(time.Second))
	if elapsed < floor*95/100 {
		t.Fatalf("4 x %d bytes at %d B/s took %v, want >= %v", perConn, rate, elapsed, floor)
	}
	t.Logf("4 x %d KiB echoed at %d MiB/s in %v (floor %v)", perConn>>10, rate>>20, elapsed, floor)
}

// Bytes arrive unchanged and in order, whatever the read sizes, with delay
// and rate on and a stream larger than the window.
func TestDataIntegrity(t *testing.T) {
	t.Parallel()
	for _, cfg := range []Config{{Delay: 2 * time.Millisecond}, {Delay: time.Millisecond, Rate: 200 << 20}} {
		addr, stop := echoServer(t, cfg)
		c := dial(t, addr)
		data := make([]byte, 5<<20+12345)
		_, _ = rand.Read(data)
		go func() {
			rest := data
			for len(rest) > 0 {
				n := min(len(rest), 1+mrand.IntN(100<<10))
				if _, err := c.Write(rest[:n]); err != nil {
					return
				}
				rest = rest[n:]
			}
		}()
		got := make([]byte, 0, len(data))
		buf := make([]byte, 70<<10)
		for len(got) < len(data) {
			n, err := c.Read(buf[:1+mrand.IntN(len(buf)-1)])
			got = append(got, buf[:n]...)
			if err != nil {
				t.Fatalf("%+v: read after %d bytes: %v", cfg, len(got), err)
			}
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("%+v: %d bytes came back different", cfg, len(data))
		}
		c.Close()
		stop()
	}
}

// acceptOne returns the server side of one shaped connection.
func acceptOne(t *testing.T, cfg Config) (server, client net.Conn) {
	t.Helper()
	raw, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	l := Wrap(raw, cfg)
	client = dial(t, raw.Addr().String())
	server, err = l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	return server, client
}

// http.Server aborts a blocked Read by moving the read deadline into the
// past, and later reads on: both must work.
func TestDeadlines(t *testing.T) {
	// Not parallel: it counts goroutines.
	base := runtime.NumGoroutine()
	server, client := acceptOne(t, Config{Delay: 20 * time.Millisecond})
	done := make(chan error, 1)
	go func() {
		_, err := server.Read(make([]byte, 10))
		done <- err
	}()
	time.Sleep(30 * time.Millisecond)
	_ = server.SetReadDeadline(time.Unix(1, 0))
	err := <-done
	var ne net.Error
	if !errors.Is(err, os.ErrDeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read after a past deadline: %v, want a timeout", err)
	}
	_ = server.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	if _, err := server.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past a future deadline: %v", err)
	}
	// Nothing is lost by a deadline: bytes sent meanwhile are still there.
	_, _ = client.Write([]byte("hello"))
	_ = server.SetDeadline(time.Time{})
	got := make([]byte, 5)
	if _, err := io.ReadFull(server, got); err != nil || string(got) != "hello" {
		t.Fatalf("read after clearing the deadline: %q %v", got, err)
	}
	_ = server.SetWriteDeadline(time.Unix(1, 0))
	if _, err := server.Write([]byte("x")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("write past the deadline: %v", err)
	}
	server.Close()
	client.Close()
	if _, err := server.Read(got); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("read after Close: %v", err)
	}
	waitGoroutines(t, base)
}

// Bytes written just before Close still arrive, Delay later, then EOF; and
// no goroutine outlives the connection.
func TestCloseDeliversThenEnds(t *testing.T) {
	// Not parallel: it counts goroutines.
	const delay = 30 * time.Millisecond
	base := runtime.NumGoroutine()
	server, client := acceptOne(t, Config{Delay: delay, Rate: 10 << 20})
	defer client.Close()
	msg := bytes.Repeat([]byte("bye!"), 100<<10/4)
	start := time.Now()
	if _, err := server.Write(msg); err != nil {
		t.Fatal(err)
	}
	if err := server.Close(); err != nil {
		t.Fatal(err)
	}
	if err := server.Close(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("second Close: %v", err)
	}
	got, err := io.ReadAll(client)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("after Close the client got %d of %d bytes, %v", len(got), len(msg), err)
	}
	if e := time.Since(start); e < delay {
		t.Fatalf("data and EOF arrived after %v, before the %v delay", e, delay)
	}
	waitGoroutines(t, base)
}

// A client that goes away makes the server's reads end with EOF after the
// delay, and the server's writes fail instead of piling up.
func TestPeerCloseEndsTheStream(t *testing.T) {
	// Not parallel: it counts goroutines.
	base := runtime.NumGoroutine()
	server, client := acceptOne(t, Config{Delay: 10 * time.Millisecond})
	_, _ = client.Write([]byte("last words"))
	client.Close()
	got, err := io.ReadAll(server)
	if err != nil || string(got) != "last words" {
		t.Fatalf("server read %q, %v", got, err)
	}
	var werr error
	for range 200 {
		if _, werr = server.Write(make([]byte, 64<<10)); werr != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if werr == nil {
		t.Fatal("writes to a closed peer never failed")
	}
	server.Close()
	waitGoroutines(t, base)
}

// CloseWrite ends the server's stream after its bytes, Delay later, while
// the client can still send.
func TestCloseWrite(t *testing.T) {
	// Not parallel: it counts goroutines.
	const delay = 20 * time.Millisecond
	base := runtime.NumGoroutine()
	server, client := acceptOne(t, Config{Delay: delay})
	start := time.Now()
	_, _ = server.Write([]byte("response"))
	if err := server.(interface{ CloseWrite() error }).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if _, err := server.Write([]byte("more")); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("write after CloseWrite: %v", err)
	}
	got, err := io.ReadAll(client)
	if err != nil || string(got) != "response" || time.Since(start) < delay {
		t.Fatalf("client read %q, %v after %v", got, err, time.Since(start))
	}
	_, _ = client.Write([]byte("still here"))
	buf := make([]byte, 10)
	if _, err := io.ReadFull(server, buf); err != nil || string(buf) != "still here" {
		t.Fatalf("server read %q after CloseWrite: %v", buf, err)
	}
	client.Close()
	server.Close()
	waitGoroutines(t, base)
}
