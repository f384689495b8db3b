package server_test

import (
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/server"
)

// sample returns the value of the series named exactly series (name and
// labels as the text format writes them), or -1 when it is not there.
func sample(body, series string) float64 {
	for line := range strings.Lines(body) {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// A scrape from loopback shows requests by route pattern and status, the
// pool and the publication shown.
func TestMetricsFromLoopback(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	for range 3 {
		b.get("/organizacje")
	}
	b.get("/organizacje/fundacja-przykladowa-cieply-posilek")
	b.get("/organizacje/nie-ma-takiej")
	b.get("/nie-ma-takiej-strony")
	a := b.get("/metrics")
	if a.status != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d", a.status)
	}
	for series, want := range map[string]float64{
		`portal_http_requests_total{code="200",method="GET",route="/organizacje"}`:                             3,
		`portal_http_requests_total{code="200",method="GET",route="/organizacje/{slug}"}`:                      1,
		`portal_http_requests_total{code="404",method="GET",route="/organizacje/{slug}"}`:                      1,
		`portal_http_request_duration_seconds_count{class="2xx",method="GET",route="/organizacje"}`:            3,
		`portal_http_request_duration_seconds_bucket{class="2xx",method="GET",route="/organizacje",le="+Inf"}`: 3,
		`portal_publication_loaded`: 1,
	} {
		if got := sample(a.body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	shown, err := s.live.Loaded()
	if err != nil {
		t.Fatal(err)
	}
	if got := sample(a.body, "portal_publication_number"); got != float64(shown.Publication.Number) || got < 1 {
		t.Errorf("publication number %v, the site shows %d", got, shown.Publication.Number)
	}
	// Addresses nobody routes are one series, not one per address asked.
	if strings.Contains(a.body, "nie-ma-takiej") || strings.Contains(a.body, "cieply-posilek") {
		t.Error("a raw path is a label value")
	}
	if got := sample(a.body, `portal_http_requests_total{code="404",method="GET",route="unmatched"}`); got != 1 {
		t.Errorf("the unknown page counted as %v under route=unmatched", got)
	}
	if max := sample(a.body, "portal_db_pool_max_connections"); max < 1 {
		t.Errorf("pool max connections %v", max)
	}
	for _, name := range []string{"portal_db_pool_acquired_connections", "portal_db_pool_idle_connections",
		"portal_db_pool_total_connections", "portal_db_pool_empty_acquire_wait_seconds_total", "portal_publication_age_seconds",
		"go_goroutines"} {
		if sample(a.body, name) < 0 {
			t.Errorf("no %s", name)
		}
	}
	if acquires := sample(a.body, "portal_db_pool_acquires_total"); acquires < 1 {
		t.Errorf("pool acquires %v: the publication was loaded through it", acquires)
	}
	if !regexp.MustCompile(`(?m)^# TYPE portal_http_request_duration_seconds histogram$`).MatchString(a.body) {
		t.Error("the latency is not a histogram")
	}
	// The scrape itself is counted at the next one.
	if got := sample(b.get("/metrics").body, `portal_http_requests_total{code="200",method="GET",route="/metrics"}`); got != 1 {
		t.Errorf("scrapes counted: %v", got)
	}
}

// Other addresses get the page that is not there: one outside
// METRICS_FROM, and anyone a proxy forwards unless the proxy is trusted
// and the client it names is allowed.
func TestMetricsRefusedToOtherAddresses(t *testing.T) {
	only10 := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	elsewhere := newSite(t, func(d *server.Deps) { d.MetricsFrom = only10 }).browser(t)
	if a := elsewhere.get("/metrics"); a.status != http.StatusNotFound || strings.Contains(a.body, "portal_http_requests_total") {
		t.Errorf("loopback outside METRICS_FROM: %d", a.status)
	}
	local := newSite(t).browser(t)
	if a := local.send("GET", "/metrics", nil, map[string]string{"X-Forwarded-For": "127.0.0.1"}); a.status != http.StatusNotFound {
		t.Errorf("forwarded by a proxy nobody trusts: %d", a.status)
	}
	if a := local.send("GET", "/metrics", nil, map[string]string{"Forwarded": "for=127.0.0.1"}); a.status != http.StatusNotFound {
		t.Errorf("forwarded (RFC 7239) by a proxy nobody trusts: %d", a.status)
	}
	proxied := newSite(t, func(d *server.Deps) {
		d.MetricsFrom = only10
		d.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	}).browser(t)
	if a := proxied.send("GET", "/metrics", nil, map[string]string{"X-Forwarded-For": "203.0.113.9"}); a.status != http.StatusNotFound {
		t.Errorf("a visitor through a trusted proxy: %d", a.status)
	}
	if a := proxied.send("GET", "/metrics", nil, map[string]string{"X-Forwarded-For": "10.1.2.3"}); a.status != http.StatusOK ||
		!strings.Contains(a.body, "portal_http_requests_total") {
		t.Errorf("an allowed scraper through a trusted proxy: %d", a.status)
	}
}
