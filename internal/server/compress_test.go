package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func (s *site) with(target string, header map[string]string) page {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://example.com"+target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return s.serve(req)
}

func gunzip(t *testing.T, b string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("broken gzip: %v", err)
	}
	return string(out)
}

// Pages are gzipped for clients that take gzip, and only for them; a
// conditional request still gets its 304.
func TestPagesAreCompressed(t *testing.T) {
	s := newSite(t)
	plain := s.get("/organizacje?q=seniorzy")
	gz := s.with("/organizacje?q=seniorzy", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if gz.status != http.StatusOK || gz.header.Get("Content-Encoding") != "gzip" || !strings.Contains(gz.header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("with gzip: %d, Content-Encoding %q, Vary %q", gz.status, gz.header.Get("Content-Encoding"), gz.header.Get("Vary"))
	}
	if body := gunzip(t, gz.body); !strings.Contains(body, "<h1") || len(gz.body) >= len(body)/2 {
		t.Errorf("gzipped page: %d bytes for %d", len(gz.body), len(body))
	}
	if plain.header.Get("Content-Encoding") != "" || !strings.Contains(plain.body, "<h1") {
		t.Errorf("without Accept-Encoding: Content-Encoding %q", plain.header.Get("Content-Encoding"))
	}
	if p := s.with("/organizacje?q=seniorzy", map[string]string{"Accept-Encoding": "gzip;q=0, identity"}); p.header.Get("Content-Encoding") != "" {
		t.Errorf("gzip refused with q=0, got Content-Encoding %q", p.header.Get("Content-Encoding"))
	}
	etag := gz.header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on the directory page")
	}
	if p := s.with("/organizacje", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag}); p.status != http.StatusNotModified || p.body != "" {
		t.Errorf("conditional request with gzip: %d with %d bytes, want 304 and no body", p.status, len(p.body))
	}
	css := s.get("/")
	href, _ := css.doc.Find("link[rel=stylesheet]").First().Attr("href")
	if p := s.with(href, map[string]string{"Accept-Encoding": "gzip"}); p.header.Get("Content-Encoding") != "gzip" || !strings.Contains(gunzip(t, p.body), ":focus-visible") {
		t.Errorf("stylesheet with gzip: Content-Encoding %q", p.header.Get("Content-Encoding"))
	}
	// A range is of the file's bytes, never of a compressed stream.
	full := s.get(href)
	if p := s.with(href, map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=0-99"}); p.status != http.StatusPartialContent ||
		p.header.Get("Content-Encoding") != "" || p.body != full.body[:100] {
		t.Errorf("range of the stylesheet: %d, Content-Encoding %q, %d bytes", p.status, p.header.Get("Content-Encoding"), len(p.body))
	}
}

// The downloads are stored gzipped and go out as stored: once compressed,
// never twice, with ranges that resume them and their 304s; a download
// written per request is compressed on the way.
func TestDownloadsAreNotCompressedTwice(t *testing.T) {
	s := newSite(t)
	gz := map[string]string{"Accept-Encoding": "gzip"}
	p := s.with("/organizacje.csv", gz)
	if p.status != http.StatusOK || p.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("CSV with gzip: %d, Content-Encoding %q", p.status, p.header.Get("Content-Encoding"))
	}
	csv := gunzip(t, p.body)
	if strings.HasPrefix(csv, "\x1f\x8b") || !strings.Contains(csv, "Stowarzyszenie") {
		t.Errorf("the CSV, gunzipped once, is not the table: %.40q", csv)
	}
	if plain := s.get("/organizacje.csv"); plain.header.Get("Content-Encoding") != "" || plain.body != csv {
		t.Errorf("CSV without gzip differs from the gzipped one unpacked (Content-Encoding %q)", plain.header.Get("Content-Encoding"))
	}
	r := s.with("/organizacje.csv", map[string]string{"Accept-Encoding": "gzip", "Range": "bytes=10-109"})
	if r.status != http.StatusPartialContent || r.body != p.body[10:110] {
		t.Errorf("range of the stored download: %d, %d bytes (same bytes: %v)", r.status, len(r.body), r.body == p.body[10:110])
	}
	if nm := s.with("/organizacje.csv", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": p.header.Get("ETag")}); nm.status != http.StatusNotModified {
		t.Errorf("conditional download: %d, want 304", nm.status)
	}
	if n := strings.Count(strings.Join(p.header.Values("Vary"), ","), "Accept-Encoding"); n != 1 {
		t.Errorf("the stored download names Accept-Encoding %d times in Vary: %q", n, p.header.Values("Vary"))
	}
	// What is written per request (a search's results, a table in
	// another language) is compressed on the way, as the pages are.
	for _, target := range []string{"/organizacje.csv?q=stowarzyszenie", "/en/organizacje.csv", "/organizacje.json?wolontariat=tak"} {
		if w := s.with(target, gz); w.status != http.StatusOK || w.header.Get("Content-Encoding") != "gzip" || gunzip(t, w.body) == "" {
			t.Errorf("%s with gzip: %d, Content-Encoding %q", target, w.status, w.header.Get("Content-Encoding"))
		}
	}
	var j bytes.Buffer
	j.WriteString(gunzip(t, s.with("/organizacje.json", gz).body))
	if !bytes.HasPrefix(bytes.TrimSpace(j.Bytes()), []byte("{")) && !bytes.HasPrefix(bytes.TrimSpace(j.Bytes()), []byte("[")) {
		t.Errorf("the JSON, gunzipped once, is not JSON: %.40q", j.String())
	}
}

// A client that does not take gzip gets the instance's decompressed copy
// of a download, as a file: with ranges, and no core spent decompressing
// it per request. Until the copy is made it gets the same bytes
// decompressed on the way.
func TestPlainDownloadsAreServedFromADecompressedCopy(t *testing.T) {
	s := newSite(t)
	csv := gunzip(t, s.with("/organizacje.csv", map[string]string{"Accept-Encoding": "gzip"}).body)
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := s.with("/organizacje.csv", map[string]string{"Range": "bytes=3-42"})
		if r.status == http.StatusPartialContent {
			if r.body != csv[3:43] || r.header.Get("Content-Encoding") != "" {
				t.Errorf("range of the plain CSV: %q, want %q", r.body, csv[3:43])
			}
			break
		}
		if r.status != http.StatusOK || r.body != csv {
			t.Fatalf("plain CSV before its copy is made: %d, same bytes: %v", r.status, r.body == csv)
		}
		if time.Now().After(deadline) {
			t.Fatal("the decompressed copy was not made within 30 s (a range is still answered whole)")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if whole := s.get("/organizacje.csv"); whole.status != http.StatusOK || whole.body != csv {
		t.Errorf("the plain CSV from its copy differs from the gzipped one unpacked")
	}
}
