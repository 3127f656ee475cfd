package upload

import (
	"math"
	"testing"
	"time"
)

// The smoothed rate follows a steady rate whether acknowledgements come one
// by one or in bursts, and the time left follows from it.
func TestMeter(t *testing.T) {
	t.Parallel()
	start := time.Unix(0, 0)
	for _, burst := range []int{1, 4} {
		var m meter
		m.reset(start)
		now := start
		// 10 MB/s for 30 s: every 400 ms, 4 MB acknowledged in `burst` replies.
		for i := 0; i < 75; i++ {
			now = now.Add(400 * time.Millisecond)
			for j := 0; j < burst; j++ {
				m.add(4_000_000/int64(burst), now.Add(time.Duration(j)*time.Millisecond))
			}
		}
		if math.Abs(m.rate-10e6)/10e6 > 0.1 { // just after a burst it reads a little high
			t.Fatalf("burst %d: rate %.0f B/s, want about 10 MB/s", burst, m.rate)
		}
		if eta := m.eta(50_000_000); eta < 4500*time.Millisecond || eta > 5500*time.Millisecond {
			t.Fatalf("burst %d: %v left for 50 MB, want about 5 s", burst, eta)
		}
	}
	var idle meter
	if idle.eta(100) != 0 {
		t.Fatal("an unknown rate must give an unknown (0) time left")
	}
}

func TestPhaseNames(t *testing.T) {
	t.Parallel()
	for p := Starting; p <= Cancelled; p++ {
		if p.String() == "unknown" || p.String() == "" {
			t.Fatalf("phase %d has no name", p)
		}
	}
}
