package store_test

import (
	"context"
	_ "embed"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
)

//go:embed testdata/generate.sql
var generateSQL string

// BenchmarkSearch measures the public search on a generated directory of
// BENCH_ORGS organisations (default 100 000), as `make bench` runs it.
// Building the directory takes about half a minute; it is not timed.
func BenchmarkSearch(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("BENCH_ORGS")); err == nil && v > 0 {
		n = v
	}
	s := open(b)
	ctx := context.Background()
	if _, err := s.Pool().Exec(ctx, generateSQL, n); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO organisation_category SELECT o.id, c.slug FROM organisation o,
			LATERAL (SELECT slug FROM category ORDER BY position OFFSET (abs(hashtext(o.slug)) % 40) LIMIT 2) c`,
		`INSERT INTO office_hours SELECT o.id, d, '08:00', '16:00' FROM organisation o, generate_series(1, 5) d
			WHERE abs(hashtext(o.slug)) % 4 <> 0`,
		`SELECT count(organisation_index(id)) FROM organisation`,
		`ANALYZE`,
	} {
		if _, err := s.Pool().Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := s.Publish(ctx, "benchmark", accounts.Audit{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("publishing took %v", time.Since(start))
	pub := s.Preview()
	monday := time.Date(2026, 11, 23, 10, 30, 0, 0, directory.Warsaw)
	cases := []struct {
		name string
		q    directory.Query
	}{
		{"list", directory.Query{}},
		{"list-page-300", directory.Query{Page: 300}},
		{"common-word", directory.Query{Text: "stowarzyszenie"}},
		{"two-words", directory.Query{Text: "pomoc społeczna"}},
		{"typo", directory.Query{Text: "stowazyszenie seniorow"}},
		{"rare-word", directory.Query{Text: "hospicjum psycholog"}},
		{"deep-page", directory.Query{Text: "pomoc", Page: 400}},
		{"category", directory.Query{Category: "ubostwo"}},
		{"filters", directory.Query{Category: "niepelnosprawnosc", District: "zatorze", OpenNow: true, Volunteers: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			q := c.q
			q.Now, q.PerPage = monday, 20
			for b.Loop() {
				if _, err := pub.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("facets", func(b *testing.B) {
		for b.Loop() {
			if _, err := pub.Facets(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
