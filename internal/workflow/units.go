package workflow

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
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

// FormatBytes writes a byte count for people: "812 B", "200.0 KiB",
// "3.9 MiB", "1.00 GiB".
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, exp := float64(n), 0
	for v >= unit && exp < 4 {
		v /= unit
		exp++
	}
	suffix := []string{"", "KiB", "MiB", "GiB", "TiB"}[exp]
	if v >= 100 || exp == 1 {
		return fmt.Sprintf("%.0f %s", v, suffix)
	}
	return fmt.Sprintf("%.1f %s", v, suffix)
}

// FormatRate writes a transfer rate in bytes per second: "3.9 MiB/s".
func FormatRate(bytesPerSecond float64) string {
	if bytesPerSecond <= 0 || math.IsNaN(bytesPerSecond) || math.IsInf(bytesPerSecond, 0) {
		return "–"
	}
	return FormatBytes(int64(bytesPerSecond)) + "/s"
}

// FormatETA writes a time left: "12 s", "3 min 05 s", "1 h 02 min";
// unknown (zero or negative) is "–".
func FormatETA(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %02d min", h, m)
	case m > 0:
		return fmt.Sprintf("%d min %02d s", m, s)
	}
	return fmt.Sprintf("%d s", s)
}
