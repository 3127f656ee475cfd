package ui

import (
	"testing"
	"time"

	"printdrop/internal/units"
)

// TestDurationsInEveryLanguage: a wait or a time left is written in each
// language's short units and order, and English as it always was.
func TestDurationsInEveryLanguage(t *testing.T) {
	waits := []time.Duration{12 * time.Second, 3 * time.Minute, 185 * time.Second, time.Hour, 65 * time.Minute, 26 * time.Hour}
	for tag, want := range map[string][]string{
		"en":      {"12 s", "3 min 00 s", "3 min 05 s", "1 h 00 min", "1 h 05 min", "26 h 00 min"},
		"de":      {"12 Sek.", "3 Min.", "3 Min. 5 Sek.", "1 Std.", "1 Std. 5 Min.", "26 Std."},
		"fr":      {"12 s", "3 min", "3 min 5 s", "1 h", "1 h 5 min", "26 h"},
		"es":      {"12 s", "3 min", "3 min 5 s", "1 h", "1 h 5 min", "26 h"},
		"it":      {"12 s", "3 min", "3 min 5 s", "1 h", "1 h 5 min", "26 h"},
		"pt-BR":   {"12 s", "3 min", "3 min 5 s", "1 h", "1 h 5 min", "26 h"},
		"ja":      {"12秒", "3分", "3分5秒", "1時間", "1時間5分", "26時間"},
		"zh-Hans": {"12秒", "3分钟", "3分钟5秒", "1小时", "1小时5分钟", "26小时"},
	} {
		inLanguage(t, tag, want, func(i int) string { return units.Duration(waits[i]) })
	}
	if got := units.Duration(0); got != units.Unknown {
		t.Errorf("Duration(0) = %q", got)
	}
}

// TestDayAndClockInEveryLanguage: a day and a time (a service limit's
// next step) is written in each language's order, with its short names
// of the day and the month; English as Go's "Mon 2 Jan 15:04" always was.
func TestDayAndClockInEveryLanguage(t *testing.T) {
	days := []time.Time{time.Date(2006, 1, 2, 15, 4, 0, 0, time.UTC), time.Date(2026, 5, 30, 9, 5, 0, 0, time.UTC)}
	for tag, want := range map[string][]string{
		"en":      {"Mon 2 Jan 15:04", "Sat 30 May 09:05"},
		"de":      {"Mo., 2. Jan., 15:04", "Sa., 30. Mai, 09:05"},
		"fr":      {"lun. 2 janv. 15:04", "sam. 30 mai 09:05"},
		"es":      {"lun, 2 ene, 15:04", "sáb, 30 may, 09:05"},
		"it":      {"lun 2 gen, 15:04", "sab 30 mag, 09:05"},
		"pt-BR":   {"seg., 2 de jan. 15:04", "sáb., 30 de mai. 09:05"},
		"ja":      {"1月2日(月) 15:04", "5月30日(土) 09:05"},
		"zh-Hans": {"1月2日周一 15:04", "5月30日周六 09:05"},
	} {
		inLanguage(t, tag, want, func(i int) string { return units.DayAndClock(days[i]) })
	}
}

// inLanguage checks, in a subtest speaking tag, that write(i) is want[i]
// for each i and that Fyne logs no translation failure.
func inLanguage(t *testing.T, tag string, want []string, write func(i int) string) {
	t.Run(tag, func(t *testing.T) {
		useLanguage(t, tag)
		for i := range want {
			var got string
			if logged := fyneErrors(func() { got = write(i) }); logged != "" {
				t.Errorf("%d: %s", i, logged)
			}
			if got != want[i] {
				t.Errorf("%d: %q, want %q", i, got, want[i])
			}
		}
	})
}

// TestEveryDayAndMonthIsTranslated: each language gives the seven days
// and the twelve months names of their own (a slip such as two days
// called "mar." would go unseen in one date).
func TestEveryDayAndMonthIsTranslated(t *testing.T) {
	for tag := range languages {
		c := readCatalogue(t, tag)
		for _, names := range [][]string{
			{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
			{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		} {
			seen := map[string]string{}
			for _, n := range names {
				v := c[n].text
				if was, dup := seen[v]; dup || v == "" {
					t.Errorf("%s.json: %q is %q, as %q is", tag, n, v, was)
				}
				seen[v] = n
			}
		}
	}
}
