package bridge

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"time"
)

// ownerListener accepts only connections from loopback whose peer runs as
// an allowed uid. Others never reach the server: they are answered a
// plain HTTP 403 (see refuse) and closed, without their request being
// parsed.
type ownerListener struct {
	net.Listener
	allowed []int
	log     *slog.Logger
	// refused hears each refused connection.
	refused func()
	// refusing bounds the connections being answered 403 at once.
	refusing chan struct{}
}

func (l *ownerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if uid, ok := l.permit(c); ok {
			if uid >= 0 {
				return &peerConn{Conn: c, uid: uid}, nil
			}
			return c, nil
		}
		if l.refused != nil {
			l.refused()
		}
		l.refuse(c)
	}
}

// forbidden is the whole answer to a refused connection. An IPP client
// (ipptool, CUPS's backend) takes a 403 as final; a connection closed
// under it, it retries at once, forever.
var forbidden = func() string {
	const body = "These printers serve only the user who runs PrintDrop.\n"
	return fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n"+
		"Connection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}()

// Bounds of a refusal: how long it may take (what the client sends
// meanwhile is read and thrown away, so the close does not reset the
// connection before the client has read the 403), and how many run at
// once (more are closed without an answer).
const (
	refuseTime  = 2 * time.Second
	maxRefusing = 16
)

// refuse answers c with forbidden and closes it, off the accept loop.
func (l *ownerListener) refuse(c net.Conn) {
	select {
	case l.refusing <- struct{}{}:
	default:
		_ = c.Close() // a flood: no answer, no goroutine
		return
	}
	go func() {
		defer func() { <-l.refusing }()
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(refuseTime))
		// The answer waits for the request's head: an HTTP client takes an
		// answer that comes before its request as stray, not as its answer.
		// The head is read into a bounded buffer and thrown away, never
		// parsed.
		skipHead(c)
		if _, err := io.WriteString(c, forbidden); err != nil {
			return
		}
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
		_, _ = io.Copy(io.Discard, c) // until the client closes, or refuseTime
	}()
}

// permit reports whether c may be served, with its peer's uid (-1 where
// the system cannot tell).
func (l *ownerListener) permit(c net.Conn) (uid int, ok bool) {
	addr, isTCP := c.RemoteAddr().(*net.TCPAddr)
	if !isTCP || !addr.IP.IsLoopback() {
		l.log.Warn("refused a connection from outside this computer", "peer", c.RemoteAddr().String())
		return -1, false
	}
	if !peerUIDSupported {
		return -1, true
	}
	uid, err := peerUID(c)
	if err != nil {
		l.log.Warn("refused a connection whose user is unknown", "err", err)
		return -1, false
	}
	if !slices.Contains(l.allowed, uid) {
		l.log.Warn("refused a connection from another user", "uid", uid)
		return -1, false
	}
	return uid, true
}

// peerConn is an accepted connection whose peer's uid is known, so a
// handler can tell the owner from CUPS's backend (see withPeerUID).
type peerConn struct {
	net.Conn
	uid int
}

// peerUIDKey is the request context key of the peer's uid (an int),
// present only when the listener could tell it.
type peerUIDKey struct{}

// withPeerUID is the server's ConnContext: it hands the peer's uid to the
// connection's requests.
func withPeerUID(ctx context.Context, c net.Conn) context.Context {
	if pc, ok := c.(*peerConn); ok {
		return context.WithValue(ctx, peerUIDKey{}, pc.uid)
	}
	return ctx
}

// maxRefusedHead bounds what is read of a refused request's head.
const maxRefusedHead = 16 << 10

// skipHead reads from c until the end of an HTTP request head (an empty
// line), maxRefusedHead bytes, or the connection's deadline.
func skipHead(c net.Conn) {
	buf := make([]byte, maxRefusedHead)
	n := 0
	for n < len(buf) {
		m, err := c.Read(buf[n:])
		n += m
		if bytes.Contains(buf[max(0, n-m-3):n], []byte("\r\n\r\n")) || err != nil {
			return
		}
	}
}
