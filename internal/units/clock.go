package units

import (
	"time"

	"printdrop/internal/say"
)

// Clock writes a time of day on the 24-hour clock: "15:04", as every
// language PrintDrop speaks writes it for short.
func Clock(t time.Time) string { return t.Format("15:04") }

// DayAndClock writes a day and a time of day in the user's language, for
// a time that is not today: "Mon 2 Jan 15:04" in English, "Mo., 2. Jan.,
// 15:04" in German, "lun. 2 janv. 15:04" in French, "1月2日(月) 15:04" in
// Japanese.
//
// Go's time package writes English names only, and a CLDR library would be
// a large dependency for one line. The day's and month's short names and
// the order they go in are words of the catalogue, as every other word
// below the window is: a translator adding a language writes them with
// the rest (CLDR's abbreviated format names and its "E d MMM" pattern
// joined with the time), and no table here has to know the language.
func DayAndClock(t time.Time) string {
	return say.T("{{.Weekday}} {{.Day}} {{.Month}} {{.Time}}", say.Args{
		"Weekday": say.T(weekdayNames[t.Weekday()]), "Day": t.Day(),
		"Month": say.T(monthNames[t.Month()-1]), "Time": Clock(t)})
}

// weekdayNames are the days' short names from Sunday, as time.Weekday
// counts; their translations are in the catalogue.
var weekdayNames = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// monthNames are the months' short names from January; their
// translations are in the catalogue.
var monthNames = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
