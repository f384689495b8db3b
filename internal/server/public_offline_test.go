package server_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestPublicDirectoryAnswersWithoutTheDatabase: the publication an
// instance holds in memory is all the public directory reads, so with the
// database gone (here: every connection closed for good) its pages, the
// embed, the downloads, the feed and conditional requests still answer,
// while what needs the database (the admin area) does not pretend to.
func TestPublicDirectoryAnswersWithoutTheDatabase(t *testing.T) {
	s := newSite(t)
	orgs := s.publishedNames()
	if len(orgs) == 0 {
		t.Fatal("nothing published")
	}
	list := s.get("/organizacje")
	slug, _ := list.doc.Find(".result__name a").First().Attr("href")
	if slug == "" {
		t.Fatalf("no organisation link on the list page")
	}
	etag := list.header.Get("ETag")

	s.store.Close() // the database is unreachable from here on

	for _, target := range []string{
		"/organizacje",
		"/organizacje?q=stowarzyszenie",
		"/organizacje?q=stowazyszenie", // a typo, corrected from memory
		"/organizacje?kategoria=ubostwo&strona=1",
		"/organizacje?otwarte=tak",
		slug,
		"/osadz",
		"/",
	} {
		if p := s.get(target); p.status != http.StatusOK {
			t.Errorf("GET %s with the database down: %d", target, p.status)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/organizacje", nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET with the database down: %d", rec.Code)
	}

	for _, target := range []string{"/organizacje.csv", "/organizacje-przecinek.csv", "/organizacje.json"} {
		// Compressed as stored, and plain for a client that takes no gzip.
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("GET %s (gzip) with the database down: %d, encoding %q", target, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		zipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		plain := s.get(target)
		if plain.status != http.StatusOK || plain.header.Get("Content-Encoding") != "" || plain.body != string(zipped) {
			t.Errorf("GET %s plain: %d, encoding %q, same as the gzip one: %v", target, plain.status, plain.header.Get("Content-Encoding"), plain.body == string(zipped))
		}
		if !strings.Contains(plain.body, orgs[0]) {
			t.Errorf("%s does not hold %q", target, orgs[0])
		}
	}
	if p := s.get("/publikacje.atom"); p.status != http.StatusOK || !strings.Contains(p.body, "<entry>") {
		t.Errorf("feed with the database down: %d", p.status)
	}

	// Signing in needs the database: it fails, and says nothing else.
	req = httptest.NewRequest(http.MethodPost, "/admin/logowanie", strings.NewReader(url.Values{"email": {"a@example.org"}, "password": {"x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code < 500 {
		t.Errorf("signing in with the database down answered %d", rec.Code)
	}
}
