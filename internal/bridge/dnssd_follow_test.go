package bridge

import (
	"errors"
	"testing"
	"time"
)

// TestFollowRepublishes runs Follow's loop on made-up owner changes of
// avahi's bus name (no D-Bus): it announces again for each new owner,
// never for the daemon leaving, retries a daemon still starting, and
// reports each outcome once.
func TestFollowRepublishes(t *testing.T) {
	defer func(w time.Duration) { republishWait = w }(republishWait)
	republishWait = time.Millisecond
	p := &Publication{stop: make(chan struct{})}
	owners := make(chan string)
	var calls int
	fail := 0 // how many of the next calls fail
	republish := func() error {
		calls++
		if fail > 0 {
			fail--
			return errors.New("avahi is starting")
		}
		return nil
	}
	var reports []error
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.follow(owners, republish, func(err error) { reports = append(reports, err) })
	}()

	// Each send returns once follow took the value, so a change of fail
	// after a send of "" (done with the owner before it) is seen by the
	// next owner only.
	owners <- ""     // the daemon stopped: nothing to do
	owners <- ":1.7" // it is back
	owners <- ""     // stopped again
	fail = 2
	owners <- ":1.9" // back, answering at the third try
	owners <- ""
	fail = republishTries + 1
	owners <- ":1.12" // a daemon that never answers
	close(owners)
	<-done
	if want := 1 + 3 + republishTries; calls != want {
		t.Errorf("republish called %d times, want %d", calls, want)
	}
	if len(reports) != 3 || reports[0] != nil || reports[1] != nil || reports[2] == nil {
		t.Errorf("reports %v, want nil, nil, then the failure", reports)
	}
}

// TestFollowStopsOnClose: a retry in progress ends when the publication
// closes.
func TestFollowStopsOnClose(t *testing.T) {
	p := &Publication{stop: make(chan struct{})}
	owners := make(chan string, 1)
	owners <- ":1.3"
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.follow(owners, func() error { return errors.New("not yet") }, nil)
	}()
	time.Sleep(50 * time.Millisecond)
	close(p.stop)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("follow kept retrying after the publication closed")
	}
}
