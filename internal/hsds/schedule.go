package hsds

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Office hours are wall-clock times in Leszno, but an HSDS schedule gives
// times with a UTC offset ("09:00+01:00"), and Warsaw's offset changes
// twice a year. So each opening becomes one schedule per period of one
// offset (valid_from … valid_to), from the period the publication was made
// in to a year after it: a client reads the right time on either side of a
// change of clocks, and a publication's schedules do not change with the
// day they are read (its ETag stays).

// scheduleYear is how far ahead of the publication the schedules reach.
const scheduleYear = 366

// period is a run of days on which Warsaw keeps one UTC offset.
type period struct {
	from, to time.Time // calendar days in Warsaw, inclusive
	offset   int       // seconds east of UTC
}

// offsetPeriods returns the periods covering the days from the one holding
// start for scheduleYear days, the first from the day its offset began.
func offsetPeriods(start time.Time) []period {
	day := func(t time.Time) time.Time {
		l := t.In(directory.Warsaw)
		return time.Date(l.Year(), l.Month(), l.Day(), 12, 0, 0, 0, directory.Warsaw)
	}
	offsetOn := func(d time.Time) int { _, off := d.Zone(); return off }
	first := day(start)
	// Back to the day the first period's offset began (at most a summer).
	for range 240 {
		prev := first.AddDate(0, 0, -1)
		if offsetOn(prev) != offsetOn(first) {
			break
		}
		first = prev
	}
	end := day(start).AddDate(0, 0, scheduleYear)
	var out []period
	for d := first; !d.After(end); d = d.AddDate(0, 0, 1) {
		off := offsetOn(d)
		if n := len(out); n > 0 && out[n-1].offset == off {
			out[n-1].to = d
			continue
		}
		out = append(out, period{from: d, to: d, offset: off})
	}
	return out
}

// byday are the iCal names of the weekdays, Monday = 1.
var byday = [8]string{"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// opening is one interval of the week shared by some days.
type opening struct {
	opens, closes directory.ClockTime
	note          string
	days          []int
}

// openings groups the week's intervals: days with the same interval (and
// the same note) become one schedule ("MO,TU,WE").
func openings(h directory.WeeklyHours) []opening {
	var out []opening
	for wd := 1; wd <= 7; wd++ {
		for _, iv := range h[wd].Intervals {
			i := slices.IndexFunc(out, func(o opening) bool {
				return o.opens == iv.Opens && o.closes == iv.Closes && o.note == h[wd].Note
			})
			if i < 0 {
				out = append(out, opening{opens: iv.Opens, closes: iv.Closes, note: h[wd].Note})
				i = len(out) - 1
			}
			out[i].days = append(out[i].days, wd)
		}
	}
	return out
}

// schedules are the location's weekly openings, one per opening and
// period of one offset (periods: offsetPeriods of the publication's day).
func schedules(org, location string, h directory.WeeklyHours, note string, periods []period) []Schedule {
	ops := openings(h)
	if len(ops) == 0 {
		return nil
	}
	var out []Schedule
	for _, p := range periods {
		suffix := offsetSuffix(p.offset)
		from, to := p.from.Format(time.DateOnly), p.to.Format(time.DateOnly)
		for _, o := range ops {
			days := make([]string, len(o.days))
			for i, d := range o.days {
				days[i] = byday[d]
			}
			s := Schedule{
				LocationID: location,
				ValidFrom:  from, ValidTo: to,
				Timezone: float64(p.offset) / 3600,
				Wkst:     "MO", Freq: "WEEKLY", Byday: strings.Join(days, ","),
				OpensAt: o.opens.String() + suffix, ClosesAt: o.closes.String() + suffix,
				Description: note, Notes: o.note,
			}
			s.ID = derive(org, "schedule", from, s.Byday, s.OpensAt, s.ClosesAt, o.note)
			out = append(out, s)
		}
	}
	return out
}

// offsetSuffix writes an offset as ISO 8601 does after a time: "+01:00".
func offsetSuffix(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("%c%02d:%02d", sign, seconds/3600, seconds%3600/60)
}
