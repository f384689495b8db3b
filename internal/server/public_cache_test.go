package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestDirectoryPagesAnswerConditionalRequests(t *testing.T) {
	s := newSite(t)
	first := s.get("/organizacje")
	etag := first.header.Get("ETag")
	modified := first.header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("no validators: ETag %q, Last-Modified %q", etag, modified)
	}
	conditional := func(path string, header, value string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set(header, value)
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		return rec
	}
	if rec := conditional("/organizacje", "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Fatalf("If-None-Match with the current ETag: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := conditional("/organizacje", "If-Modified-Since", modified); rec.Code != http.StatusNotModified {
		t.Fatalf("If-Modified-Since the last modification: %d", rec.Code)
	}
	if rec := conditional("/organizacje", "If-None-Match", `W/"p1-pl-0"`); rec.Code != http.StatusOK {
		t.Fatalf("If-None-Match with another ETag: %d", rec.Code)
	}
	slug := "/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow"
	page := s.get(slug)
	if rec := conditional(slug, "If-None-Match", page.header.Get("ETag")); rec.Code != http.StatusNotModified {
		t.Fatalf("organisation page: %d", rec.Code)
	}

	// A new publication changes the validators: the old ones get the page.
	time.Sleep(1100 * time.Millisecond) // Last-Modified has one-second resolution
	s.publish()
	if rec := conditional("/organizacje", "If-None-Match", etag); rec.Code != http.StatusOK || rec.Header().Get("ETag") == etag {
		t.Fatalf("after publishing, the old ETag got %d (ETag %q)", rec.Code, rec.Header().Get("ETag"))
	}
	if rec := conditional("/organizacje", "If-Modified-Since", modified); rec.Code != http.StatusOK {
		t.Fatalf("after publishing, If-Modified-Since the old date got %d", rec.Code)
	}
}
