package emulator

import (
	"io"
	"net"
	"net/http"
	"testing"
)

// A connection that never sent a request is closed by closeAll; one that
// did is left to http.Server.Shutdown, which waits for its handler.
func TestFreshConnsClosesOnlyUnusedConnections(t *testing.T) {
	var f freshConns
	unusedServer, unusedClient := net.Pipe()
	usedServer, usedClient := net.Pipe()
	defer usedClient.Close()
	defer usedServer.Close()
	f.track(unusedServer, http.StateNew)
	f.track(usedServer, http.StateNew)
	f.track(usedServer, http.StateActive)

	f.closeAll()
	if _, err := unusedClient.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("the unused connection is still open: read gave %v, want EOF", err)
	}
	go usedServer.Write([]byte("x"))
	if _, err := usedClient.Read(make([]byte, 1)); err != nil {
		t.Fatalf("the busy connection was closed: %v", err)
	}
}

// Close must not wait for a client's spare connection: it is closed at once.
func TestCloseDropsConnectionsThatNeverSentARequest(t *testing.T) {
	srv, err := Start(Config{})
	if err != nil {
		t.Fatal(err)
	}
	spare, err := net.Dial("tcp", srv.graphLn.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer spare.Close()
	// The emulator records the connection as new once it has accepted it.
	waitFor(t, func() bool {
		srv.fresh.mu.Lock()
		defer srv.fresh.mu.Unlock()
		return len(srv.fresh.m) == 1
	})
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := spare.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("spare connection after Close: read gave %v, want EOF", err)
	}
}
