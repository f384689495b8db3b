package directory

import (
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/fault"
)

func TestWarsawIsEuropeWarsaw(t *testing.T) {
	if Warsaw.String() != "Europe/Warsaw" {
		t.Fatalf("Warsaw = %q", Warsaw)
	}
	// Summer and winter offsets, so that a fixed zone cannot pass.
	for _, tt := range []struct {
		at     string
		offset int
	}{
		{"2026-01-15T12:00:00Z", 3600},
		{"2026-07-15T12:00:00Z", 7200},
	} {
		_, off := mustTime(t, tt.at).In(Warsaw).Zone()
		if off != tt.offset {
			t.Errorf("offset in Warsaw at %s = %d, want %d", tt.at, off, tt.offset)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want ClockTime
	}{
		{"8:00", 480},
		{"08:00", 480},
		{"0:00", 0},
		{"00:00", 0},
		{"9:30", 570},
		{"12:05", 725},
		{"23:59", 1439},
		{"24:00", 1440},
		{" 16:00 ", 960},
		// The spellings people type: a whole hour, a dot or a comma, digits
		// alone.
		{"9", 540},
		{"09", 540},
		{"0", 0},
		{"24", 1440},
		{"9.00", 540},
		{"9.30", 570},
		{"16,15", 975},
		{"930", 570},
		{"0930", 570},
		{"1600", 960},
		{"000", 0},
		{"2400", 1440},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseClockRefuses(t *testing.T) {
	for _, in := range []string{
		"", ":00", "8:", "8:0", "8.3", "8:000", "008:00", "12345", "25", "99", "960", "2401", "0860",
		"24:01", "24:30", "25:00", "99:00", "8:60", "8:99", "8.60",
		"-1:00", "+8:00", "8:-1", "8h", "8:00am", "08:00:00", "8.00.00", "8:.00", "8 30", "8 00",
		"٠٨:٠٠", "０８:００", "8 :00", "\x00", "-1", "+9",
	} {
		got, err := ParseClock(in)
		if err == nil {
			t.Errorf("ParseClock(%q) = %d, want an error", in, got)
			continue
		}
		// The error's text is the message ID the form shows.
		if err.Error() != ErrClock || err != fault.MessageError(ErrClock) {
			t.Errorf("ParseClock(%q) error = %q, want %q", in, err, ErrClock)
		}
	}
}

func TestClockTimeString(t *testing.T) {
	tests := []struct {
		in   ClockTime
		want string
	}{
		{0, "00:00"},
		{5, "00:05"},
		{480, "08:00"},
		{570, "09:30"},
		{1439, "23:59"},
		{1440, "24:00"},
		{-1, "ClockTime(-1)"},
		{1441, "ClockTime(1441)"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("ClockTime(%d).String() = %q, want %q", int(tt.in), got, tt.want)
		}
	}
}

// schedule builds weekly hours from "weekday opens-closes" entries, e.g.
// "7 10:00-11:00", parsing the times with ParseClock.
func schedule(t *testing.T, entries ...string) WeeklyHours {
	t.Helper()
	var h WeeklyHours
	for _, e := range entries {
		day, span, _ := strings.Cut(e, " ")
		opens, closes, _ := strings.Cut(span, "-")
		o, err := ParseClock(opens)
		if err != nil {
			t.Fatalf("schedule %q: %v", e, err)
		}
		c, err := ParseClock(closes)
		if err != nil {
			t.Fatalf("schedule %q: %v", e, err)
		}
		wd := int(day[0] - '0')
		h[wd].Intervals = append(h[wd].Intervals, Interval{Opens: o, Closes: c})
	}
	return h
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// In 2026 Poland moves to summer time (CEST, UTC+2) on Sunday 29 March at
// 02:00 CET, when clocks jump to 03:00, and back to winter time (CET,
// UTC+1) on Sunday 25 October at 03:00 CEST, when clocks return to 02:00.
// The instants are given in UTC; the comment is the wall clock in Leszno.
// Several cases are chosen so that a fixed offset (always +1 or always +2)
// gives the wrong answer.
func TestOpenAtAcrossDaylightSaving(t *testing.T) {
	sunday10 := schedule(t, "7 10:00-11:00")
	monday8 := schedule(t, "1 08:00-09:00")
	saturday8 := schedule(t, "6 08:00-09:00")
	sundayNight := schedule(t, "7 01:00-04:00")
	sundayMissingHour := schedule(t, "7 02:00-03:00")

	tests := []struct {
		name  string
		hours WeeklyHours
		at    string
		want  bool
	}{
		// Saturday before the spring change: CET, UTC+1.
		{"sat 08:30 CET", saturday8, "2026-03-28T07:30:00Z", true},
		{"sat 07:30 CET", saturday8, "2026-03-28T06:30:00Z", false},
		{"sat 09:00 CET, closing minute", saturday8, "2026-03-28T08:00:00Z", false},

		// Sunday 29 March, after 02:00 CET became 03:00 CEST: UTC+2.
		{"sun 10:30 CEST", sunday10, "2026-03-29T08:30:00Z", true},
		{"sun 10:00 CEST, opening minute", sunday10, "2026-03-29T08:00:00Z", true}, // 09:00 at +1
		{"sun 09:59 CEST", sunday10, "2026-03-29T07:59:00Z", false},
		{"sun 11:00 CEST, closing minute", sunday10, "2026-03-29T09:00:00Z", false}, // 10:00 at +1
		{"sun 11:30 CEST", sunday10, "2026-03-29T09:30:00Z", false},
		// Around the jump itself, for hours spanning it.
		{"sun 01:59 CET, before the jump", sundayNight, "2026-03-29T00:59:00Z", true},
		{"sun 03:00 CEST, just after the jump", sundayNight, "2026-03-29T01:00:00Z", true},
		{"sun 04:00 CEST", sundayNight, "2026-03-29T02:00:00Z", false}, // 03:00 at +1
		// 02:00-03:00 does not exist that Sunday: never open.
		{"sun 01:59 CET, missing hour ahead", sundayMissingHour, "2026-03-29T00:59:00Z", false},
		{"sun 03:00 CEST, missing hour behind", sundayMissingHour, "2026-03-29T01:00:00Z", false},

		// Monday 30 March: CEST, UTC+2.
		{"mon 08:30 CEST", monday8, "2026-03-30T06:30:00Z", true},
		{"mon 09:30 CEST", monday8, "2026-03-30T07:30:00Z", false}, // 08:30 at +1
		{"mon 08:00 CEST, opening minute", monday8, "2026-03-30T06:00:00Z", true},
		{"mon 07:59 CEST", monday8, "2026-03-30T05:59:00Z", false},
		{"mon 09:00 CEST, closing minute", monday8, "2026-03-30T07:00:00Z", false},

		// Sunday 25 October: 02:00-03:00 happens twice, first in CEST
		// (00:00-01:00 UTC), then in CET (01:00-02:00 UTC).
		{"sun 01:59 CEST", sundayMissingHour, "2026-10-24T23:59:00Z", false},
		{"sun 02:00 CEST, first time", sundayMissingHour, "2026-10-25T00:00:00Z", true},
		{"sun 02:30 CEST, first time", sundayMissingHour, "2026-10-25T00:30:00Z", true},
		{"sun 02:30 CET, second time", sundayMissingHour, "2026-10-25T01:30:00Z", true}, // 03:30 at +2
		{"sun 03:00 CET", sundayMissingHour, "2026-10-25T02:00:00Z", false},
		// Later that Sunday: CET, UTC+1.
		{"sun 10:30 CET", sunday10, "2026-10-25T09:30:00Z", true},  // 11:30 at +2
		{"sun 09:30 CET", sunday10, "2026-10-25T08:30:00Z", false}, // 10:30 at +2
		{"sun 11:00 CET, closing minute", sunday10, "2026-10-25T10:00:00Z", false},

		// Monday 26 October: CET, UTC+1.
		{"mon 08:30 CET", monday8, "2026-10-26T07:30:00Z", true},
		{"mon 08:00 CET, opening minute", monday8, "2026-10-26T07:00:00Z", true}, // 09:00 at +2
		{"mon 07:30 CET", monday8, "2026-10-26T06:30:00Z", false},                // 08:30 at +2
		{"mon 09:00 CET, closing minute", monday8, "2026-10-26T08:00:00Z", false},
		{"mon 08:30 CET, other day's hours", sunday10, "2026-10-26T07:30:00Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.hours.OpenAt(mustTime(t, tt.at)); got != tt.want {
				t.Errorf("OpenAt(%s) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

func TestOpenAt(t *testing.T) {
	office := schedule(t,
		"1 08:00-16:00",
		"2 08:00-12:00", "2 13:00-18:00",
		"5 08:00-14:00",
	)
	shelter := schedule(t, "6 20:00-24:00", "7 00:00-08:00")
	tests := []struct {
		name  string
		hours WeeklyHours
		at    time.Time
		want  bool
	}{
		{"monday noon", office, time.Date(2026, 6, 1, 12, 0, 0, 0, Warsaw), true},
		{"monday 15:59:59", office, time.Date(2026, 6, 1, 15, 59, 59, 0, Warsaw), true},
		{"monday 16:00", office, time.Date(2026, 6, 1, 16, 0, 0, 0, Warsaw), false},
		{"tuesday lunch break", office, time.Date(2026, 6, 2, 12, 30, 0, 0, Warsaw), false},
		{"tuesday afternoon", office, time.Date(2026, 6, 2, 13, 0, 0, 0, Warsaw), true},
		{"wednesday, no hours", office, time.Date(2026, 6, 3, 10, 0, 0, 0, Warsaw), false},
		{"friday", office, time.Date(2026, 6, 5, 9, 0, 0, 0, Warsaw), true},
		{"empty schedule", WeeklyHours{}, time.Date(2026, 6, 1, 12, 0, 0, 0, Warsaw), false},
		{"saturday 23:59, until midnight", shelter, time.Date(2026, 6, 6, 23, 59, 0, 0, Warsaw), true},
		{"sunday 00:00 is Sunday's hours", shelter, time.Date(2026, 6, 7, 0, 0, 0, 0, Warsaw), true},
		{"sunday 08:00", shelter, time.Date(2026, 6, 7, 8, 0, 0, 0, Warsaw), false},
		{"saturday 19:59", shelter, time.Date(2026, 6, 6, 19, 59, 0, 0, Warsaw), false},
		// The instant is what counts, whatever zone it is expressed in:
		// 01:30 in New York (EDT) is 07:30 in Leszno (CEST).
		{"another zone", office, time.Date(2026, 6, 1, 1, 30, 0, 0, time.FixedZone("EDT", -4*3600)), false},
		{"another zone, open", office, time.Date(2026, 6, 1, 2, 30, 0, 0, time.FixedZone("EDT", -4*3600)), true},
		// 23:30 UTC on Monday is already Tuesday 01:30 in Leszno.
		{"UTC day differs", schedule(t, "2 01:00-02:00"), time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.hours.OpenAt(tt.at); got != tt.want {
				t.Errorf("OpenAt(%s) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

// Index 0 is no weekday: Sunday is 7, and hours left at 0 never open.
func TestOpenAtSundayIsSeven(t *testing.T) {
	var h WeeklyHours
	h[0].Intervals = []Interval{{0, 1440}}
	sunday := time.Date(2026, 6, 7, 12, 0, 0, 0, Warsaw)
	if h.OpenAt(sunday) {
		t.Error("hours at index 0 open on Sunday")
	}
	h[7].Intervals = []Interval{{0, 1440}}
	if !h.OpenAt(sunday) {
		t.Error("hours at index 7 do not open on Sunday")
	}
}

func TestIsEmpty(t *testing.T) {
	var empty WeeklyHours
	if !empty.IsEmpty() {
		t.Error("zero WeeklyHours is not empty")
	}
	withHours := schedule(t, "3 08:00-16:00")
	if withHours.IsEmpty() {
		t.Error("hours on Wednesday count as empty")
	}
	var noteOnly WeeklyHours
	noteOnly[5].Note = "po wcześniejszym umówieniu"
	if noteOnly.IsEmpty() {
		t.Error("a note alone counts as empty")
	}
	var unused WeeklyHours
	unused[0].Intervals = []Interval{{480, 960}}
	if !unused.IsEmpty() {
		t.Error("hours at the unused index 0 make the schedule non-empty")
	}
}

func TestDayValidate(t *testing.T) {
	iv := func(o, c ClockTime) Interval { return Interval{Opens: o, Closes: c} }
	tests := []struct {
		name string
		day  Day
		want string // message ID; "" for valid
	}{
		{"no hours", Day{}, ""},
		{"one interval", Day{Intervals: []Interval{iv(480, 960)}}, ""},
		{"whole day", Day{Intervals: []Interval{iv(0, 1440)}}, ""},
		{"lunch break", Day{Intervals: []Interval{iv(480, 720), iv(780, 960)}}, ""},
		{"touching intervals", Day{Intervals: []Interval{iv(480, 720), iv(720, 960)}}, ""},
		{"note only", Day{Note: "po wcześniejszym umówieniu"}, ""},
		{"note of 300 Polish letters", Day{Note: strings.Repeat("ż", 300)}, ""},

		{"opens before midnight", Day{Intervals: []Interval{iv(-1, 60)}}, ErrHoursRange},
		{"closes after midnight", Day{Intervals: []Interval{iv(1200, 1441)}}, ErrHoursRange},
		{"second interval out of day", Day{Intervals: []Interval{iv(480, 720), iv(780, 2000)}}, ErrHoursRange},
		{"closes when it opens", Day{Intervals: []Interval{iv(480, 480)}}, ErrHoursOrder},
		{"closes before it opens", Day{Intervals: []Interval{iv(960, 480)}}, ErrHoursOrder},
		{"across midnight in one", Day{Intervals: []Interval{iv(1200, 480)}}, ErrHoursOrder},
		{"listed out of order", Day{Intervals: []Interval{iv(780, 960), iv(480, 720)}}, ErrHoursOrder},
		{"overlap", Day{Intervals: []Interval{iv(480, 720), iv(700, 960)}}, ErrHoursOverlap},
		{"same opening", Day{Intervals: []Interval{iv(480, 720), iv(480, 600)}}, ErrHoursOverlap},
		{"contained", Day{Intervals: []Interval{iv(480, 960), iv(600, 660)}}, ErrHoursOverlap},
		{"note with NUL", Day{Note: "po\x00umówieniu"}, ErrInvalidText},
		{"note with newline", Day{Note: "po\numówieniu"}, ErrInvalidText},
		{"note not UTF-8", Day{Note: "\xffpo"}, ErrInvalidText},
		{"note too long", Day{Note: strings.Repeat("ż", 301)}, ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.day.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParseClock checks that ParseClock never panics, that what it accepts
// lies within a day and reads back from its String form, that the other
// spellings of an accepted time (a dot, a comma, digits alone) read as the
// same time, and that every refusal carries the ErrClock message ID.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"8:00", "08:00", "24:00", "23:59", "24:01", "8.00", " 9:30", "", "\xff:00", "9", "930", "9,3", "2400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			if err.Error() != ErrClock {
				t.Fatalf("ParseClock(%q) error %q, want %q", s, err, ErrClock)
			}
			return
		}
		if c < 0 || c > 1440 {
			t.Fatalf("ParseClock(%q) = %d, outside the day", s, int(c))
		}
		back, err := ParseClock(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseClock(%q) = %d, but its String %q reads back as %d, %v", s, int(c), c.String(), int(back), err)
		}
		canon := c.String()
		for _, alt := range []string{strings.Replace(canon, ":", ".", 1), strings.Replace(canon, ":", ",", 1), strings.Replace(canon, ":", "", 1)} {
			if got, err := ParseClock(alt); err != nil || got != c {
				t.Fatalf("ParseClock(%q) = %d, but %q reads as %d, %v", s, int(c), alt, int(got), err)
			}
		}
	})
}
