package workflow

import (
	"testing"
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
