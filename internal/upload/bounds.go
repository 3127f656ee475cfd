package upload

import (
	"errors"
	"fmt"
	"time"

	"printdrop/internal/ranges"
)

// Progress, and the bounds built on it.
//
// Progress is a byte the current session acknowledges for the first time:
// the growth of the union of every answer's acknowledged bytes (run.seen).
// A service that says it has everything and then asks for it all again, or
// that answers every PUT by asking for the same bytes, makes none, whatever
// its answers look like. Three bounds rest on it, so every failure ends:
//
//   - time: no progress for Options.RetryFor (the no-progress window) ends
//     the run, even while PUTs or a status read hang;
//   - bytes: the bytes put on the wire for one document may not exceed
//     twice its size plus one round of chunks in flight (at most 3 x size).
//     A PUT the service refused with a transient status (408, 429, 5xx) in
//     a session that stays alive is not charged: backoff paces those
//     retries and the window bounds them, and a short outage must not end a
//     small document's upload. If the session then vanishes, they are
//     charged. Network failures are charged: the bytes went out;
//   - renewals: more than maxRenewals new sessions in a row that get no
//     further than an earlier one ends the run.
//
// Each ends with a *StuckError that says what the service did.

// StuckReason is the bound a stuck upload ran into.
type StuckReason int

// Stuck reasons.
const (
	// NoProgress: no new byte acknowledged for the no-progress window.
	NoProgress StuckReason = iota + 1
	// TooManyBytes: the byte budget for the document is spent.
	TooManyBytes
	// TooManyRenewals: new sessions kept ending without getting further.
	TooManyRenewals
	// TooManyRanges: an answer listed more ranges than ranges.MaxListLen.
	TooManyRanges
)

// StuckError ends an upload the service keeps from finishing. Its fields
// are the evidence; Error turns the most telling of them into a sentence
// that says what the service did and what to do.
type StuckError struct {
	Name   string
	Reason StuckReason
	Size   int64         // the document's size
	Sent   int64         // bytes charged to the budget (see above)
	Acked  int64         // bytes the current session acknowledged at its best
	Window time.Duration // the no-progress window
	// Repeats counts answers that listed as missing the very bytes just sent.
	Repeats int
	// Retracted counts answers that listed as missing bytes the session had
	// already acknowledged.
	Retracted int
	// Vanished counts sessions that disappeared (404/410) after the chunk
	// that completes the document was sent.
	Vanished int
	// Renewals counts new sessions in a row that got no further than an earlier one.
	Renewals int
	// Ranges is the number of ranges in the answer, for TooManyRanges.
	Ranges int
	// Err is the last failure seen, if any (for details; may be nil).
	Err error
}

// Error says what the service did, then what to do.
func (e *StuckError) Error() string {
	return fmt.Sprintf("uploading %s: %s; %s", e.Name, e.What(), e.Next())
}

// What is the service's behaviour in words, without the document's name.
func (e *StuckError) What() string {
	var what string
	switch {
	case e.Reason == TooManyRanges:
		return fmt.Sprintf("the print service answered with %d missing byte ranges, more than the %d any real upload needs",
			e.Ranges, ranges.MaxListLen)
	case e.Vanished >= 2:
		what = fmt.Sprintf("the upload session vanished %d times after the last chunk", e.Vanished)
	case e.Repeats >= 2 && e.Repeats >= e.Retracted:
		what = fmt.Sprintf("the print service asked for the same bytes %d times", e.Repeats)
	case e.Retracted >= 1:
		what = fmt.Sprintf("the print service acknowledged bytes and then asked for them again, %s", times(e.Retracted))
	case e.Vanished == 1:
		what = "the upload session vanished after the last chunk"
	case e.Reason == TooManyRenewals:
		what = fmt.Sprintf("%d new upload sessions in a row ended without getting further", e.Renewals)
	case e.Reason == TooManyBytes && e.Err != nil:
		what = fmt.Sprintf("uploads kept failing before the print service confirmed them (last: %s)", describe(e.Err))
	case e.Reason == NoProgress && e.Err != nil:
		what = fmt.Sprintf("no new byte got through for %s (last: %s)", e.Window.Round(time.Second), describe(e.Err))
	case e.Reason == NoProgress:
		what = fmt.Sprintf("the print service acknowledged no new byte for %s", e.Window.Round(time.Second))
	default:
		what = "the print service kept asking for bytes it had been sent"
	}
	switch e.Reason {
	case TooManyBytes:
		what += fmt.Sprintf(", so PrintDrop stopped after sending %s for a %s document", sizeText(e.Sent), sizeText(e.Size))
	case NoProgress:
		if e.Sent > e.Size {
			what += fmt.Sprintf(" (%s sent for a %s document)", sizeText(e.Sent), sizeText(e.Size))
		}
	}
	return what
}

// Network reports a stall with no evidence against the service: nothing
// arrived, but nothing was refused or contradicted either, so the link is
// the likelier cause.
func (e *StuckError) Network() bool {
	return (e.Reason == NoProgress || e.Reason == TooManyBytes) && e.Repeats == 0 && e.Retracted == 0 && e.Vanished == 0
}

// Next is what to do about it.
func (e *StuckError) Next() string {
	if e.Network() {
		return "check the network connection and print it again"
	}
	return "try again later, and if it happens again, tell your administrator"
}

// Unwrap gives the last failure seen.
func (e *StuckError) Unwrap() error { return e.Err }

// Last is the last failure seen, in technical words ("the print service
// answered 503 Service Unavailable"), without any URL; "" when there was
// none.
func (e *StuckError) Last() string {
	if e.Err == nil {
		return ""
	}
	return describe(e.Err)
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// sizeText is a byte count for people: "5.0 MB", "812 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1_000_000_000:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// budget is the most bytes one document may put on the wire in a run:
// every byte twice (a renewal may start over once) plus one round of
// chunks in flight, which can never be more than the document itself; so
// never more than three times its size.
func (e *Engine) budget() int64 {
	size := e.doc.Size()
	return 2*size + min(int64(e.opt.Parallel)*e.opt.ChunkSize, size)
}

// stuck builds the error for reason from the run's evidence.
func (e *Engine) stuck(s *run, reason StuckReason, err error) *StuckError {
	return &StuckError{Name: e.doc.Name(), Reason: reason, Size: e.doc.Size(), Sent: s.sent, Acked: s.seen.Size(),
		Window: e.opt.RetryFor, Repeats: s.repeats, Retracted: s.retracted, Vanished: s.vanished,
		Renewals: s.fruitless, Err: err}
}

// unusableAnswer ends the run on an answer asking again would not fix: too
// many ranges (a *StuckError), or one the client marks Unusable, such as an
// answer far too large (returned as it is).
func (e *Engine) unusableAnswer(s *run, err error) error {
	if unusable(err) {
		return err
	}
	var tm *ranges.TooManyError
	if !errors.As(err, &tm) {
		return nil
	}
	se := e.stuck(s, TooManyRanges, err)
	se.Ranges = tm.Count
	return se
}

// windowSpent is the error when the no-progress window ends a run. After
// an ordinary outage (transient failures, nothing the service contradicted)
// it is the *Error backoff gives when its bound is spent, naming the status,
// the range and the attempts; otherwise a *StuckError.
func (e *Engine) windowSpent(s *run) error {
	if s.repeats == 0 && s.retracted == 0 && s.vanished == 0 && s.lastErr != nil && classify(s.lastErr) == classRetry {
		err := &Error{Name: e.doc.Name(), Op: "status", Status: statusOf(s.lastErr), Attempts: max(s.attempts, 1),
			Waited: e.opt.now().Sub(s.progressAt), Err: s.lastErr}
		if s.lastRange != nil {
			err.Op, err.Range = "PUT", *s.lastRange
		}
		return err
	}
	return e.stuck(s, NoProgress, s.lastErr)
}

// stalled reports the no-progress window as spent.
func (e *Engine) stalled(s *run) bool {
	return e.opt.now().Sub(s.progressAt) >= e.opt.RetryFor
}
