package components

import (
	"testing"
	"time"
)

func TestTimesAreShownInWarsaw(t *testing.T) {
	winter := time.Date(2026, 1, 15, 11, 30, 5, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 23, 30, 5, 0, time.UTC)
	for _, tt := range []struct{ got, want string }{
		{DateTime(winter), "2026-01-15 12:30"},
		{DateTime(summer), "2026-07-16 01:30"},
		{DateTimeSeconds(winter), "2026-01-15 12:30:05"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
