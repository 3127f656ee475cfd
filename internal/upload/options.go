package upload

import (
	"context"
	"fmt"
	"time"
)

// Chunk sizing. The service wants each PUT under 10 MB and recommends
// multiples of 200 KiB.
const (
	ChunkUnit        = 204_800
	MaxChunkSize     = 10_000_000 // exclusive
	DefaultChunkSize = 4_096_000  // 20 x 200 KiB
	DefaultParallel  = 4          // the service accepts up to four PUTs at once
	DefaultRetryFor  = 2 * time.Minute
	// DefaultPutTimeout is generous: a 4 MB chunk at 20 KB/s still fits.
	DefaultPutTimeout = 5 * time.Minute
)

// Order is the order chunks are sent in. The server accepts any order; the
// choice matters only to tests that prove it.
type Order int

// Chunk orders.
const (
	Sequential Order = iota // lowest offset first
	Reverse                 // highest offset first
)

// Options tune an Engine. The zero value is usable: every zero field takes
// its default.
type Options struct {
	// ChunkSize is the size of each PUT: a multiple of ChunkUnit below
	// MaxChunkSize (the last chunk may be shorter). Default DefaultChunkSize.
	ChunkSize int64
	// Parallel is the number of PUTs in flight. Default DefaultParallel.
	Parallel int
	// Order of chunks. Default Sequential.
	Order Order
	// RetryFor is the no-progress window: the run ends when the session
	// acknowledges no new byte for this long, whatever the answers say
	// and even while requests hang (a *StuckError), and a transient
	// failure whose next wait would pass it is final (an *Error).
	// Default DefaultRetryFor.
	RetryFor time.Duration
	// Renew makes a new session for the same document when the current one
	// expired or vanished (404/410), or a new job if that fails. The caller
	// saves the new checkpoint in it. Nil: an expired session is final.
	Renew func(ctx context.Context, reason error) (Target, error)
	// OnEvent receives progress. It is called from the engine's coordinating
	// goroutine (never from a PUT worker), one call at a time; it should
	// return quickly, and the UI throttles what it draws.
	OnEvent func(Progress)
	// KeepJob leaves the job alone on cancel; otherwise CancelJob is called.
	KeepJob bool
	// CancelJob cancels the print job after a cancelled upload (the engine
	// knows nothing about jobs). It gets a fresh short-lived context.
	CancelJob func(ctx context.Context) error
	// PutTimeout bounds one PUT, so a connection that stalls without an
	// error becomes a doubt the engine resolves by asking the server.
	// Default DefaultPutTimeout.
	PutTimeout time.Duration
	// Sleep waits for d or until ctx ends; tests replace it to run retries
	// without waiting. Default: a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter picks a random duration in [0, d) for backoff; tests pin it.
	Jitter func(d time.Duration) time.Duration
	// CheckEvery is the minimum time between two Document.Check calls
	// while uploading (it is always called before the chunk that can
	// complete the upload and after completion). Default 1 s.
	CheckEvery time.Duration

	now func() time.Time // the clock; tests advance a fake one from Sleep
}

func (o Options) withDefaults() (Options, error) {
	if o.ChunkSize == 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.ChunkSize < 0 || o.ChunkSize%ChunkUnit != 0 || o.ChunkSize >= MaxChunkSize {
		return o, fmt.Errorf("chunk size %d is not allowed: use a multiple of %d bytes (200 KiB) below %d, for example %d",
			o.ChunkSize, ChunkUnit, MaxChunkSize, DefaultChunkSize)
	}
	if o.Parallel == 0 {
		o.Parallel = DefaultParallel
	}
	if o.Parallel < 1 || o.Parallel > 16 {
		return o, fmt.Errorf("parallel uploads %d is not allowed: use 1 to 16 (the service accepts 4)", o.Parallel)
	}
	if o.RetryFor <= 0 {
		o.RetryFor = DefaultRetryFor
	}
	if o.PutTimeout <= 0 {
		o.PutTimeout = DefaultPutTimeout
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Jitter == nil {
		o.Jitter = fullJitter
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.CheckEvery <= 0 {
		o.CheckEvery = time.Second
	}
	return o, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
