package workflow

import (
	"testing"
	"time"
)

func TestParseByteSize(t *testing.T) {
	t.Parallel()
	ok := map[string]int64{
		"4096000": 4096000, "0": 0, "4000KiB": 4096000, "4000 kib": 4096000, "200KiB": 204800,
		"4MB": 4000000, "2MiB": 2 << 20, "1.5MiB": 1572864, "500kB": 500000, "1GiB": 1 << 30, "12b": 12,
	}
	for in, want := range ok {
		if got, err := ParseByteSize(in); err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "4 parsecs", "-1", "1.5", "0.1B", "1.0000001KiB", "99999999999999999999", "1e3KB", "9999999999999GiB"} {
		if got, err := ParseByteSize(in); err == nil {
			t.Errorf("ParseByteSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestFormatters(t *testing.T) {
	t.Parallel()
	bytes := map[int64]string{0: "0 B", 1023: "1023 B", 204800: "200 KiB", 4096000: "3.9 MiB", 256 << 20: "256 MiB", 1 << 30: "1.0 GiB"}
	for n, want := range bytes {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	if got := FormatRate(4096000); got != "3.9 MiB/s" {
		t.Errorf("FormatRate = %q", got)
	}
	if got := FormatRate(0); got != "–" {
		t.Errorf("FormatRate(0) = %q", got)
	}
	etas := map[time.Duration]string{0: "–", 12 * time.Second: "12 s", 185 * time.Second: "3 min 05 s", 62 * time.Minute: "1 h 02 min"}
	for d, want := range etas {
		if got := FormatETA(d); got != want {
			t.Errorf("FormatETA(%v) = %q, want %q", d, got, want)
		}
	}
}
