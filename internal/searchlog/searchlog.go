// Package searchlog counts the public searches that found nothing, so that
// MOPR sees what residents look for and do not find, without personal
// data: only the normalised text and the week are kept (no address, no
// session, no time of day). The public pages count in memory and never
// wait for the database; Run writes the counts in the background.
package searchlog

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Miss is a search text that found nothing, with how often it was searched
// in the week starting Week (a Monday, as a date at 00:00 UTC).
type Miss struct {
	Week  time.Time
	Query string
	Count int
}

// Bounds of what is kept of a search text: the search reads no more words
// either (directory.Terms).
const (
	maxWords = 8
	maxRunes = 100
)

// Normalize is the text of a search as the log keeps it: its words in
// lower case, with single spaces, without punctuation, and without any
// word holding a digit (a phone number, a PESEL or an address a resident
// typed is not kept; an organisation's KRS found nothing anyway). It
// returns "" when nothing is left.
func Normalize(text string) string {
	var b strings.Builder
	words, runes := 0, 0
	for _, w := range directory.Words(text) {
		if strings.ContainsFunc(w, unicode.IsDigit) {
			continue
		}
		w = strings.ToLower(w)
		if runes+1+utf8.RuneCountInString(w) > maxRunes {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
			runes++
		}
		b.WriteString(w)
		runes += utf8.RuneCountInString(w)
		if words++; words == maxWords {
			break
		}
	}
	return b.String()
}

// WeekOf is the Monday (Europe/Warsaw) of the week holding t, as a date.
func WeekOf(t time.Time) time.Time {
	l := t.In(directory.Warsaw)
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, time.UTC)
}

// Counter counts misses in memory, at most max distinct texts between two
// Takes (the ones past it are dropped and counted as dropped). It is safe
// for concurrent use.
type Counter struct {
	max     int
	mu      sync.Mutex
	counts  map[key]int
	dropped int
}

type key struct {
	week  time.Time
	query string
}

// DefaultMax is the bound of distinct texts per flush NewCounter uses for
// max <= 0: some hundred kilobytes at most.
const DefaultMax = 1000

// NewCounter returns an empty counter keeping at most max distinct texts.
func NewCounter(max int) *Counter {
	if max <= 0 {
		max = DefaultMax
	}
	return &Counter{max: max, counts: map[key]int{}}
}

// Add counts a search for text at now that found nothing. A text that
// normalises to nothing is not counted.
func (c *Counter) Add(now time.Time, text string) {
	q := Normalize(text)
	if q == "" {
		return
	}
	k := key{WeekOf(now), q}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.counts[k]; !ok && len(c.counts) >= c.max {
		c.dropped++
		return
	}
	c.counts[k]++
}

// Take returns the counts since the last Take (by week, then text) and how
// many searches were dropped past the bound, and starts afresh.
func (c *Counter) Take() (misses []Miss, dropped int) {
	c.mu.Lock()
	counts, dropped := c.counts, c.dropped
	c.counts, c.dropped = make(map[key]int, min(len(counts), c.max)), 0
	c.mu.Unlock()
	for k, n := range counts {
		misses = append(misses, Miss{Week: k.week, Query: k.query, Count: n})
	}
	slices.SortFunc(misses, func(a, b Miss) int {
		if c := a.Week.Compare(b.Week); c != 0 {
			return c
		}
		return strings.Compare(a.Query, b.Query)
	})
	return misses, dropped
}

// Save writes counts to where they are kept (store.AddSearchMisses).
type Save func(ctx context.Context, misses []Miss) error

// Run writes the counts with save every period, and once more when ctx
// ends (a normal shutdown loses nothing counted before it). Counts that
// cannot be written (the database is down) are dropped and logged: the log
// is a guide, not a ledger, and holding them would grow without bound.
func (c *Counter) Run(ctx context.Context, every time.Duration, save Save, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.flush(ctx, save, logger)
		case <-ctx.Done():
			// The last write gets a short time of its own.
			last, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			c.flush(last, save, logger)
			cancel()
			return
		}
	}
}

func (c *Counter) flush(ctx context.Context, save Save, logger *slog.Logger) {
	misses, dropped := c.Take()
	if dropped > 0 {
		logger.WarnContext(ctx, "search log: more distinct searches than the bound; some were not counted", "dropped", dropped)
	}
	if len(misses) == 0 {
		return
	}
	if err := save(ctx, misses); err != nil {
		n := 0
		for _, m := range misses {
			n += m.Count
		}
		logger.WarnContext(ctx, "search log: the counts could not be written and are dropped", "searches", n, "error", err)
	}
}
