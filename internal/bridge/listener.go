package bridge

import (
	"context"
	"log/slog"
	"net"
	"slices"
)

// ownerListener accepts only connections from loopback whose peer runs as
// an allowed uid; others are closed at once, before a byte is read.
type ownerListener struct {
	net.Listener
	allowed []int
	log     *slog.Logger
	// refused hears each refused connection.
	refused func()
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
		_ = c.Close()
	}
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
