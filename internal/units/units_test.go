package units

import (
	"math"
	"testing"
	"time"
)

func TestBytes(t *testing.T) {
	const mb = 1_000_000
	for n, want := range map[int64]string{
		0: "0 bytes", 1: "1 byte", 999: "999 bytes", 1000: "1.00 kB", 1536: "1.54 kB",
		40 * mb: "40.0 MB", 999_999_999: "1.00 GB", 1_000_000_000: "1.00 GB", 123_456_789: "123 MB",
		9_999_000: "10.0 MB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestRate(t *testing.T) {
	for r, want := range map[float64]string{4_200_000: "4.20 MB/s", 0: Unknown, -1: Unknown, math.NaN(): Unknown, math.Inf(1): Unknown} {
		if got := Rate(r); got != want {
			t.Errorf("Rate(%v) = %q, want %q", r, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: Unknown, -time.Second: Unknown, 300 * time.Millisecond: "1 s", 4 * time.Second: "4 s",
		12 * time.Second: "12 s", 185 * time.Second: "3 min 05 s", 62 * time.Minute: "1 h 02 min",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "just now", 3 * time.Minute: "3 min ago", 2 * time.Hour: "2 h ago",
		47 * time.Hour: "47 h ago", 4 * 24 * time.Hour: "4 days ago",
	} {
		if got := Age(d); got != want {
			t.Errorf("Age(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestPages(t *testing.T) {
	for n, want := range map[int]string{0: "0 pages", 1: "1 page", 2: "2 pages", 1000: "1000 pages"} {
		if got := Pages(n); got != want {
			t.Errorf("Pages(%d) = %q, want %q", n, got, want)
		}
	}
}
