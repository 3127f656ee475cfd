package workflow

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseByteSize reads a size as people write it: plain bytes ("4096000"),
// or a number with a binary unit ("4000KiB", "2MiB") or a decimal one
// ("4MB", "500kB"); units are case-insensitive and a space before them is
// fine. Fractions are allowed with a unit ("1.5MiB") when they give whole
// bytes.
func ParseByteSize(s string) (int64, error) {
	in := strings.TrimSpace(s)
	i := strings.IndexFunc(in, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := in, ""
	if i >= 0 {
		num, unit = in[:i], strings.ToLower(strings.TrimSpace(in[i:]))
	}
	mult := map[string]float64{
		"": 1, "b": 1,
		"k": 1000, "kb": 1000, "kib": 1 << 10,
		"m": 1e6, "mb": 1e6, "mib": 1 << 20,
		"g": 1e9, "gb": 1e9, "gib": 1 << 30,
	}[unit]
	if mult == 0 || num == "" {
		return 0, fmt.Errorf("%q is not a size: write bytes (4096000) or a number with KiB, MiB, KB or MB (4000KiB)", s)
	}
	if unit == "" || unit == "b" {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a whole number of bytes", s)
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(num, 64)
	v := f * mult
	if err != nil || f < 0 || v > math.MaxInt64/2 || v != math.Trunc(v) {
		return 0, fmt.Errorf("%q is not a whole number of bytes", s)
	}
	return int64(v), nil
}
