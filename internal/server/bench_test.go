package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/server"
	"github.com/mopr-leszno/portal/internal/store"
)

// BenchmarkPublicPages measures what the public pages cost the server
// itself (routing, middleware, search, rendering; no network) on a
// generated directory of BENCH_ORGS organisations (default 10 000), the
// figures behind `make loadtest`'s. Building the directory is not timed.
func BenchmarkPublicPages(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("BENCH_ORGS")); err == nil && v > 0 {
		n = v
	}
	// The store benchmark's and the load test's generator.
	generate, err := os.ReadFile("../store/testdata/generate.sql")
	if err != nil {
		b.Fatal(err)
	}
	generateSQL := string(generate)
	ctx := context.Background()
	s, err := store.Open(ctx, dbtest.New(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	for _, q := range []string{generateSQL,
		`INSERT INTO organisation_category SELECT o.id, c.slug FROM organisation o,
			LATERAL (SELECT slug FROM category ORDER BY position OFFSET (abs(hashtext(o.slug)) % 40) LIMIT 2) c`,
		`INSERT INTO organisation_target_group SELECT o.id, g.slug FROM organisation o,
			LATERAL (SELECT slug FROM target_group ORDER BY position OFFSET (abs(hashtext(o.slug || '/g')) % 15) LIMIT 1) g`,
		`INSERT INTO office_hours SELECT o.id, d, '08:00', '16:00' FROM organisation o, generate_series(1, 5) d
			WHERE abs(hashtext(o.slug)) % 4 <> 0`,
	} {
		var args []any
		if q == generateSQL {
			args = []any{n}
		}
		if _, err := s.Pool().Exec(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	cat, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	s.SetArtifactBuilder(&published.Builder{Downloads: export.Downloads(cat.Localizer("pl"), "http://example.com", testLicence)})
	if _, err := s.Publish(ctx, "benchmark", accounts.Audit{}); err != nil {
		b.Fatal(err)
	}
	live := published.NewLive(s, export.DownloadNames, b.TempDir(), nil)
	if err := live.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	h := server.New(server.Deps{
		Logger:    slog.New(slog.DiscardHandler),
		Directory: live, Downloads: live, Strategy: s, Catalogue: cat,
		Now: func() time.Time { return monday1030 },
	})

	run := func(b *testing.B, paths []string) {
		b.ReportAllocs()
		w := &discard{h: http.Header{}}
		defer func() { b.ReportMetric(float64(w.bytes)/float64(max(1, w.n)), "B/page") }()
		i := 0
		for b.Loop() {
			clear(w.h)
			w.status = 0
			req := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
			h.ServeHTTP(w, req)
			w.n++
			if w.status != http.StatusOK {
				b.Fatalf("%s: %d", paths[i%len(paths)], w.status)
			}
			i++
		}
	}
	var orgs []string
	for i := 1; i <= n; i += max(1, n/2000) {
		orgs = append(orgs, fmt.Sprintf("/organizacje/org-%d", i))
	}
	b.Run("organisation", func(b *testing.B) { run(b, orgs) })
	b.Run("list", func(b *testing.B) { run(b, []string{"/organizacje"}) })
	// The sitemap's index counts every page; a part lists up to 16 666.
	b.Run("sitemap", func(b *testing.B) { run(b, []string{"/sitemap.xml", "/sitemap-organizacje-1.xml"}) })
	b.Run("search", func(b *testing.B) {
		run(b, []string{
			"/organizacje?q=pomoc", "/organizacje?q=stowarzyszenie+senior%C3%B3w", "/organizacje?q=stowazyszenie",
			"/organizacje?q=hospicjum&strona=4", "/organizacje?kategoria=ubostwo", "/organizacje?q=po",
			"/organizacje?kategoria=niepelnosprawnosc&dzielnica=zatorze&otwarte=tak&wolontariat=tak",
			"/organizacje?q=klub&praktyki=tak", "/organizacje?q=psycholog+prawne", "/organizacje?strona=300",
			"/organizacje?q=nr+4711", "/organizacje?q=m%C5%82odzie%C5%BC&dzielnica=kloc",
		})
	})
	// BENCH_PATHS names a file of paths, one a line: the load test's
	// search mix (make loadtest HOLD=… writes it), measured here without
	// the network.
	if file := os.Getenv("BENCH_PATHS"); file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("paths", func(b *testing.B) { run(b, strings.Fields(string(data))) })
	}
}

// discard is a ResponseWriter that keeps the status and drops the body.
type discard struct {
	h      http.Header
	status int
	// bytes and n count the bytes written and the responses.
	bytes, n int
}

func (d *discard) Header() http.Header { return d.h }
func (d *discard) WriteHeader(s int) {
	if d.status == 0 {
		d.status = s
	}
}
func (d *discard) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	d.bytes += len(p)
	return len(p), nil
}
