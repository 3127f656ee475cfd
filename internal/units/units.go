// Package units writes sizes, rates and durations for people, once for the
// whole program: the window, the command line and the workflow's own
// sentences ("Trying again in 12 s") all read the same way.
//
// Words come in the user's language through internal/say (English until
// a translator is installed), and decimals take the language's separator
// ("40,0 MB" in German). Sizes use decimal units, as file managers and the
// service's 1 GB limit do. Parsing sizes typed on the command line (which take binary units
// too) is the workflow's (workflow.ParseByteSize).
package units

import (
	"fmt"
	"math"
	"strings"
	"time"

	"printdrop/internal/say"
)

// Unknown is what a rate or a duration that is not known yet reads as.
const Unknown = "–"

// Bytes writes a byte count with three significant digits at most:
// "0 bytes", "1 byte", "999 bytes", "1.54 kB", "40.0 MB", "123 MB", "1.00 GB".
func Bytes(n int64) string {
	switch {
	case n == 1 && english():
		return "1 byte"
	case n < 1000:
		return say.N("units.bytes", int(n), "{{.Count}} bytes")
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
		return decimal(fmt.Sprintf("%.2f %s", v, names[u]))
	case v < 99.95:
		return decimal(fmt.Sprintf("%.1f %s", v, names[u]))
	}
	return fmt.Sprintf("%.0f %s", v, names[u])
}

// commaLanguages write a decimal comma.
var commaLanguages = map[string]bool{"de": true, "fr": true, "es": true, "it": true, "pt": true}

// Decimal is a number written with a decimal point ("14.0 MB") with the
// user's language's separator instead ("14,0 MB").
func Decimal(s string) string { return decimal(s) }

// decimal gives a number written with a point the separator of the
// user's language.
func decimal(s string) string {
	lang, _, _ := strings.Cut(say.Language(), "-")
	if commaLanguages[lang] {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// english reports that words come in English, whose singulars the code
// writes itself: without a translator (tests, or before one is installed)
// say.N has only the English plural.
func english() bool { return say.Language() == "en" }

// Rate writes a transfer rate: "4.20 MB/s"; zero or nonsense is Unknown.
func Rate(bytesPerSecond float64) string {
	if bytesPerSecond <= 0 || math.IsNaN(bytesPerSecond) || math.IsInf(bytesPerSecond, 0) {
		return Unknown
	}
	return Bytes(int64(bytesPerSecond)) + "/s"
}

// Duration writes a time left or a wait in the short units of the user's
// language: "12 s", "3 min 05 s", "1 h 02 min" in English, "12 Sek.",
// "3 Min. 5 Sek.", "1 Std. 2 Min." in German, "1時間2分" in Japanese;
// zero or negative is Unknown. A part of a second counts as a whole one,
// so a short wait never reads "0 s".
//
// English keeps the look it has always had, a clock's two digits and a
// zero part written ("3 min 00 s"), which scripts reading the command
// line and the tests know; the other languages write CLDR's short forms,
// which do neither ("3 Min.", "1 h 5 min").
func Duration(d time.Duration) string {
	if d <= 0 {
		return Unknown
	}
	secs := int64(math.Ceil(d.Seconds()))
	h, m, s := secs/3600, secs/60%60, secs%60
	clock := english()
	switch {
	case h > 0 && (m > 0 || clock):
		return say.N("units.hoursMinutes", int(h), "{{.Count}} h {{.Minutes}} min", say.Args{"Minutes": number(m, clock)})
	case h > 0:
		return say.N("units.hours", int(h), "{{.Count}} h")
	case m > 0 && (s > 0 || clock):
		return say.N("units.minutesSeconds", int(m), "{{.Count}} min {{.Seconds}} s", say.Args{"Seconds": number(s, clock)})
	case m > 0:
		return say.N("units.minutes", int(m), "{{.Count}} min")
	}
	return say.N("units.seconds", int(s), "{{.Count}} s")
}

// number is the smaller part of a duration: with padded, two digits
// ("05"), as English writes it after a larger part.
func number(n int64, padded bool) string {
	if padded {
		return fmt.Sprintf("%02d", n)
	}
	return fmt.Sprint(n)
}

// Age is how long ago something happened, in words: "just now", "3 min
// ago", "2 h ago", "4 days ago".
func Age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return say.T("just now")
	case d < time.Hour:
		return say.N("units.minutesAgo", int(d/time.Minute), "{{.Count}} min ago")
	case d < 48*time.Hour:
		return say.N("units.hoursAgo", int(d/time.Hour), "{{.Count}} h ago")
	}
	return say.N("units.daysAgo", int(d/(24*time.Hour)), "{{.Count}} days ago")
}

// Pages writes a page count: "1 page", "12 pages".
func Pages(n int) string {
	if n == 1 && english() {
		return "1 page"
	}
	return say.N("units.pages", n, "{{.Count}} pages")
}
