package upload

import (
	"math"
	"time"

	"printdrop/internal/ranges"
)

// Phase is what the engine is doing.
type Phase int

// Phases, in the order a run usually meets them.
const (
	Starting  Phase = iota // first status request
	Uploading              // PUTs going out
	Paused                 // Pause was called; PUTs in flight finished
	Resyncing              // asking the server what it has
	Retrying               // waiting before trying again (see Progress.RetryIn, Reason)
	Renewing               // asking the caller for a new session
	Completed              // the server said 201
	Failed                 // Run returned an error (Progress.Err)
	Cancelled              // the context was cancelled
)

var phaseNames = [...]string{"starting", "uploading", "paused", "resyncing", "retrying", "renewing", "completed", "failed", "cancelled"}

func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return "unknown"
}

// Progress is a snapshot of an upload, sent as an event and returned by
// Engine.Snapshot. Its sets are immutable and may be kept.
type Progress struct {
	Phase Phase
	Name  string
	// Acked is the number of bytes the server has confirmed; Total the size.
	Acked, Total int64
	// InFlight are the ranges being sent right now.
	InFlight ranges.Set
	// Missing is what the server last said it still needs.
	Missing ranges.Set
	// Rate is the smoothed acknowledged rate in bytes per second (0 until
	// known); Remaining the time left at that rate (0 unknown).
	Rate      float64
	Remaining time.Duration
	// RetryIn, Reason and Attempt describe a Retrying or Renewing phase.
	RetryIn time.Duration
	Reason  string
	Attempt int
	// Err is set in the Failed phase.
	Err error
}

// rateTau is the EWMA time constant: long enough to smooth the bursts of
// parallel chunk replies, short enough to follow a changing link.
const rateTau = 3 * time.Second

// meter keeps an exponentially weighted moving average of the rate at which
// bytes are acknowledged. Weighting by elapsed time (not by sample) keeps it
// honest whether replies come in bursts or one by one.
type meter struct {
	start, last time.Time
	rate        float64
	primed      bool
}

func (m *meter) reset(now time.Time) { *m = meter{start: now, last: now} }

func (m *meter) add(n int64, now time.Time) {
	dt := now.Sub(m.last).Seconds()
	if !m.primed {
		if total := now.Sub(m.start).Seconds(); total > 0 {
			m.rate, m.primed = float64(n)/total, true
		}
		m.last = now
		return
	}
	if dt <= 0 {
		dt = 1e-6
	}
	alpha := 1 - math.Exp(-dt/rateTau.Seconds())
	m.rate = alpha*(float64(n)/dt) + (1-alpha)*m.rate
	m.last = now
}

func (m *meter) eta(left int64) time.Duration {
	if m.rate <= 0 || left <= 0 {
		return 0
	}
	return time.Duration(float64(left) / m.rate * float64(time.Second))
}
