package main

import (
	"time"

	"github.com/mopr-leszno/portal/internal/published"
)

// loadedPublication tells the metrics which publication live shows, read
// at each scrape.
func loadedPublication(live *published.Live) func() (int, time.Time, bool) {
	return func() (int, time.Time, bool) {
		v, err := live.Loaded()
		if err != nil {
			return 0, time.Time{}, false
		}
		return v.Publication.Number, v.Publication.At, true
	}
}
