package published

import (
	"slices"
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
)

func TestPagesLeaveExamplesOut(t *testing.T) {
	example := full() // example data, with phones, categories and hours before the flags
	real := full()
	real.Slug, real.Name, real.Example = "prawdziwa", "Fundacja Prawdziwa", false
	x := build(t, example, real, org("bez-telefonu", "Bractwo bez telefonu"))
	got := slices.Collect(x.Pages())
	if want := []string{"bez-telefonu", "prawdziwa"}; !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v (by name, the example left out)", got, want)
	}
	// Stopping early stops.
	for range x.Pages() {
		break
	}
}

// FuzzRecordPage: reading a record's slug and flags in place never panics
// and agrees with the full decoder on every record that decodes.
func FuzzRecordPage(f *testing.F) {
	shared := newSharedStrings()
	f.Add(encodeRecord(full(), directory.Vocabulary{}, shared))
	f.Add(encodeRecord(org("a", "A"), directory.Vocabulary{}, shared))
	f.Fuzz(func(t *testing.T, b []byte) {
		slug, example := recordPage(b)
		o, err := decodeRecord(b, shared.list)
		if err != nil {
			return
		}
		if slug != o.Slug && o.Slug != "" || example != o.Example && o.Slug != "" {
			t.Errorf("recordPage = %q, %v; decodeRecord = %q, %v", slug, example, o.Slug, o.Example)
		}
	})
}

// BenchmarkPages is one pass over the pages of 100 000 organisations: what
// the sitemap index costs to count, and a part at most to list.
func BenchmarkPages(b *testing.B) {
	v := vocabulary(b)
	x, err := Build(v, seq(generated(v, 100_000)...))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		n := 0
		for range x.Pages() {
			n++
		}
		if n != 100_000 {
			b.Fatalf("%d pages", n)
		}
	}
}
