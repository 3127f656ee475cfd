package link

import (
	"net"
	"os"
	"sync"
	"time"
)

// conn is an accepted connection seen through the link. Two goroutines move
// the bytes: pump reads the client's bytes from the socket as they come and
// time-stamps them into in; flush writes the server's bytes from out to the
// socket when they are due. Read and Write only touch the queues.
type conn struct {
	raw        net.Conn
	delay      time.Duration
	up, down   *serializer
	handshaken time.Time // the client's first bytes can't leave before the TCP handshake's round trip

	mu      sync.Mutex
	wake    chan struct{} // closed and replaced on every change of state
	in, out queue
	readDL  time.Time
	writeDL time.Time
	closed  bool
	closeAt time.Time // when the FIN reaches the client
	wclosed bool      // CloseWrite was called: no more Writes
	finSent bool      // the socket's write side has been shut down
	sendErr error     // the socket refused a write; later Writes fail with it
}

func newConn(raw net.Conn, cfg Config, up, down *serializer) *conn {
	c := &conn{
		raw: raw, delay: cfg.Delay, up: up, down: down,
		handshaken: time.Now().Add(2 * cfg.Delay),
		wake:       make(chan struct{}),
	}
	go c.pump()
	go c.flush()
	return c
}

// broadcast wakes every waiter. Callers hold c.mu.
func (c *conn) broadcast() {
	close(c.wake)
	c.wake = make(chan struct{})
}

// waitLocked sleeps until something changes, or until until or deadline
// (zero = none), whichever is first. Callers hold c.mu; it is released while
// sleeping, so callers re-check their condition afterwards.
func (c *conn) waitLocked(until, deadline time.Time) {
	t := until
	if !deadline.IsZero() && (t.IsZero() || deadline.Before(t)) {
		t = deadline
	}
	ch := c.wake
	var timeout <-chan time.Time
	if !t.IsZero() {
		d := time.Until(t)
		if d <= 0 {
			return
		}
		timer := time.NewTimer(d)
		defer timer.Stop()
		timeout = timer.C
	}
	c.mu.Unlock()
	select {
	case <-ch:
	case <-timeout:
	}
	c.mu.Lock()
}

func expired(deadline time.Time) bool {
	return !deadline.IsZero() && !time.Now().Before(deadline)
}

// pump moves the client's bytes from the socket into the link.
func (c *conn) pump() {
	for {
		buf := buffers.Get().(*[]byte)
		n, err := c.raw.Read(*buf)
		now := time.Now()
		c.mu.Lock()
		if n > 0 && !c.closed {
			start := now
			if start.Before(c.handshaken) {
				start = c.handshaken
			}
			c.in.push(&chunk{buf: buf, n: n, at: c.up.finish(n, start).Add(c.delay)})
			c.broadcast()
		} else {
			buffers.Put(buf)
		}
		if err != nil {
			if !c.closed {
				at := now.Add(c.delay)
				if last := c.in.last(); at.Before(last) {
					at = last
				}
				c.in.push(&chunk{at: at, err: err})
				c.broadcast()
			}
			c.mu.Unlock()
			return
		}
		for c.in.bytes >= Window && !c.closed {
			c.waitLocked(time.Time{}, time.Time{})
		}
		c.mu.Unlock()
	}
}

// Read returns the client's bytes that have crossed the link.
func (c *conn) Read(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if c.closed {
			return 0, net.ErrClosed
		}
		if expired(c.readDL) {
			return 0, os.ErrDeadlineExceeded
		}
		head := c.in.front()
		if head == nil {
			c.waitLocked(time.Time{}, c.readDL)
			continue
		}
		now := time.Now()
		if now.Before(head.at) {
			c.waitLocked(head.at, c.readDL)
			continue
		}
		if head.err != nil {
			return 0, head.err // stays queued: every later Read sees it too
		}
		if len(b) == 0 {
			return 0, nil
		}
		total := 0
		for head != nil && head.err == nil && !now.Before(head.at) && total < len(b) {
			n := copy(b[total:], (*head.buf)[head.off:head.n])
			head.off += n
			c.in.bytes -= n
			total += n
			if head.off == head.n {
				c.in.pop()
			}
			head = c.in.front()
		}
		c.broadcast() // room in the window for pump
		return total, nil
	}
}

// Write puts the server's bytes on the link; they reach the client Delay
// later. It blocks only while a Window of bytes is already in flight.
func (c *conn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	total := 0
	for total < len(b) {
		switch {
		case c.closed, c.wclosed:
			return total, net.ErrClosed
		case c.sendErr != nil:
			return total, c.sendErr
		case expired(c.writeDL):
			return total, os.ErrDeadlineExceeded
		case c.out.bytes >= Window:
			c.waitLocked(time.Time{}, c.writeDL)
			continue
		}
		buf := buffers.Get().(*[]byte)
		n := copy(*buf, b[total:])
		c.out.push(&chunk{buf: buf, n: n, at: c.down.finish(n, time.Now()).Add(c.delay)})
		total += n
		c.broadcast()
	}
	return total, nil
}

// flush delivers the server's bytes to the socket when they are due, and
// closes the socket once everything written before Close has arrived.
func (c *conn) flush() {
	c.mu.Lock()
	for {
		head := c.out.front()
		if head == nil {
			if c.wclosed && !c.finSent && !c.closed {
				if time.Now().Before(c.closeAt) {
					c.waitLocked(c.closeAt, time.Time{})
					continue
				}
				c.finSent = true
				if cw, ok := c.raw.(interface{ CloseWrite() error }); ok {
					_ = cw.CloseWrite()
				}
			}
			if !c.closed {
				c.waitLocked(time.Time{}, time.Time{})
				continue
			}
			if time.Now().Before(c.closeAt) {
				c.waitLocked(c.closeAt, time.Time{})
				continue
			}
			break
		}
		if time.Now().Before(head.at) {
			c.waitLocked(head.at, time.Time{})
			continue
		}
		data := (*head.buf)[head.off:head.n]
		c.mu.Unlock()
		_, err := c.raw.Write(data)
		c.mu.Lock()
		c.out.bytes -= len(data)
		c.out.pop()
		if err != nil && c.sendErr == nil {
			c.sendErr = err
			c.out.drop()
		}
		c.broadcast()
	}
	c.mu.Unlock()
	c.raw.Close() // ends pump too: its Read fails
}

// Close stops reading at once; bytes already written still reach the client,
// followed by the end of the stream, as on a real link.
func (c *conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return net.ErrClosed
	}
	c.closed = true
	c.closeAt = time.Now().Add(c.delay)
	if last := c.out.last(); c.closeAt.Before(last) {
		c.closeAt = last
	}
	c.in.drop()
	// A client that stops reading must not keep flush (and the socket) alive.
	_ = c.raw.SetWriteDeadline(c.closeAt.Add(5 * time.Second))
	c.broadcast()
	return nil
}

// CloseWrite ends the server's side of the stream after the bytes already
// written, while reads go on. net/http uses it (as on a *net.TCPConn) before
// closing a connection whose request it did not read to the end, so the
// client gets the response rather than a reset.
func (c *conn) CloseWrite() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.wclosed {
		return net.ErrClosed
	}
	c.wclosed = true
	c.closeAt = time.Now().Add(c.delay)
	if last := c.out.last(); c.closeAt.Before(last) {
		c.closeAt = last
	}
	c.broadcast()
	return nil
}

func (c *conn) LocalAddr() net.Addr  { return c.raw.LocalAddr() }
func (c *conn) RemoteAddr() net.Addr { return c.raw.RemoteAddr() }

func (c *conn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readDL, c.writeDL = t, t
	c.broadcast()
	return nil
}

func (c *conn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.readDL = t
	c.broadcast()
	return nil
}

func (c *conn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeDL = t
	c.broadcast()
	return nil
}
