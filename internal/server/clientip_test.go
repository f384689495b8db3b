package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	s := &Server{Deps: Deps{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	for _, tt := range []struct{ remote, xff, want string }{
		{"203.0.113.5:1234", "198.51.100.1", "203.0.113.5"},                  // not a proxy: the header is ignored
		{"10.0.0.2:1234", "198.51.100.1", "198.51.100.1"},                    // a trusted proxy
		{"10.0.0.2:1234", "6.6.6.6, 198.51.100.1, 10.0.0.3", "198.51.100.1"}, // the last untrusted hop, not a forged first one
		{"10.0.0.2:1234", "", "10.0.0.2"},
		{"10.0.0.2:1234", "not-an-ip", "10.0.0.2"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := s.clientIP(r); got != tt.want {
			t.Errorf("clientIP(%s, %q) = %s, want %s", tt.remote, tt.xff, got, tt.want)
		}
	}
}
