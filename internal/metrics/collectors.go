package metrics

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// Pool returns a collector of the database pool's state, read from stat
// (pgxpool.Pool.Stat) at each scrape.
func Pool(stat func() *pgxpool.Stat) prometheus.Collector {
	return &poolCollector{stat: stat}
}

type poolCollector struct{ stat func() *pgxpool.Stat }

func poolDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc("portal_db_pool_"+name, help, nil, nil)
}

var (
	poolAcquired     = poolDesc("acquired_connections", "Connections in use by a request or a job now.")
	poolIdle         = poolDesc("idle_connections", "Open connections not in use now.")
	poolTotal        = poolDesc("total_connections", "Open connections now, in use, idle or being opened.")
	poolConstructing = poolDesc("constructing_connections", "Connections being opened now.")
	poolMax          = poolDesc("max_connections", "The most connections the pool opens.")
	poolAcquires     = poolDesc("acquires_total", "Connections taken from the pool.")
	poolAcquireTime  = poolDesc("acquire_seconds_total", "Time spent taking connections from the pool, waits included.")
	poolWaited       = poolDesc("empty_acquires_total", "Connections taken only after waiting, because none was idle.")
	poolWaitTime     = poolDesc("empty_acquire_wait_seconds_total", "Time spent waiting for a connection because none was idle.")
	poolCanceled     = poolDesc("canceled_acquires_total", "Waits for a connection given up (the request ended or timed out).")
)

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolAcquired, poolIdle, poolTotal, poolConstructing, poolMax,
		poolAcquires, poolAcquireTime, poolWaited, poolWaitTime, poolCanceled} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stat()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(poolAcquired, float64(s.AcquiredConns()))
	gauge(poolIdle, float64(s.IdleConns()))
	gauge(poolTotal, float64(s.TotalConns()))
	gauge(poolConstructing, float64(s.ConstructingConns()))
	gauge(poolMax, float64(s.MaxConns()))
	counter(poolAcquires, float64(s.AcquireCount()))
	counter(poolAcquireTime, s.AcquireDuration().Seconds())
	counter(poolWaited, float64(s.EmptyAcquireCount()))
	counter(poolWaitTime, s.EmptyAcquireWaitTime().Seconds())
	counter(poolCanceled, float64(s.CanceledAcquireCount()))
}

// Publication returns a collector of the publication an instance shows,
// read from current at each scrape: its number and how long ago it was
// made. current reports false while none is loaded (then only
// portal_publication_loaded is sent, as 0).
func Publication(current func() (number int, at time.Time, ok bool), now func() time.Time) prometheus.Collector {
	return &publicationCollector{current: current, now: now}
}

type publicationCollector struct {
	current func() (int, time.Time, bool)
	now     func() time.Time
}

var (
	pubLoaded = prometheus.NewDesc("portal_publication_loaded", "1 when this instance has a publication loaded and shows it, else 0.", nil, nil)
	pubNumber = prometheus.NewDesc("portal_publication_number", "The number of the publication this instance shows.", nil, nil)
	pubAge    = prometheus.NewDesc("portal_publication_age_seconds", "Time since the publication this instance shows was made.", nil, nil)
)

func (c *publicationCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- pubLoaded
	ch <- pubNumber
	ch <- pubAge
}

func (c *publicationCollector) Collect(ch chan<- prometheus.Metric) {
	n, at, ok := c.current()
	if !ok {
		ch <- prometheus.MustNewConstMetric(pubLoaded, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(pubLoaded, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(pubNumber, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(pubAge, prometheus.GaugeValue, c.now().Sub(at).Seconds())
}
