package server

import (
	"net"
	"net/http"
	"net/netip"
)

// loopback is where /metrics may be read from when MetricsFrom is empty.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// serveMetrics answers /metrics to the addresses in MetricsFrom (loopback
// when empty) and 404, as for any unknown page, to everyone else.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	if s.Metrics == nil || !s.metricsAllowed(r) {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Metrics.Handler().ServeHTTP(w, r)
}

// metricsAllowed tells whether r comes from an address allowed to read
// the metrics. A request forwarded by a reverse proxy is judged by the
// client the proxy names, and only when the proxy is trusted: a proxy on
// the same machine connects from loopback, and without this every visitor
// it forwards would pass for a local scraper.
func (s *Server) metricsAllowed(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	from := host
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" {
		if !s.trusted(host) {
			return false
		}
		from = s.clientIP(r)
	}
	addr, err := netip.ParseAddr(from)
	if err != nil {
		return false
	}
	allowed := s.MetricsFrom
	if len(allowed) == 0 {
		allowed = loopback
	}
	for _, p := range allowed {
		if p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}
