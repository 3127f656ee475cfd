package upload

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"printdrop/internal/ranges"
)

func TestRenewOnExpiry(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"PUT", "GET"} {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			size := int64(6 * ChunkUnit)
			data := randomBytes(size, 9)
			old := newMemTarget(size)
			old.arm(fault{kind: "expire", op: op, count: 1})
			fresh := newMemTarget(size)
			o := testOptions(newClock())
			var reasons []error
			o.Renew = func(ctx context.Context, why error) (Target, error) {
				reasons = append(reasons, why)
				return fresh, nil
			}
			var renewing bool
			o.OnEvent = func(p Progress) { renewing = renewing || p.Phase == Renewing }
			e := mustRun(t, Bytes("a.pdf", data), old, o)
			if len(reasons) != 1 || statusOf(reasons[0]) != 404 || !renewing {
				t.Fatalf("renew reasons %v, event %v", reasons, renewing)
			}
			if !bytes.Equal(fresh.data, data) || e.Target() != Target(fresh) {
				t.Fatal("the new session does not hold the document")
			}
		})
	}
}

func TestExpiredWithoutRenewFails(t *testing.T) {
	t.Parallel()
	tgt := newMemTarget(10)
	tgt.arm(fault{kind: "expire", op: "GET", count: 1})
	e, _ := New(Bytes("a.pdf", make([]byte, 10)), tgt, testOptions(newClock()))
	var ue *Error
	if err := e.Run(context.Background()); !errors.As(err, &ue) || ue.Op != "renew" || ue.Status != 404 {
		t.Fatalf("got %v", err)
	}
}

// Renewals that die at once are bounded.
func TestRenewLoopBounded(t *testing.T) {
	t.Parallel()
	o := testOptions(newClock())
	n := 0
	o.Renew = func(context.Context, error) (Target, error) {
		n++
		t := newMemTarget(10)
		t.gone = true
		return t, nil
	}
	dead := newMemTarget(10)
	dead.gone = true
	e, _ := New(Bytes("a.pdf", make([]byte, 10)), dead, o)
	err := e.Run(context.Background())
	var stuck *StuckError
	if !errors.As(err, &stuck) || stuck.Reason != TooManyRenewals || n != maxRenewals {
		t.Fatalf("err %v after %d renewals, want a *StuckError (too many renewals) after %d", err, n, maxRenewals)
	}
}

// expiring reports a session whose expiry has already passed.
type expiring struct {
	*memTarget
	at time.Time
}

func (x expiring) Status(ctx context.Context) (ranges.Set, time.Time, error) {
	m, _, err := x.memTarget.Status(ctx)
	return m, x.at, err
}

// A session past its expirationDateTime is renewed before any PUT is wasted on it.
func TestRenewWhenExpiryPassed(t *testing.T) {
	t.Parallel()
	clock := newClock()
	old := newMemTarget(10)
	fresh := newMemTarget(10)
	o := testOptions(clock)
	var why error
	o.Renew = func(_ context.Context, reason error) (Target, error) { why = reason; return fresh, nil }
	mustRun(t, Bytes("a.pdf", make([]byte, 10)), expiring{old, clock.now().Add(-time.Second)}, o)
	if !errors.Is(why, errExpired) || !fresh.completed {
		t.Fatalf("renew reason %v, fresh completed %v", why, fresh.completed)
	}
	if puts, _, _ := old.stats(); puts != 0 {
		t.Fatalf("%d PUTs went to the expired session", puts)
	}
}
