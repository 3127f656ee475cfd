package link

import (
	"strings"
	"testing"
)

func TestParseRate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"0", 0, false},
		{"0Mbit", 0, false},
		{"200Mbit", 25_000_000, false},
		{"200mbit/s", 25_000_000, false},
		{"100Mbps", 12_500_000, false},
		{"1Gbit", 125_000_000, false},
		{"8kbit", 1000, false},
		{"25MB/s", 25_000_000, false},
		{"25 MB/s", 25_000_000, false},
		{"1.5MiB/s", 1572864, false},
		{"2GiB", 2 << 30, false},
		{"512KiB/s", 512 << 10, false},
		{"64kB", 64_000, false},
		{"1000", 1000, false},
		{"1000B/s", 1000, false},
		{" 10MB ", 10_000_000, false},
		{"", 0, true},
		{"fast", 0, true},
		{"Mbit", 0, true},
		{"-5MB", 0, true},
		{"1.2.3MB", 0, true},
		{"10 parsecs", 0, true},
		{"1bit", 0, true}, // 1/8 byte per second: not a usable link
		{"1e3MB", 0, true},
		{"99999999999999999999GiB", 0, true},
	}
	for _, c := range cases {
		got, err := ParseRate(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d, error %v", c.in, got, err, c.want, c.bad)
		}
		if err != nil && !strings.Contains(err.Error(), "link rate") {
			t.Errorf("ParseRate(%q) error %q does not say what was wrong", c.in, err)
		}
	}
}

// FuzzParseRate: any input gives a non-negative rate or an error, never a
// panic, and a plain number of bytes reads back as itself.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"200Mbit", "25MB/s", "1.5MiB/s", "0", "1e9", ".", "9.9.9", "/s", "MiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err == nil && r < 0 {
			t.Fatalf("ParseRate(%q) = %d", s, r)
		}
		if err == nil && strings.TrimSpace(s) != "" && strings.Trim(strings.TrimSpace(s), "0123456789") == "" {
			if back, err2 := ParseRate(strings.TrimLeft(strings.TrimSpace(s), "0") + "B/s"); strings.TrimLeft(strings.TrimSpace(s), "0") != "" && (err2 != nil || back != r) {
				t.Fatalf("%q = %d but %q B/s = %d, %v", s, r, s, back, err2)
			}
		}
	})
}
