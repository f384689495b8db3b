package hsds

import (
	"fmt"
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/published"
)

// benchIndex is a publication of n generated organisations over a small
// vocabulary.
func benchIndex(b *testing.B, n int) *published.Index {
	v := directory.Vocabulary{
		Categories:   []directory.Category{{Slug: "ubostwo", Name: "Ubóstwo"}, {Slug: "zywnosc", Name: "Pomoc żywnościowa", Parent: "ubostwo"}, {Slug: "seniorzy", Name: "Seniorzy"}},
		TargetGroups: []directory.TargetGroup{{Slug: "dzieci", Name: "Dzieci"}, {Slug: "seniorzy", Name: "Seniorzy"}},
		Districts:    []directory.District{{Slug: "centrum", Name: "Centrum"}},
	}
	words := []string{"pomoc", "seniorów", "dzieci", "rodzina", "żywność", "porady", "klub", "sport"}
	seq := iter.Seq2[*directory.Organisation, error](func(yield func(*directory.Organisation, error) bool) {
		for i := range n {
			o := &directory.Organisation{
				ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Slug: fmt.Sprintf("org-%d", i),
				Name:        fmt.Sprintf("Fundacja %s %s nr %d", words[i%8], words[(i*3)%8], i),
				Description: "Organizacja: " + words[(i*5)%8] + ", " + words[(i*7)%8], LegalForm: directory.FormFoundation,
				Address:    directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno", District: "centrum"},
				Categories: []string{v.Categories[i%3].Slug}, TargetGroups: []string{v.TargetGroups[i%2].Slug},
				Phones: []string{"65 000 00 00"}, Languages: []string{"pl", "uk"}, TakesVolunteers: i%2 == 0,
				CreatedAt: time.Unix(int64(i), 0), UpdatedAt: time.Unix(int64(2*i), 0),
			}
			for wd := 1; wd <= 5; wd++ {
				o.Hours[wd].Intervals = []directory.Interval{{Opens: 8 * 60, Closes: 16 * 60}}
			}
			if !yield(o, nil) {
				return
			}
		}
	})
	x, err := published.Build(v, seq)
	if err != nil {
		b.Fatal(err)
	}
	return x
}

func label(id string) string { return id }

// BenchmarkCatalog is the one pass a publication costs the API (on its
// first request), with the heap the catalog keeps.
func BenchmarkCatalog(b *testing.B) {
	x := benchIndex(b, 100_000)
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		c, err := NewCatalog(x, directory.Publication{Number: 1}, label)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "MB-kept")
		runtime.KeepAlive(c)
	}
}

// BenchmarkListPage is one page of 50 whole services out of 100 000,
// deep in the list and filtered, as /services?full=true&taxonomy_term_id=…&page=500
// makes it (without the JSON encoding).
func BenchmarkListPage(b *testing.B) {
	x := benchIndex(b, 100_000)
	c, err := NewCatalog(x, directory.Publication{Number: 1}, label)
	if err != nil {
		b.Fatal(err)
	}
	m := &Mapper{Base: "https://example.org", Label: label, Published: time.Now(), Taxonomies: c.Taxonomies}
	p := List{Page: 500, PerPage: 50, Full: true, TaxonomyTermID: TermID(TaxonomyCategories, "ubostwo"), Search: "pomoc"}
	for b.Loop() {
		docs := c.Select(p)
		for _, n := range PageOf(docs, p.Page, p.PerPage) {
			o, _ := c.Index.OrganisationAt(n)
			_ = m.Service(o, Full)
		}
	}
}
