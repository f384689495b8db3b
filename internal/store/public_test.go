package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/store"
)

// searchFixture is a small directory whose words the search cases need.
func searchFixture(t *testing.T) *store.Store {
	t.Helper()
	s := open(t)

	social := org("pomoc-spoleczna", "Fundacja Razem", "ubostwo")
	social.Description = "Zapewniamy pomoc społeczną i żywnościową rodzinom."

	assoc := org("stowarzyszenia-leszna", "Związek Stowarzyszenia Leszna", "wolontariat")
	assoc.Description = "Zrzeszamy organizacje."

	disabled := org("bez-barier", "Fundacja Bez Barier", "rehabilitacja")
	disabled.Description = "Pracujemy z osobami niepełnosprawnymi ruchowo."
	disabled.TargetGroups = []string{"osoby-z-niepelnosprawnoscia"}
	disabled.Address.District = "zatorze"
	disabled.TakesVolunteers = true

	// "stowarzyszenie" only in the description: ranks after name matches
	// although "Aaa" sorts first by name.
	elsewhere := org("aaa-klub", "Aaa Klub Seniora", "aktywnosc-seniorow")
	elsewhere.Description = "Działamy jako stowarzyszenie zwykłe seniorów."
	elsewhere.TargetGroups = []string{"seniorzy"}
	elsewhere.Address.District = "zatorze"
	elsewhere.TakesInterns = true
	elsewhere.TakesVolunteers = true

	// Capitals with diacritics fold like any other letter.
	turtle := org("zolw", "ŻÓŁW – Klub Aktywności", "aktywnosc-seniorow")
	turtle.Description = "WSPÓLNOTA ŚWIĘTEGO ŁUKASZA."

	named := org("stowarzyszenie-nadzieja", "Stowarzyszenie Nadzieja", "uzaleznienia")
	named.Description = "Wspieramy osoby uzależnione."
	named.TargetGroups = []string{"osoby-uzaleznione"}

	create(t, s, social, assoc, disabled, elsewhere, named, turtle)
	return s
}

func search(t *testing.T, s *store.Store, q directory.Query) ([]string, directory.Results) {
	t.Helper()
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	res, err := s.Preview().Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	var slugs []string
	for _, it := range res.Items {
		slugs = append(slugs, it.Slug)
	}
	return slugs, res
}

func TestSearchText(t *testing.T) {
	s := searchFixture(t)
	tests := []struct {
		text string
		want []string // in rank order
	}{
		// diacritics and case ignored
		{"pomoc spoleczna", []string{"pomoc-spoleczna"}},
		{"POMOC SPOŁECZNA", []string{"pomoc-spoleczna"}},
		// inflection: the noun in another case; name matches first, then
		// by name
		{"stowarzyszenie", []string{"stowarzyszenie-nadzieja", "stowarzyszenia-leszna", "aaa-klub"}},
		{"niepelnosprawnych", []string{"bez-barier"}},
		{"żółw", []string{"zolw"}},
		{"Zolw", []string{"zolw"}},
		{"swietego lukasza", []string{"zolw"}},
		{"Wspólnota", []string{"zolw"}},
		// a typo
		{"stowazyszenie nadzieja", []string{"stowarzyszenie-nadzieja"}}, // only this one needs a correction
		{"zywnosciowa", []string{"pomoc-spoleczna"}},
		// category names are searchable
		{"rehabilitacja", []string{"bez-barier"}},
		// every word must match
		{"fundacja uzaleznione", nil},
		// operators and punctuation are only separators
		{"pomoc & | ! :* (", []string{"pomoc-spoleczna"}},
		// no word at all lists everything by name
		{"!!!", []string{"aaa-klub", "bez-barier", "pomoc-spoleczna", "stowarzyszenie-nadzieja", "zolw", "stowarzyszenia-leszna"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, res := search(t, s, directory.Query{Text: tt.text})
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.text, got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
			// Found as typed, not through the typo correction.
			if typo := strings.HasPrefix(tt.text, "stowazyszenie"); (res.Corrected != "") != typo && len(tt.want) > 0 {
				t.Errorf("Corrected = %q", res.Corrected)
			}
		})
	}
}

func TestSearchReportsTypoCorrection(t *testing.T) {
	s := searchFixture(t)
	_, res := search(t, s, directory.Query{Text: "stowazyszenie"})
	if res.Corrected == "" || res.Total == 0 {
		t.Errorf("Corrected = %q with %d results, want a correction and results", res.Corrected, res.Total)
	}
	_, res = search(t, s, directory.Query{Text: "stowarzyszenie"})
	if res.Corrected != "" {
		t.Errorf("a known word was corrected to %q", res.Corrected)
	}
}

func TestSearchFilters(t *testing.T) {
	s := searchFixture(t)
	tests := []struct {
		name string
		q    directory.Query
		want []string
	}{
		{"parent category includes its children", directory.Query{Category: "niepelnosprawnosc"}, []string{"bez-barier"}},
		{"child category", directory.Query{Category: "aktywnosc-seniorow"}, []string{"aaa-klub", "zolw"}},
		{"target group", directory.Query{TargetGroup: "seniorzy"}, []string{"aaa-klub"}},
		{"district", directory.Query{District: "zatorze"}, []string{"aaa-klub", "bez-barier"}},
		{"volunteers", directory.Query{Volunteers: true}, []string{"aaa-klub", "bez-barier"}},
		{"interns", directory.Query{Interns: true}, []string{"aaa-klub"}},
		{"filters combine", directory.Query{District: "zatorze", Volunteers: true, Category: "rehabilitacja"}, []string{"bez-barier"}},
		{"text and filter combine", directory.Query{Text: "fundacja", District: "zatorze"}, []string{"bez-barier"}},
		{"unknown category finds nothing", directory.Query{Category: "nie-ma"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := search(t, s, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// Office hours are Warsaw wall-clock times: 10:00–11:00 on Sunday is 09:00
// UTC in winter and 08:00 UTC in summer, and the filter must follow the
// change of 29 March 2026 (02:00 CET → 03:00 CEST).
func TestSearchOpenNowAcrossSummerTime(t *testing.T) {
	s := open(t)
	sunday := org("niedziela", "Niedzielny Klub")
	sunday.Hours[7] = directory.Day{Intervals: []directory.Interval{{Opens: 10 * 60, Closes: 11 * 60}}}
	night := org("noclegownia", "Noclegownia")
	night.Hours[7] = directory.Day{Intervals: []directory.Interval{{Opens: 18 * 60, Closes: 24 * 60}}}
	create(t, s, sunday, night)

	tests := []struct {
		at   time.Time
		want []string
	}{
		{time.Date(2026, 3, 22, 9, 30, 0, 0, time.UTC), []string{"niedziela"}},    // 10:30 CET
		{time.Date(2026, 3, 22, 8, 30, 0, 0, time.UTC), nil},                      // 09:30 CET
		{time.Date(2026, 3, 29, 8, 30, 0, 0, time.UTC), []string{"niedziela"}},    // 10:30 CEST, after the change
		{time.Date(2026, 3, 29, 9, 30, 0, 0, time.UTC), nil},                      // 11:30 CEST
		{time.Date(2026, 10, 25, 9, 30, 0, 0, time.UTC), []string{"niedziela"}},   // 10:30 CET, after the autumn change
		{time.Date(2026, 10, 25, 8, 30, 0, 0, time.UTC), nil},                     // 09:30 CET
		{time.Date(2026, 3, 29, 21, 59, 0, 0, time.UTC), []string{"noclegownia"}}, // 23:59 CEST, closes at midnight
		{time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC), nil},                      // 00:00 Monday
	}
	for _, tt := range tests {
		t.Run(tt.at.Format(time.RFC3339), func(t *testing.T) {
			got, res := search(t, s, directory.Query{OpenNow: true, Now: tt.at})
			if !slices.Equal(got, tt.want) {
				t.Errorf("open at %v = %v, want %v", tt.at.In(directory.Warsaw), got, tt.want)
			}
			for _, it := range res.Items {
				if !it.OpenNow {
					t.Errorf("%s listed as open but its OpenNow is false", it.Slug)
				}
			}
		})
	}
}

func TestSearchPages(t *testing.T) {
	s := open(t)
	var orgs []*directory.Organisation
	for i := range 25 {
		orgs = append(orgs, org(fmt.Sprintf("org-%02d", i), fmt.Sprintf("Organizacja %02d", i)))
	}
	create(t, s, orgs...)

	first, res := search(t, s, directory.Query{PerPage: 10, Page: 1})
	if res.Total != 25 || res.Pages() != 3 || len(first) != 10 || first[0] != "org-00" {
		t.Fatalf("page 1: total %d, pages %d, items %v", res.Total, res.Pages(), first)
	}
	last, _ := search(t, s, directory.Query{PerPage: 10, Page: 3})
	if !slices.Equal(last, []string{"org-20", "org-21", "org-22", "org-23", "org-24"}) {
		t.Errorf("page 3 = %v", last)
	}
	beyond, res := search(t, s, directory.Query{PerPage: 10, Page: 4})
	if len(beyond) != 0 || res.Total != 25 {
		t.Errorf("page 4 = %v (total %d), want empty with the total", beyond, res.Total)
	}
}

func TestFacetsCountParentsWithChildren(t *testing.T) {
	s := open(t)
	// One organisation in a parent and its child counts once for the parent.
	create(t, s,
		org("a", "A", "niepelnosprawnosc", "rehabilitacja"),
		org("b", "B", "autyzm"),
		org("c", "C", "seniorzy"))
	f, err := s.Preview().Facets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for slug, want := range map[string]int{"niepelnosprawnosc": 2, "rehabilitacja": 1, "autyzm": 1, "seniorzy": 1, "ubostwo": 0} {
		if f.Counts[slug] != want {
			t.Errorf("count of %s = %d, want %d", slug, f.Counts[slug], want)
		}
	}
	if f.Total != 3 {
		t.Errorf("Total = %d, want 3", f.Total)
	}
	// The counts are cached, but a change to the directory shows at once.
	pub := s.Preview()
	if f, _ := pub.Facets(context.Background()); f.Counts["seniorzy"] != 1 {
		t.Fatalf("seniorzy = %d before the change", f.Counts["seniorzy"])
	}
	create(t, s, org("d", "D", "aktywnosc-seniorow"))
	if f, _ := pub.Facets(context.Background()); f.Counts["seniorzy"] != 2 || f.Total != 4 {
		t.Errorf("after adding one: seniorzy = %d, total %d; want 2 and 4", f.Counts["seniorzy"], f.Total)
	}
	tree := f.Tree()
	if len(tree) == 0 || tree[0].Parent != "" || len(f.TargetGroups) == 0 || len(f.Districts) == 0 {
		t.Errorf("vocabulary incomplete: %d top categories, %d groups, %d districts", len(tree), len(f.TargetGroups), len(f.Districts))
	}
}

// A number is never "corrected" into another number.
func TestNumbersAreNotCorrected(t *testing.T) {
	s := open(t)
	o := org("z-krs", "Z numerem")
	o.KRS = "0000123456"
	o.Description = "Numer 12345678 w opisie."
	create(t, s, o)
	for _, text := range []string{"12345679", "0000123457"} {
		got, res := search(t, s, directory.Query{Text: text})
		if len(got) != 0 || res.Corrected != "" {
			t.Errorf("Search(%q) = %v, corrected %q; want nothing", text, got, res.Corrected)
		}
	}
	if got, _ := search(t, s, directory.Query{Text: "12345678"}); !slices.Equal(got, []string{"z-krs"}) {
		t.Errorf("the exact number finds %v", got)
	}
}
