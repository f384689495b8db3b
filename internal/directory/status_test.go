package directory

import (
	"testing"
	"time"
)

func TestStatusAt(t *testing.T) {
	var h WeeklyHours
	h[1].Intervals = []Interval{{8 * 60, 12 * 60}, {14 * 60, 18 * 60}} // Monday
	h[3].Intervals = []Interval{{10 * 60, 13 * 60}}                    // Wednesday

	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, Warsaw)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name string
		at   time.Time
		want Status
	}{
		{"open in the morning", at("2026-11-23 09:15"), Status{Known: true, Open: true, Until: 12 * 60, Today: 1}},
		{"lunch break: opens again today", at("2026-11-23 12:00"), Status{Known: true, NextDay: 1, NextOpens: 14 * 60, Today: 1}},
		{"evening: next is Wednesday", at("2026-11-23 18:00"), Status{Known: true, NextDay: 3, NextOpens: 10 * 60, InDays: 2, Today: 1}},
		{"Thursday: next is Monday", at("2026-11-26 09:00"), Status{Known: true, NextDay: 1, NextOpens: 8 * 60, InDays: 4, Today: 4}},
		{"Monday before opening", at("2026-11-23 07:59"), Status{Known: true, NextDay: 1, NextOpens: 8 * 60, Today: 1}},
		{"Wednesday after closing: next week", at("2026-11-25 14:00"), Status{Known: true, NextDay: 1, NextOpens: 8 * 60, InDays: 5, Today: 3}},
		// 06:30 UTC on the Monday after the spring change is 08:30 CEST.
		{"after the summer-time change", time.Date(2026, 3, 30, 6, 30, 0, 0, time.UTC), Status{Known: true, Open: true, Until: 12 * 60, Today: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.StatusAt(tt.at); got != tt.want {
				t.Errorf("StatusAt(%v) = %+v, want %+v", tt.at, got, tt.want)
			}
		})
	}
	if got := (WeeklyHours{}).StatusAt(at("2026-11-23 09:00")); got.Known || got.Open {
		t.Errorf("no hours: %+v, want unknown and closed", got)
	}
}
