package directory

import (
	"fmt"
	"strings"
	"time"

	// Embeds the IANA time-zone database (about 450 kB) so that
	// Europe/Warsaw loads on a machine or container image without
	// /usr/share/zoneinfo; without it mustWarsaw panics at start-up there.
	_ "time/tzdata"

	"github.com/mopr-leszno/portal/internal/fault"
)

// Warsaw is the time zone office hours are kept in. Office hours are local
// wall-clock times: a fixed UTC offset cannot express summer time.
var Warsaw = mustWarsaw()

func mustWarsaw() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		// time/tzdata is embedded by the binaries, so this only fails on a
		// broken build.
		panic("directory: Europe/Warsaw unknown: " + err.Error())
	}
	return loc
}

// Weekday numbers follow ISO 8601: 1 is Monday, 7 is Sunday.
type Weekday int

// ISOWeekday converts Go's Sunday-first weekday.
func ISOWeekday(d time.Weekday) Weekday {
	if d == time.Sunday {
		return 7
	}
	return Weekday(d)
}

// ClockTime is a local wall-clock time of day in minutes after midnight
// (0..1440; 1440 closes at midnight).
type ClockTime int

// Interval is one opening period in a day; Opens is before Closes.
type Interval struct {
	Opens  ClockTime `json:"opens"`
	Closes ClockTime `json:"closes"`
}

// Day is the schedule of one weekday: several intervals and a note
// ("po wcześniejszym umówieniu").
type Day struct {
	Intervals []Interval `json:"intervals,omitempty"`
	Note      string     `json:"note,omitempty"`
}

// WeeklyHours is the office-hours schedule, indexed by ISO weekday (index 0
// is unused).
type WeeklyHours [8]Day

// The bounds of a ClockTime: midnight at the start and at the end of a day.
const (
	dayStart ClockTime = 0
	dayEnd   ClockTime = 24 * 60
)

// ParseClock reads a time of day as people type it into minutes after
// midnight. People are predictable, so it is forgiving where there is one
// reading only:
//   - "9:00", "09:00", "9.00" and "9,00" (the dot is usual in Polish print):
//     hours of one or two digits, a separator, minutes of exactly two;
//   - "9" or "09": a whole hour;
//   - "930" or "0930": three or four digits are hours and two minutes.
//
// "24:00" is accepted because a schedule needs a way to say "until
// midnight" (an interval closing at 00:00 would end before it starts).
// Surrounding spaces are ignored. What has no single reading ("9.3",
// "9:5", "12345", "8 am", other digits than ASCII) is an error whose text
// is the message ID ErrClock, so a form can show it as it is.
func ParseClock(s string) (ClockTime, error) {
	s = strings.TrimSpace(s)
	var h, m string
	if i := strings.IndexAny(s, ":.,"); i >= 0 {
		h, m = s[:i], s[i+1:]
		if len(h) < 1 || len(h) > 2 || len(m) != 2 {
			return 0, fault.MessageError(ErrClock)
		}
	} else {
		switch len(s) {
		case 1, 2:
			h, m = s, "00"
		case 3, 4:
			h, m = s[:len(s)-2], s[len(s)-2:]
		default:
			return 0, fault.MessageError(ErrClock)
		}
	}
	if !allDigits(h) || !allDigits(m) {
		return 0, fault.MessageError(ErrClock)
	}
	hours := atoi2(h)
	minutes := atoi2(m)
	if hours > 24 || minutes > 59 || (hours == 24 && minutes != 0) {
		return 0, fault.MessageError(ErrClock)
	}
	return ClockTime(hours*60 + minutes), nil
}

// atoi2 converts one or two ASCII digits already checked by allDigits.
func atoi2(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// String formats c as the 24-hour "HH:MM" used in Poland ("08:00",
// "24:00"), which ParseClock reads back. A value outside a day cannot come
// from ParseClock or a valid record; it is shown as "ClockTime(n)" so that
// the bug is visible rather than rendered as a plausible hour.
func (c ClockTime) String() string {
	if c < dayStart || c > dayEnd {
		return fmt.Sprintf("ClockTime(%d)", int(c))
	}
	// Written by hand: every office hour of every organisation goes
	// through here when a publication's downloads are built.
	h, m := int(c)/60, int(c)%60
	return string([]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10)})
}

// OpenAt reports whether the schedule is open at the instant t. Office hours
// are wall-clock times in Leszno, so t is converted to Warsaw time and the
// wall clock's hour and minute are compared, not the time elapsed since
// midnight: on the days clocks change (last Sunday of March and of October)
// the two differ by an hour, and "open 10:00-11:00" means what the clock on
// the office wall shows. An interval includes its opening minute and
// excludes its closing one, so "08:00-16:00" is closed at 16:00. Seconds are
// ignored: at 15:59:59 the office is still open.
func (h WeeklyHours) OpenAt(t time.Time) bool {
	return h.StatusAt(t).Open
}

// IsEmpty reports whether the schedule says nothing at all: no interval and
// no note on any day. A page uses it to leave out the hours section instead
// of showing seven "closed" days, which would wrongly tell people the
// organisation never receives anyone. A schedule with notes only ("po
// wcześniejszym umówieniu") is not empty.
func (h WeeklyHours) IsEmpty() bool {
	for _, d := range h[1:] { // index 0 is no weekday
		if len(d.Intervals) > 0 || d.Note != "" {
			return false
		}
	}
	return true
}

// Validate checks one day of a schedule and returns the first broken rule as
// a fault.MessageError (its text is the message ID), or nil. The rules keep
// OpenAt and the office_hours table simple and unambiguous:
//   - every interval lies within the day, 00:00..24:00 (ErrHoursRange);
//   - each interval opens before it closes, and the intervals are listed in
//     the order they open (ErrHoursOrder), as the page shows them;
//   - intervals do not overlap (ErrHoursOverlap); one may start at the
//     minute the previous one closes, since closing minutes are excluded;
//   - the note is single-line text (ErrInvalidText) of at most 300
//     characters (ErrTooLong).
//
// An interval crossing midnight (a night shelter, 20:00-08:00) is written
// as two intervals, on this day until 24:00 and on the next from 00:00.
func (d Day) Validate() error {
	for i, iv := range d.Intervals {
		if iv.Opens < dayStart || iv.Opens > dayEnd || iv.Closes < dayStart || iv.Closes > dayEnd {
			return fault.MessageError(ErrHoursRange)
		}
		if iv.Opens >= iv.Closes {
			return fault.MessageError(ErrHoursOrder)
		}
		if i == 0 {
			continue
		}
		prev := d.Intervals[i-1]
		if iv.Opens < prev.Opens {
			return fault.MessageError(ErrHoursOrder)
		}
		if iv.Opens < prev.Closes {
			return fault.MessageError(ErrHoursOverlap)
		}
	}
	if id := CheckText(d.Note, false, maxLine, false); id != "" {
		return fault.MessageError(id)
	}
	return nil
}
