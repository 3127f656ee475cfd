// Package units writes sizes, rates and durations for people, once for the
// whole program: the window, the command line and the workflow's own
// sentences ("Trying again in 12 s") all read the same way.
//
// Sizes use decimal units, as file managers and the service's 1 GB limit
// do. Parsing sizes typed on the command line (which take binary units
// too) is the workflow's (workflow.ParseByteSize).
package units

import (
	"fmt"
	"math"
	"time"
)

// Unknown is what a rate or a duration that is not known yet reads as.
const Unknown = "–"

// Bytes writes a byte count with three significant digits at most:
// "0 bytes", "1 byte", "999 bytes", "1.54 kB", "40.0 MB", "123 MB", "1.00 GB".
func Bytes(n int64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	}
	names := []string{"kB", "MB", "GB", "TB"}
	v := float64(n) / 1000
	u := 0
	for v >= 999.5 && u < len(names)-1 {
		v /= 1000
		u++
	}
	switch {
	case v < 9.995:
		return fmt.Sprintf("%.2f %s", v, names[u])
	case v < 99.95:
		return fmt.Sprintf("%.1f %s", v, names[u])
	}
	return fmt.Sprintf("%.0f %s", v, names[u])
}

// Rate writes a transfer rate: "4.20 MB/s"; zero or nonsense is Unknown.
func Rate(bytesPerSecond float64) string {
	if bytesPerSecond <= 0 || math.IsNaN(bytesPerSecond) || math.IsInf(bytesPerSecond, 0) {
		return Unknown
	}
	return Bytes(int64(bytesPerSecond)) + "/s"
}

// Duration writes a time left or a wait: "12 s", "3 min 05 s",
// "1 h 02 min"; zero or negative is Unknown. A part of a second counts as
// a whole one, so a short wait never reads "0 s".
func Duration(d time.Duration) string {
	if d <= 0 {
		return Unknown
	}
	secs := int64(math.Ceil(d.Seconds()))
	h, m, s := secs/3600, secs/60%60, secs%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %02d min", h, m)
	case m > 0:
		return fmt.Sprintf("%d min %02d s", m, s)
	}
	return fmt.Sprintf("%d s", s)
}

// Age is how long ago something happened, in words: "just now", "3 min
// ago", "2 h ago", "4 days ago".
func Age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}

// Pages writes a page count: "1 page", "12 pages".
func Pages(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}
