package searchlog

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Pomoc   dla  UKRAIŃCÓW! ": "pomoc dla ukraińców",
		"tel. 600 100 200, Jan":      "tel jan",
		"pesel 90010112345":          "pesel",
		"jan.kowalski@example.org":   "jan kowalski example org",
		"24h":                        "",
		"!!! ...":                    "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Normalize(strings.Repeat("słowo ", 20)); got != strings.TrimSpace(strings.Repeat("słowo ", 8)) {
		t.Errorf("Normalize kept %q, want eight words", got)
	}
}

// Whatever a resident types, the log keeps at most eight lower-case words
// of letters within the bound, and never a digit.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"pomoc", "ZAŻÓŁĆ gęślą", "600-100-200", "\x00\xff", "a b c d e f g h i j k", strings.Repeat("ą", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := Normalize(text)
		if !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxRunes || strings.ContainsFunc(q, unicode.IsDigit) {
			t.Fatalf("Normalize(%q) = %q", text, q)
		}
		if q != "" && (len(strings.Split(q, " ")) > maxWords || strings.Join(directory.Words(q), " ") != q) {
			t.Fatalf("Normalize(%q) = %q", text, q)
		}
		if Normalize(q) != q {
			t.Fatalf("Normalize is not idempotent on %q", q)
		}
	})
}

func TestWeekOf(t *testing.T) {
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{
		time.Date(2026, 11, 23, 0, 0, 0, 0, directory.Warsaw),   // Monday, first minute
		time.Date(2026, 11, 29, 23, 59, 0, 0, directory.Warsaw), // Sunday, last minute
		time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC),         // Monday 00:30 in Warsaw
	} {
		want := monday
		if at.Equal(time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC)) {
			want = monday.AddDate(0, 0, 7)
		}
		if got := WeekOf(at); !got.Equal(want) {
			t.Errorf("WeekOf(%v) = %v, want %v", at, got, want)
		}
	}
}

func TestCounterCountsPerWeekWithinItsBound(t *testing.T) {
	c := NewCounter(2)
	mon := time.Date(2026, 11, 23, 10, 0, 0, 0, directory.Warsaw)
	c.Add(mon, "Jedzenie")
	c.Add(mon.Add(48*time.Hour), "  jedzenie ")
	c.Add(mon.AddDate(0, 0, 7), "jedzenie")
	c.Add(mon, "kolejne") // a third distinct text: past the bound
	c.Add(mon, "123")     // nothing left to count
	misses, dropped := c.Take()
	if len(misses) != 2 || dropped != 1 {
		t.Fatalf("Take = %+v, dropped %d", misses, dropped)
	}
	if m := misses[0]; m.Query != "jedzenie" || m.Count != 2 || !m.Week.Equal(WeekOf(mon)) {
		t.Errorf("first week: %+v", m)
	}
	if m := misses[1]; m.Count != 1 || !m.Week.Equal(WeekOf(mon).AddDate(0, 0, 7)) {
		t.Errorf("second week: %+v", m)
	}
	if misses, dropped := c.Take(); len(misses) != 0 || dropped != 0 {
		t.Errorf("a second Take returned %+v, %d", misses, dropped)
	}
}

func TestRunWritesOnStopAndDropsWhatFails(t *testing.T) {
	c := NewCounter(0)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, directory.Warsaw)
	c.Add(now, "jedzenie")
	var saved []Miss
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Run(ctx, time.Hour, func(_ context.Context, m []Miss) error { saved = append(saved, m...); return nil }, slog.New(slog.DiscardHandler))
	}()
	cancel()
	<-done
	if len(saved) != 1 || saved[0].Query != "jedzenie" {
		t.Errorf("saved on stop: %+v", saved)
	}

	c.Add(now, "ubrania")
	c.flush(context.Background(), func(context.Context, []Miss) error { return errors.New("database down") }, slog.New(slog.DiscardHandler))
	if misses, _ := c.Take(); len(misses) != 0 {
		t.Errorf("counts kept after a failed write: %+v", misses)
	}
}
