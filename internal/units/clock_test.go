package units

import (
	"testing"
	"time"
)

// TestDayAndClockInEnglish: without a translator a day and a time read as
// the service limit's next step always wrote them.
func TestDayAndClockInEnglish(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC), "Mon 2 Jan 15:04"},
		{time.Date(2026, 12, 27, 9, 5, 0, 0, time.UTC), "Sun 27 Dec 09:05"},
		{time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC), "Sat 30 May 00:00"},
	} {
		if got, old := DayAndClock(c.at), c.at.Format("Mon 2 Jan 15:04"); got != c.want || got != old {
			t.Errorf("DayAndClock(%v) = %q, want %q (Go writes %q)", c.at, got, c.want, old)
		}
	}
	if got := Clock(time.Date(2026, 1, 2, 7, 8, 0, 0, time.UTC)); got != "07:08" {
		t.Errorf("Clock = %q", got)
	}
}
