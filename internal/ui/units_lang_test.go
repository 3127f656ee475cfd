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
		t.Run(tag, func(t *testing.T) {
			useLanguage(t, tag)
			for i, d := range waits {
				var got string
				if logged := fyneErrors(func() { got = units.Duration(d) }); logged != "" {
					t.Errorf("%v: %s", d, logged)
				}
				if got != want[i] {
					t.Errorf("Duration(%v) = %q, want %q", d, got, want[i])
				}
			}
			if got := units.Duration(0); got != units.Unknown {
				t.Errorf("Duration(0) = %q", got)
			}
		})
	}
}
