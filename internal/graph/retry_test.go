package graph

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"2", 2 * time.Second, true},
		{"120", 2 * time.Minute, true},
		{" 3 ", 3 * time.Second, true},
		{"2.128", 2128 * time.Millisecond, true},
		{"0.2", 200 * time.Millisecond, true},
		{"1.5", 1500 * time.Millisecond, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Tue, 24 Nov 2026 09:00:05 GMT", 5 * time.Second, true},
		{"Tuesday, 24-Nov-26 09:00:07 GMT", 7 * time.Second, true}, // RFC 850
		{"Tue Nov 24 09:00:09 2026", 9 * time.Second, true},        // ANSI C
		{"Mon, 23 Nov 2026 09:00:00 GMT", 0, true},                 // past: now
		{"999999999", maxRetryAfter, true},
		{"99999999999999999999999999999", maxRetryAfter, true},
		{"", 0, false},
		{"   ", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"1.", 0, false},
		{".5", 0, false},
		{"1.2.3", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"soon", 0, false},
		{"1_000", 0, false},
		{"2 seconds", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "2.128", "120", "Tue, 24 Nov 2026 09:00:05 GMT", "-1", "1e3", "Inf"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, now)
		if !ok && d != 0 {
			t.Fatalf("%q: not ok but %v", s, d)
		}
		if d < 0 || d > maxRetryAfter {
			t.Fatalf("%q: %v out of [0, %v]", s, d, maxRetryAfter)
		}
	})
}

func TestBackoffFullJitter(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for attempt := 1; attempt <= 40; attempt++ {
		ceil := min(time.Second, 100*time.Millisecond<<min(attempt-1, 20))
		var maxSeen time.Duration
		for range 200 {
			d := p.backoff(attempt)
			if d < 0 || d > ceil {
				t.Fatalf("attempt %d: %v outside [0, %v]", attempt, d, ceil)
			}
			maxSeen = max(maxSeen, d)
		}
		// Full jitter spreads over the whole window, not a fixed delay.
		if maxSeen < ceil/2 {
			t.Fatalf("attempt %d: 200 draws never passed %v (ceiling %v)", attempt, maxSeen, ceil)
		}
	}
}

func TestRetryClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c       retryClass
		retries []int
		network bool
	}{
		{retryNever, nil, false},
		{retryThrottle, []int{429}, false},
		{retrySafe, []int{429, 503, 504}, true},
		{retryRead, []int{429, 500, 502, 503, 504}, true},
	}
	for _, tt := range tests {
		for code := 200; code < 600; code++ {
			want := false
			for _, r := range tt.retries {
				want = want || r == code
			}
			if got := tt.c.status(code); got != want {
				t.Errorf("class %d status %d: retry=%v, want %v", tt.c, code, got, want)
			}
		}
		if tt.c.network() != tt.network {
			t.Errorf("class %d network retry = %v", tt.c, tt.c.network())
		}
	}
}
