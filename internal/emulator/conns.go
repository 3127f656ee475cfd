package emulator

import (
	"net"
	"net/http"
	"sync"
)

// freshConns tracks the connections that have not sent a request yet.
// http.Server.Shutdown counts such a connection as busy for its first five
// seconds (a request may be on its way), so without this Close would wait
// that long for any client that opened a spare connection and never used
// it, as HTTP clients doing parallel requests often do.
type freshConns struct {
	mu sync.Mutex
	m  map[net.Conn]struct{}
}

// track is an http.Server ConnState hook.
func (f *freshConns) track(c net.Conn, st http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st == http.StateNew {
		if f.m == nil {
			f.m = map[net.Conn]struct{}{}
		}
		f.m[c] = struct{}{}
		return
	}
	delete(f.m, c)
}

// closeAll closes every connection still waiting for its first request.
func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.m {
		c.Close()
		delete(f.m, c)
	}
}
