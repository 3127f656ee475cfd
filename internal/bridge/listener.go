package bridge

import (
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
		if l.permit(c) {
			return c, nil
		}
		if l.refused != nil {
			l.refused()
		}
		_ = c.Close()
	}
}

func (l *ownerListener) permit(c net.Conn) bool {
	addr, ok := c.RemoteAddr().(*net.TCPAddr)
	if !ok || !addr.IP.IsLoopback() {
		l.log.Warn("refused a connection from outside this computer", "peer", c.RemoteAddr().String())
		return false
	}
	if !peerUIDSupported {
		return true
	}
	uid, err := peerUID(c)
	if err != nil {
		l.log.Warn("refused a connection whose user is unknown", "err", err)
		return false
	}
	if !slices.Contains(l.allowed, uid) {
		l.log.Warn("refused a connection from another user", "uid", uid)
		return false
	}
	return true
}
