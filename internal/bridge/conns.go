package bridge

import (
	"net"
	"sync"
	"time"
)

// Bounds on what one client may hold: a local program that opens many
// connections, or sends a body a byte a minute, must not take every file
// descriptor or keep a handler forever.
const (
	// maxConns is how many connections are served at once; more wait in
	// the kernel's queue until one closes. CUPS opens a few per job.
	maxConns = 64
	// maxHeadTime bounds sending a request's IPP attributes.
	maxHeadTime = 30 * time.Second
	// maxBodyTime bounds a whole request body: 1 GB over loopback takes
	// seconds, and CUPS's filters produce a document within minutes.
	maxBodyTime = 20 * time.Minute
)

// capConnections wraps l so that at most Config.MaxConns connections are
// open at once: Accept waits for a slot, which a connection frees when it
// closes.
func (s *Server) capConnections(l net.Listener) net.Listener {
	return &limitListener{Listener: l, slots: make(chan struct{}, s.cfg.MaxConns), done: s.closing}
}

type limitListener struct {
	net.Listener
	slots chan struct{}
	done  <-chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
}

// slotConn frees its listener's slot on its first Close.
type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
