// Package link shapes the connections of a net.Listener like a WAN link, in
// user space (the test machines have no netem): every byte takes Delay to
// reach the other side, in each direction, and all connections share one
// Rate per direction.
//
// It models a link, not a sleep per request: bytes are time-stamped when
// they enter the link and released Delay later, so a request/response round
// trip costs 2*Delay while pipelined requests and parallel connections
// overlap their delays exactly as on a real network. Each connection keeps
// at most a window of bytes in flight per direction (like a TCP window), so
// one connection's throughput is at most window/Delay and parallel
// connections add up, as they do over a real long-haul link.
package link

import (
	"net"
	"sync"
	"time"
)

// Config describes the link. The zero Config is no shaping at all.
type Config struct {
	Delay time.Duration // one-way propagation delay, applied in each direction
	Rate  int64         // bytes per second per direction, shared by ALL connections; 0 = unlimited
}

// Window is the most bytes one connection keeps in flight in one direction.
// A sender beyond it blocks, as TCP does when the receiver's window is full.
const Window = 2 << 20

// chunkSize caps one time-stamped piece of a stream.
const chunkSize = 32 << 10

// Wrap returns a listener whose accepted connections go through the link.
// With a zero Config it returns l itself.
func Wrap(l net.Listener, c Config) net.Listener {
	if c.Delay <= 0 && c.Rate <= 0 {
		return l
	}
	if c.Delay < 0 {
		c.Delay = 0
	}
	return &listener{Listener: l, cfg: c, up: newSerializer(c.Rate), down: newSerializer(c.Rate)}
}

type listener struct {
	net.Listener
	cfg Config
	// up carries client-to-server bytes, down server-to-client ones; each is
	// shared by all connections so that parallel streams split the rate.
	up, down *serializer
}

func (l *listener) Accept() (net.Conn, error) {
	raw, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return newConn(raw, l.cfg, l.up, l.down), nil
}

// serializer puts bytes on the wire one after another at a fixed rate: the
// link is busy until tat, and a piece entering at start leaves it once the
// pieces before it and its own bytes have been sent. nil means unlimited.
type serializer struct {
	mu        sync.Mutex
	nsPerByte float64
	tat       time.Time
}

func newSerializer(rate int64) *serializer {
	if rate <= 0 {
		return nil
	}
	return &serializer{nsPerByte: float64(time.Second) / float64(rate)}
}

// finish reserves the link for n bytes that are ready at start and returns
// when their last byte has been sent.
func (s *serializer) finish(n int, start time.Time) time.Time {
	if s == nil {
		return start
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tat
	if t.Before(start) {
		t = start
	}
	t = t.Add(time.Duration(float64(n) * s.nsPerByte))
	s.tat = t
	return t
}

// buffers recycles chunk buffers: a 1 GiB upload would otherwise allocate
// 32 768 of them.
var buffers = sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}
