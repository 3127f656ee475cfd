package upload

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// The byte budget charges what a failure cost: a PUT the service refused
// with a transient status is paced by backoff and not charged (a short
// outage must not end a small upload: the clock ends it), while a PUT lost
// to the network is charged, so a link that drops every PUT ends once the
// budget is spent, never past it, and says it was the uploads that failed.
func TestBudgetCharges(t *testing.T) {
	t.Parallel()
	size := int64(4 * ChunkUnit)
	for _, tt := range []struct {
		name   string
		fault  fault
		reason StuckReason // 0: an *Error (the window ended an outage)
	}{
		{"503 forever is not charged", fault{kind: "status", op: "PUT", status: 503, count: -1}, 0},
		{"drops are charged", fault{kind: "drop", op: "PUT", count: -1}, TooManyBytes},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tgt := newMemTarget(size)
			f := tt.fault
			tgt.arm(f)
			e, err := New(Bytes("a.pdf", make([]byte, size)), tgt, testOptions(newClock()))
			if err != nil {
				t.Fatal(err)
			}
			err = e.Run(context.Background())
			var stuck *StuckError
			var ue *Error
			switch {
			case tt.reason == 0 && !errors.As(err, &ue):
				t.Fatalf("Run = %v, want an *Error once the window is spent", err)
			case tt.reason != 0 && (!errors.As(err, &stuck) || stuck.Reason != tt.reason):
				t.Fatalf("Run = %v, want a *StuckError (reason %d)", err, tt.reason)
			case tt.reason != 0 && !strings.Contains(err.Error(), "uploads kept failing") || tt.reason != 0 && !stuck.Network():
				t.Fatalf("Run = %v: want it to blame the failing uploads and point at the network", err)
			}
			_, _, sent := tgt.stats()
			if tt.reason != 0 && sent > 3*size {
				t.Fatalf("%d bytes reached the server for a %d-byte file, more than 3 x", sent, size)
			}
		})
	}
}
