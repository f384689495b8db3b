package published

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// generated is n organisations spread like the load test's
// (internal/store/testdata/generate.sql): three name patterns with a number,
// thirty words, two categories, one target group, a district, weekday
// hours for three in four.
func generated(v directory.Vocabulary, n int) []*directory.Organisation {
	words := []string{"pomoc", "społeczna", "stowarzyszenie", "fundacja", "seniorów", "dzieci", "rodzina",
		"niepełnosprawnymi", "uzależnień", "przemocy", "bezdomności", "wolontariusze", "świetlica", "żywność", "odzież",
		"porady", "prawne", "psycholog", "grupa", "wsparcia", "klub", "młodzież", "kultura", "sport", "zdrowie", "hospicjum",
		"opieka", "edukacja", "integracja", "aktywizacja"}
	kinds := []string{"Stowarzyszenie ", "Fundacja ", "Klub "}
	orgs := make([]*directory.Organisation, n)
	for i := range n {
		o := &directory.Organisation{
			ID:              fmt.Sprintf("00000000-0000-0000-0000-%012d", i),
			Slug:            fmt.Sprintf("org-%d", i),
			Name:            kinds[i%3] + words[(i*7)%30] + " " + words[(i*13)%30] + fmt.Sprintf(" nr %d", i),
			LegalForm:       directory.FormFoundation,
			Address:         directory.Address{City: "Leszno", District: v.Districts[i%len(v.Districts)].Slug},
			Description:     "Organizacja zajmuje się: " + words[(i*3)%30] + ", " + words[(i*11)%30] + ", " + words[(i*17)%30] + " oraz " + words[(i*19)%30] + ".",
			Categories:      []string{v.Categories[i%len(v.Categories)].Slug, v.Categories[(i+7)%len(v.Categories)].Slug},
			TargetGroups:    []string{v.TargetGroups[i%len(v.TargetGroups)].Slug},
			TakesVolunteers: i%2 == 0, TakesInterns: i%3 == 0,
			CreatedAt: time.Now(), UpdatedAt: time.Now(),
		}
		if i%4 != 0 {
			for wd := 1; wd <= 5; wd++ {
				o.Hours[wd].Intervals = []directory.Interval{{Opens: 8 * 60, Closes: 16 * 60}}
			}
		}
		orgs[i] = o
	}
	return orgs
}

// BenchmarkBuild reports the heap an index of 100 000 organisations holds
// once built and once read back, and its encoded size.
func BenchmarkBuild(b *testing.B) {
	v := vocabulary(b)
	orgs := generated(v, 100_000)
	for b.Loop() {
		x, err := Build(v, seq(orgs...))
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		x.WriteTo(&buf)
		b.ReportMetric(float64(buf.Len())/1e6, "MB-encoded")
		orgs2 := orgs
		_ = orgs2
		var before, after runtime.MemStats
		x = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		y, err := Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		buf = bytes.Buffer{}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6, "MB-heap-read")
		runtime.KeepAlive(y)
	}
}

// BenchmarkSearch runs a mix of searches (words, two words, typos,
// prefixes, filters, deep pages) at two sizes: the cost per search must not
// grow much with the directory.
func BenchmarkSearch(b *testing.B) {
	v := vocabulary(b)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	queries := []directory.Query{
		{}, {Text: "pomoc"}, {Text: "stowarzyszenie seniorów"}, {Text: "stowazyszenie"}, {Text: "po"},
		{Text: "hospicjum", Page: 40}, {Category: v.Categories[0].Slug}, {Category: v.Categories[1].Slug, District: v.Districts[2].Slug},
		{OpenNow: true}, {Volunteers: true, Interns: true, Text: "klub"}, {TargetGroup: v.TargetGroups[3].Slug, Page: 100},
		{Text: "nr 4711"},
	}
	for _, n := range []int{10_000, 100_000} {
		x, err := Build(v, seq(generated(v, n)...))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				q := queries[i%len(queries)]
				q.Now, q.PerPage = now, 20
				x.Search(q)
				i++
			}
		})
	}
}
