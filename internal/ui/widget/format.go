package widget

import "fmt"

// HumanBytes writes a byte count the way people read file sizes: decimal
// units (as file managers and the 1 GB Universal Print limit use), three
// significant digits at most, "1 byte" and "0 bytes" spelled out.
func HumanBytes(n int64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	}
	units := []string{"kB", "MB", "GB", "TB"}
	v := float64(n) / 1000
	u := 0
	for v >= 999.5 && u < len(units)-1 {
		v /= 1000
		u++
	}
	switch {
	case v < 9.995:
		return fmt.Sprintf("%.2f %s", v, units[u])
	case v < 99.95:
		return fmt.Sprintf("%.1f %s", v, units[u])
	}
	return fmt.Sprintf("%.0f %s", v, units[u])
}
