package server

import (
	"bytes"
	"html"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/demo"
)

// BenchmarkCompress compares the two compressors the architecture allows
// on a page like a results page (twenty organisations with their
// descriptions, some 40 KB of HTML): gzhttp, which the portal uses, and
// chi's Compress at its suggested level 5.
func BenchmarkCompress(b *testing.B) {
	orgs, err := demo.Organisations()
	if err != nil {
		b.Fatal(err)
	}
	var page bytes.Buffer
	page.WriteString("<!doctype html><html lang=pl><head><title>Organizacje</title></head><body><ol>")
	for page.Len() < 40<<10 {
		for _, o := range orgs {
			page.WriteString(`<li class="result"><h2><a href="/organizacje/` + o.Slug + `">` + html.EscapeString(o.Name) + `</a></h2><p>` +
				html.EscapeString(o.Description) + `</p><p class="meta">` + html.EscapeString(o.Address.Street) + `, Leszno</p></li>`)
		}
	}
	page.WriteString("</ol></body></html>")
	body := page.Bytes()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	})
	for _, c := range []struct {
		name string
		mw   func(http.Handler) http.Handler
	}{
		{"gzhttp", compress(storedDownload)},
		{"chi", middleware.Compress(5)},
	} {
		b.Run(c.name, func(b *testing.B) {
			handler := c.mw(h)
			req := httptest.NewRequest("GET", "/organizacje", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			var out int
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				out = rec.Body.Len()
			}
			b.ReportMetric(float64(out), "bytes/page")
		})
	}
}
