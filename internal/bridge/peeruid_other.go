//go:build !linux

package bridge

import (
	"errors"
	"net"
)

// peerUIDSupported reports whether peerUID can work here: only Linux
// exposes the socket table the check reads, so elsewhere any local user
// can connect (jobs named for another user are still refused).
const peerUIDSupported = false

func peerUID(net.Conn) (int, error) {
	return -1, errors.ErrUnsupported
}
