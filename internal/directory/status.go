package directory

import "time"

// Status is what the office hours say about one moment: open until when,
// or closed and opening next when.
type Status struct {
	Known     bool // the organisation gave office hours
	Open      bool
	Until     ClockTime // when Open: the end of the current interval
	NextDay   Weekday   // when closed: the day of the next opening…
	NextOpens ClockTime // …and its time; NextDay is 0 when none is known
	InDays    int       // days from today to NextDay: 0 today, 1 tomorrow, up to 7
	Today     Weekday   // the moment's weekday in Warsaw
}

// StatusAt describes the office hours at t, in Warsaw's local time.
func (h WeeklyHours) StatusAt(t time.Time) Status {
	local := t.In(Warsaw)
	today := ISOWeekday(local.Weekday())
	now := ClockTime(local.Hour()*60 + local.Minute())
	st := Status{Today: today}
	for d := 1; d <= 7; d++ {
		if len(h[d].Intervals) > 0 {
			st.Known = true
		}
	}
	if !st.Known {
		return st
	}
	for _, iv := range h[today].Intervals {
		if iv.Opens <= now && now < iv.Closes {
			st.Open, st.Until = true, iv.Closes
			return st
		}
	}
	// The next opening: later today, then on the following days, up to the
	// same weekday next week.
	for offset := 0; offset <= 7; offset++ {
		d := Weekday((int(today)-1+offset)%7 + 1)
		for _, iv := range h[d].Intervals {
			if offset == 0 && iv.Opens <= now {
				continue
			}
			st.NextDay, st.NextOpens, st.InDays = d, iv.Opens, offset
			return st
		}
	}
	return st
}
