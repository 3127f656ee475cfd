package bridge

import (
	"context"
	"net"
	"time"
)

// CUPS 2.4's ipp backend follows a job from two threads at once: its main
// loop and a monitor thread both poll Get-Job-Attributes. Only the monitor
// turns a job the printer ended as aborted or canceled into a failed CUPS
// job ("canceled at printer"); when the main loop reads the end first it
// asks for the printer's attributes once more, on the same connection, and
// exits as if the job had printed. So after a connection has read a failed
// job's end first, its next request waits (endWait at most) until a second
// reader, the monitor, has read it too: CUPS then never calls a failed
// print completed. Any other client is only slowed, once per failed job.

// endWait bounds that wait: the monitor polls at most 11 s apart.
const endWait = 15 * time.Second

// endSettle lets the monitor's thread act on the answer it was sent.
const endSettle = 300 * time.Millisecond

// connState is what the bridge remembers about one connection.
type connState struct {
	firstEnd *job // a failed job whose end this connection read first
}

type connStateKey struct{}

// withConnState gives each connection's requests a shared connState.
func withConnState(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(withPeerUID(ctx, c), connStateKey{}, &connState{})
}

// connOf is the request's connState, nil outside a served connection.
func connOf(ctx context.Context) *connState {
	cs, _ := ctx.Value(connStateKey{}).(*connState)
	return cs
}

// readEnd counts a Get-Job-Attributes answer that tells j's end; the
// caller holds s.mu.
func (s *Server) readEndLocked(ctx context.Context, j *job) {
	if !j.failedEnd {
		return
	}
	j.endReads++
	switch j.endReads {
	case 1:
		if cs := connOf(ctx); cs != nil {
			cs.firstEnd = j
		}
	case 2:
		close(j.endRead2)
	}
}

// awaitSecondReader holds a connection's request after it read a failed
// job's end first (see above).
func (s *Server) awaitSecondReader(ctx context.Context) {
	cs := connOf(ctx)
	if cs == nil || cs.firstEnd == nil {
		return
	}
	j := cs.firstEnd
	cs.firstEnd = nil
	t := time.NewTimer(endWait)
	defer t.Stop()
	select {
	case <-j.endRead2:
		time.Sleep(endSettle)
	case <-t.C:
	case <-ctx.Done():
	}
}
