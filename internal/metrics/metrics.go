// Package metrics is what the portal tells its operator in the Prometheus
// text format (github.com/prometheus/client_golang): requests by route
// pattern and status, the database pool, the current publication, and the
// Go runtime and process. Each instance has its own registry, built in
// cmd/portal and passed to the server; nothing is registered globally.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds an instance's registry and its request metrics.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// series keeps each (method, route, code)'s counter and histogram
	// once looked up: finding them by their labels (hashing and checking
	// each value, under a lock) cost more than a page from memory's own
	// search. There are as many as the routes' answered codes.
	series sync.Map // seriesKey → *requestSeries
}

type seriesKey struct {
	method, route string
	code          int
}

type requestSeries struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// New returns the metrics of an instance with the request metrics, the Go
// runtime's and the process's, and extra (Pool, Publication).
func New(extra ...prometheus.Collector) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		// By status class, not code: a histogram has a series per bucket,
		// and the class is what latency is read by.
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portal_http_request_duration_seconds",
			Help: "Time from a request's arrival to its handler's return, by method, route pattern and status class.",
			// Pages from memory take well under a millisecond; downloads
			// and publishing take seconds.
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route", "class"}),
	}
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registry.MustRegister(extra...)
	return m
}

// Observe counts one answered request. route is the router's pattern
// (e.g. /organizacje/{slug}), never the path itself, so that the number of
// series stays bounded whatever addresses are asked for; "" (no route
// matched) is counted as "unmatched".
func (m *Metrics) Observe(method, route string, code int, took time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other" // methods are whatever a client sends
	}
	if route == "" {
		route = "unmatched"
	}
	key := seriesKey{method, route, code}
	v, ok := m.series.Load(key)
	if !ok {
		class := "other"
		if code >= 100 && code < 600 {
			class = strconv.Itoa(code/100) + "xx"
		}
		v, _ = m.series.LoadOrStore(key, &requestSeries{
			count:    m.requests.WithLabelValues(method, route, strconv.Itoa(code)),
			duration: m.duration.WithLabelValues(method, route, class),
		})
	}
	rs := v.(*requestSeries)
	rs.count.Inc()
	rs.duration.Observe(took.Seconds())
}

// Handler serves the metrics in the Prometheus text format (or the
// protobuf format a scraper asks for).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
