package metrics

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Before an instance has loaded a publication it says so, with no number
// or age that could be mistaken for one; methods a client invents are
// one series.
func TestPublicationNotLoadedAndInventedMethods(t *testing.T) {
	m := New(Publication(func() (int, time.Time, bool) { return 0, time.Time{}, false }, time.Now))
	m.Observe("BREW", "/organizacje", 405, time.Millisecond)
	m.Observe("XYZZY", "/organizacje", 405, time.Millisecond)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	if !strings.Contains(body, "\nportal_publication_loaded 0\n") || strings.Contains(body, "portal_publication_number ") ||
		strings.Contains(body, "portal_publication_age_seconds ") {
		t.Errorf("no publication loaded:\n%s", body)
	}
	if !strings.Contains(body, `portal_http_requests_total{code="405",method="other",route="/organizacje"} 2`) ||
		strings.Contains(body, "BREW") {
		t.Errorf("invented methods are not folded into one series")
	}
}
