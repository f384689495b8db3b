package hsds

import (
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Office hours keep their wall-clock time across the change of clocks:
// a publication made in March gives Monday 9–15 as 09:00+01:00 until the
// last Saturday of March and 09:00+02:00 from the last Sunday, each with
// its dates.
func TestSchedulesFollowSummerTime(t *testing.T) {
	var h directory.WeeklyHours
	h[1].Intervals = []directory.Interval{{Opens: 9 * 60, Closes: 15 * 60}}
	h[2].Intervals = []directory.Interval{{Opens: 9 * 60, Closes: 15 * 60}}
	h[6].Intervals = []directory.Interval{{Opens: 10 * 60, Closes: 12 * 60}}
	published := time.Date(2026, 3, 20, 12, 0, 0, 0, directory.Warsaw)
	got := schedules("org", "loc", h, "", offsetPeriods(published))
	type row struct{ from, to, byday, opens, closes string }
	want := []row{
		{"2025-10-26", "2026-03-28", "MO,TU", "09:00+01:00", "15:00+01:00"},
		{"2025-10-26", "2026-03-28", "SA", "10:00+01:00", "12:00+01:00"},
		{"2026-03-29", "2026-10-24", "MO,TU", "09:00+02:00", "15:00+02:00"},
		{"2026-03-29", "2026-10-24", "SA", "10:00+02:00", "12:00+02:00"},
		{"2026-10-25", "2027-03-21", "MO,TU", "09:00+01:00", "15:00+01:00"},
		{"2026-10-25", "2027-03-21", "SA", "10:00+01:00", "12:00+01:00"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d schedules, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if (row{g.ValidFrom, g.ValidTo, g.Byday, g.OpensAt, g.ClosesAt}) != w || g.Freq != "WEEKLY" {
			t.Errorf("schedule %d: %+v, want %+v", i, g, w)
		}
	}
	if got[2].Timezone != 2 || got[0].Timezone != 1 {
		t.Errorf("timezone %v, %v", got[0].Timezone, got[2].Timezone)
	}
	// The same publication gives the same ids.
	if again := schedules("org", "loc", h, "", offsetPeriods(published)); again[3].ID != got[3].ID {
		t.Error("schedule ids change between calls")
	}
	if schedules("org", "loc", directory.WeeklyHours{}, "", offsetPeriods(published)) != nil {
		t.Error("no hours should give no schedules")
	}
}
