package published

import (
	"bytes"
	"fmt"
	"iter"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/migrations"
)

// vocabulary is the portal's real controlled lists, read from their
// migration.
func vocabulary(t testing.TB) directory.Vocabulary {
	t.Helper()
	sql, err := migrations.FS.ReadFile("00002_vocabularies.sql")
	if err != nil {
		t.Fatal(err)
	}
	var v directory.Vocabulary
	for _, m := range regexp.MustCompile(`\('([a-z-]+)',\s*'([^']+)',\s*(?:'([a-z-]+)'|NULL),\s*\d+\)`).FindAllStringSubmatch(string(sql), -1) {
		v.Categories = append(v.Categories, directory.Category{Slug: m[1], Name: m[2], Parent: m[3]})
	}
	section := func(table string) [][]string {
		i := bytes.Index(sql, []byte("INSERT INTO "+table))
		j := bytes.Index(sql[i:], []byte(";"))
		return regexp.MustCompile(`\('([a-z-]+)',\s*'([^']+)',\s*\d+\)`).FindAllStringSubmatch(string(sql[i:i+j]), -1)
	}
	for _, m := range section("target_group") {
		v.TargetGroups = append(v.TargetGroups, directory.TargetGroup{Slug: m[1], Name: m[2]})
	}
	for _, m := range section("district") {
		v.Districts = append(v.Districts, directory.District{Slug: m[1], Name: m[2]})
	}
	if len(v.Categories) < 10 || len(v.TargetGroups) < 5 || len(v.Districts) < 5 {
		t.Fatalf("vocabulary not read: %d categories, %d groups, %d districts", len(v.Categories), len(v.TargetGroups), len(v.Districts))
	}
	return v
}

func org(slug, name string, categories ...string) *directory.Organisation {
	if len(categories) == 0 {
		categories = []string{"ubostwo"}
	}
	return &directory.Organisation{
		ID:          fmt.Sprintf("00000000-0000-0000-0000-%012d", len(slug)*1000+int(slug[0])),
		Slug:        slug,
		Name:        name,
		LegalForm:   directory.FormAssociation,
		Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
		Description: "Organizacja " + name + ".",
		Categories:  categories,
	}
}

func seq(orgs ...*directory.Organisation) iter.Seq2[*directory.Organisation, error] {
	return func(yield func(*directory.Organisation, error) bool) {
		for _, o := range orgs {
			if !yield(o, nil) {
				return
			}
		}
	}
}

func build(t testing.TB, orgs ...*directory.Organisation) *Index {
	t.Helper()
	x, err := Build(vocabulary(t), seq(orgs...))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// fixture is the small directory the search cases need (the same as the
// working copy's search tests in the store).
func fixture(t testing.TB) *Index {
	social := org("pomoc-spoleczna", "Fundacja Razem", "ubostwo")
	social.Description = "Zapewniamy pomoc społeczną i żywnościową rodzinom."
	assoc := org("stowarzyszenia-leszna", "Związek Stowarzyszenia Leszna", "wolontariat")
	assoc.Description = "Zrzeszamy organizacje."
	disabled := org("bez-barier", "Fundacja Bez Barier", "rehabilitacja")
	disabled.Description = "Pracujemy z osobami niepełnosprawnymi ruchowo."
	disabled.TargetGroups = []string{"osoby-z-niepelnosprawnoscia"}
	disabled.Address.District = "zatorze"
	disabled.TakesVolunteers = true
	elsewhere := org("aaa-klub", "Aaa Klub Seniora", "aktywnosc-seniorow")
	elsewhere.Description = "Działamy jako stowarzyszenie zwykłe seniorów."
	elsewhere.TargetGroups = []string{"seniorzy"}
	elsewhere.Address.District = "zatorze"
	elsewhere.TakesInterns = true
	elsewhere.TakesVolunteers = true
	turtle := org("zolw", "ŻÓŁW – Klub Aktywności", "aktywnosc-seniorow")
	turtle.Description = "WSPÓLNOTA ŚWIĘTEGO ŁUKASZA."
	named := org("stowarzyszenie-nadzieja", "Stowarzyszenie Nadzieja", "uzaleznienia")
	named.Description = "Wspieramy osoby uzależnione."
	named.TargetGroups = []string{"osoby-uzaleznione"}
	numbered := org("z-krs", "Z numerem")
	numbered.KRS = "0000123456"
	numbered.Description = "Numer 12345678 w opisie."
	return build(t, social, assoc, disabled, elsewhere, named, turtle, numbered)
}

func slugsOf(res directory.Results) []string {
	var out []string
	for _, it := range res.Items {
		out = append(out, it.Slug)
	}
	return out
}

func TestSearchText(t *testing.T) {
	x := fixture(t)
	for _, tt := range []struct {
		text      string
		want      []string // in rank order
		corrected bool
	}{
		{"pomoc spoleczna", []string{"pomoc-spoleczna"}, false},
		{"POMOC SPOŁECZNA", []string{"pomoc-spoleczna"}, false},
		// inflection; name matches first, then by name
		{"stowarzyszenie", []string{"stowarzyszenie-nadzieja", "stowarzyszenia-leszna", "aaa-klub"}, false},
		{"niepelnosprawnych", []string{"bez-barier"}, false},
		{"żółw", []string{"zolw"}, false},
		{"swietego lukasza", []string{"zolw"}, false},
		{"stowazyszenie nadzieja", []string{"stowarzyszenie-nadzieja"}, true},
		{"zywnosciowa", []string{"pomoc-spoleczna"}, false},
		{"rehabilitacja", []string{"bez-barier"}, false}, // a category's name
		{"fundacja uzaleznione", nil, false},             // every word must match
		{"pomoc & | ! :* (", []string{"pomoc-spoleczna"}, false},
		{"12345678", []string{"z-krs"}, false}, // a number as typed
		{"12345679", nil, false},               // and never "corrected"
		// no word at all lists everything by name (Polish order: Ż last)
		{"!!!", []string{"aaa-klub", "bez-barier", "pomoc-spoleczna", "stowarzyszenie-nadzieja", "z-krs", "stowarzyszenia-leszna", "zolw"}, false},
	} {
		t.Run(tt.text, func(t *testing.T) {
			res := x.Search(directory.Query{Text: tt.text, Now: time.Now()})
			if got := slugsOf(res); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v, want %v", tt.text, got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
			if (res.Corrected != "") != tt.corrected {
				t.Errorf("Corrected = %q", res.Corrected)
			}
		})
	}
}

func TestSearchFilters(t *testing.T) {
	x := fixture(t)
	for _, tt := range []struct {
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
		{"unknown district finds nothing", directory.Query{District: "nie-ma"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := slugsOf(x.Search(tt.q)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// A download of a search holds exactly the results of every page, in
	// their order, whole.
	for _, q := range []directory.Query{{Text: "stowarzyszenie"}, {Volunteers: true}, {District: "zatorze", Interns: true}, {Category: "nie-ma"}, {}} {
		var got []string
		if err := x.EachMatch(q, func(o *directory.Organisation) error {
			if o.ID == "" || o.Description == "" {
				t.Errorf("EachMatch(%+v) gave %s without its whole record", q, o.Slug)
			}
			got = append(got, o.Slug)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		q.PerPage = 1000
		if want := slugsOf(x.Search(q)); !slices.Equal(got, want) {
			t.Errorf("EachMatch(%+v) = %v, the search lists %v", q, got, want)
		}
	}
	f := x.Facets()
	if f.Total != 7 || f.Counts["niepelnosprawnosc"] != 1 || f.Counts["seniorzy"] != 2 || f.Counts["aktywnosc-seniorow"] != 2 || f.Counts["ubostwo"] != 2 {
		t.Errorf("facets: total %d, counts %v", f.Total, f.Counts)
	}
}

// Pages are exact at any depth: the total is every match and a page past
// the last is empty with the total.
func TestSearchPages(t *testing.T) {
	var orgs []*directory.Organisation
	for i := range 2345 {
		o := org(fmt.Sprintf("org-%04d", i), fmt.Sprintf("Organizacja %04d", i))
		o.ID = fmt.Sprintf("00000000-0000-0000-0000-%012d", i)
		if i%3 == 0 {
			o.Name = fmt.Sprintf("Pomoc %04d", i)
		} else {
			o.Description = "Pomagamy: pomoc sąsiedzka."
		}
		orgs = append(orgs, o)
	}
	rand.Shuffle(len(orgs), func(i, j int) { orgs[i], orgs[j] = orgs[j], orgs[i] })
	x := build(t, orgs...)
	res := x.Search(directory.Query{PerPage: 10, Page: 1})
	if res.Total != 2345 || res.Pages() != 235 || slugsOf(res)[0] != "org-0001" {
		t.Fatalf("page 1: total %d, pages %d, items %v", res.Total, res.Pages(), slugsOf(res))
	}
	// Name matches (every third) first, then the others, each by name.
	var all []string
	for p := 1; ; p++ {
		res := x.Search(directory.Query{Text: "pomoc", PerPage: 7, Page: p})
		if res.Total != 2345 {
			t.Fatalf("page %d: total %d", p, res.Total)
		}
		if len(res.Items) == 0 {
			break
		}
		all = append(all, slugsOf(res)...)
	}
	var want []string
	for _, named := range []bool{true, false} {
		for i := range 2345 {
			if (i%3 == 0) == named {
				want = append(want, fmt.Sprintf("org-%04d", i))
			}
		}
	}
	if !slices.Equal(all, want) {
		t.Fatalf("walked %d results: %v … %v, want %v … %v", len(all), all[:3], all[len(all)-3:], want[:3], want[len(want)-3:])
	}
	if res := x.Search(directory.Query{PerPage: 10, Page: 236}); len(res.Items) != 0 || res.Total != 2345 {
		t.Errorf("past the last page: %v, total %d", slugsOf(res), res.Total)
	}
}

// Office hours are Warsaw wall-clock times; the filter follows the change
// to and from summer time, and agrees with WeeklyHours.OpenAt everywhere.
func TestOpenNowAgreesWithTheHours(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var orgs []*directory.Organisation
	for i := range 300 {
		o := org(fmt.Sprintf("o-%03d", i), fmt.Sprintf("Org %03d", i))
		o.ID = fmt.Sprintf("00000000-0000-0000-0000-%012d", i)
		o.TakesVolunteers = i%3 != 0
		for wd := 1; wd <= 7; wd++ {
			at := 0
			for range rng.IntN(3) {
				opens := at + rng.IntN(8)*30
				closes := opens + 15 + rng.IntN(16)*15
				if closes > 24*60 {
					break
				}
				o.Hours[wd].Intervals = append(o.Hours[wd].Intervals, directory.Interval{Opens: directory.ClockTime(opens), Closes: directory.ClockTime(closes)})
				at = closes
			}
		}
		orgs = append(orgs, o)
	}
	x := build(t, orgs...)
	instants := []time.Time{
		time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), // the spring change
		time.Date(2026, 10, 25, 0, 59, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC), // the autumn one
		time.Date(2026, 3, 29, 21, 59, 0, 0, time.UTC), time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC), // Sunday to Monday
	}
	for range 200 {
		instants = append(instants, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(365*24*60))*time.Minute))
	}
	for _, at := range instants {
		var want []string
		for _, o := range orgs {
			if o.Hours.OpenAt(at) {
				want = append(want, o.Slug)
			}
		}
		slices.Sort(want)
		res := x.Search(directory.Query{OpenNow: true, Now: at, PerPage: 1000})
		got := slugsOf(res)
		if !slices.Equal(got, want) {
			t.Fatalf("open at %v: %d organisations, want %d", at.In(directory.Warsaw), len(got), len(want))
		}
		for _, it := range res.Items {
			if !it.OpenNow {
				t.Fatalf("%s listed as open but not marked open at %v", it.Slug, at)
			}
		}
		// With a second filter the two are kept together, per segment of
		// the week: the same search at another moment is its own.
		var wantVol []string
		for _, slug := range want {
			if n, _ := strconv.Atoi(slug[2:]); n%3 != 0 {
				wantVol = append(wantVol, slug)
			}
		}
		if got := slugsOf(x.Search(directory.Query{OpenNow: true, Volunteers: true, Now: at, PerPage: 1000})); !slices.Equal(got, wantVol) {
			t.Fatalf("open at %v and taking volunteers: %d organisations, want %d", at.In(directory.Warsaw), len(got), len(wantVol))
		}
		for _, it := range x.Search(directory.Query{Now: at, PerPage: 1000}).Items {
			if it.OpenNow != slices.Contains(want, it.Slug) {
				t.Fatalf("%s marked open %v at %v", it.Slug, it.OpenNow, at)
			}
			// A result's "open until" or "opens on" is what the page of
			// the organisation says of its schedule.
			o := orgs[slices.IndexFunc(orgs, func(o *directory.Organisation) bool { return o.Slug == it.Slug })]
			if wantSt := o.Hours.StatusAt(at); it.Status != wantSt {
				t.Fatalf("%s at %v: result status %+v, the schedule's %+v", it.Slug, at.In(directory.Warsaw), it.Status, wantSt)
			}
		}
	}
}

func full() *directory.Organisation {
	lat, lon := 51.84, 16.57
	on := time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)
	o := &directory.Organisation{
		ID: "7b0e1a5e-8f7d-4c55-9c1e-0d2f8e9b1a22", Slug: "pelna", Name: "Stowarzyszenie Pełne", ShortName: "SP",
		LegalForm: directory.FormFoundation, PublicBenefit: true, KRS: "0000123456", NIP: "6972000000", REGON: "123456785",
		Address: directory.Address{Street: "ul. Długa 5", PostalCode: "64-100", City: "Leszno", District: "zatorze", Latitude: &lat, Longitude: &lon},
		Phones:  []string{"+48 65 000 00 00", "65 000 00 01"}, Emails: []string{"biuro@example.org"}, Website: "https://example.org",
		Social:      []string{"https://example.org/fb"},
		Contacts:    []directory.Contact{{Name: "Anna Zgodna", Function: "prezeska", Phone: "65 000", Email: "a@example.org", Consent: true, ConsentOn: &on}},
		Description: "Opis ze znakami: <b>&</b> „cudzysłów”.", Categories: []string{"ubostwo", "rehabilitacja"},
		TargetGroups: []string{"seniorzy"}, HoursNote: "po umówieniu", Accessibility: []string{"winda"}, Languages: []string{"pl", "uk"},
		TakesVolunteers: true, VolunteerNote: "chętnie", Example: true, VerifiedOn: &on,
		DescriptionUK: "Опис українською.", DescriptionEN: "A description in English.",
		HoursNoteUK: "за записом", HoursNoteEN: "by appointment",
		CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), UpdatedAt: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), Version: 7,
	}
	o.Hours[1] = directory.Day{Intervals: []directory.Interval{{Opens: 8 * 60, Closes: 12 * 60}, {Opens: 13 * 60, Closes: 16 * 60}}, Note: "przerwa"}
	o.Hours[7] = directory.Day{Intervals: []directory.Interval{{Opens: 18 * 60, Closes: 24 * 60}}}
	return o
}

func TestOrganisationComesBackWhole(t *testing.T) {
	want := full()
	// Ids as the database writes them are kept as 16 bytes; any other id
	// comes back as it was written.
	upper, other := full(), full()
	upper.Slug, upper.ID = "wielkie", strings.ToUpper(want.ID)
	other.Slug, other.ID = "inne-id", "nie-uuid"
	built := build(t, want, org("inna", "Inna"), upper, other)
	for name, x := range map[string]*Index{"built": built, "read back": readBack(t, built)} {
		for _, w := range []*directory.Organisation{want, upper, other} {
			got, err := x.Organisation(w.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("%s: Organisation =\n%+v\nwant\n%+v", name, got, w)
			}
		}
	}
	x := build(t, want, org("inna", "Inna"))
	if _, err := x.Organisation("nie-ma"); !fault.Is(err, fault.NotFound) {
		t.Errorf("unknown slug: %v", err)
	}
	var names []string
	if err := x.Each(func(o *directory.Organisation) error { names = append(names, o.Name); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"Inna", "Stowarzyszenie Pełne"}) {
		t.Errorf("Each = %v", names)
	}
	// A result's categories are the list the index keeps once for every
	// record with them, in the index built and in the one read back.
	twin := full()
	twin.Slug, twin.ID, twin.Name = "blizniacza", "", "Stowarzyszenie Pełne Drugie"
	x = build(t, want, twin, org("inna", "Inna"))
	for name, ix := range map[string]*Index{"built": x, "read back": readBack(t, x)} {
		res := ix.Search(directory.Query{Text: "pełne"})
		if len(res.Items) != 2 {
			t.Fatalf("%s: %d results", name, len(res.Items))
		}
		for _, it := range res.Items {
			if it.District != "Zatorze" || !slices.Equal(it.Categories, []string{"Ubóstwo i wykluczenie społeczne", "Rehabilitacja"}) ||
				it.Phone != "+48 65 000 00 00" {
				t.Errorf("%s: summary = %+v", name, it)
			}
		}
	}
}

// Every organisation's page finds it by its slug, in an index built and
// in one read back, among enough others that slugs share places in the
// table; a slug no organisation has, or part of one, finds nothing.
func TestOrganisationFoundBySlug(t *testing.T) {
	var orgs []*directory.Organisation
	for i := range 3000 {
		orgs = append(orgs, org(fmt.Sprintf("org-%d", i), fmt.Sprintf("Organizacja %d", i)))
	}
	x := build(t, orgs...)
	for _, ix := range []*Index{x, readBack(t, x)} {
		for _, o := range orgs {
			got, err := ix.Organisation(o.Slug)
			if err != nil || got.Name != o.Name {
				t.Fatalf("Organisation(%q) = %v, %v; want %q", o.Slug, got, err, o.Name)
			}
		}
		for _, slug := range []string{"", "org-", "org-3000", "org-1x", "rg-1"} {
			if o, err := ix.Organisation(slug); !fault.Is(err, fault.NotFound) {
				t.Errorf("Organisation(%q) = %v, %v; want not found", slug, o, err)
			}
		}
	}
	var empty Index
	empty.mapSlugs()
	if _, err := empty.Organisation("org-1"); !fault.Is(err, fault.NotFound) {
		t.Errorf("an empty directory found org-1: %v", err)
	}
}

// An index written and read back answers every query the same, read in
// one step or, as a large one is, in two.
func TestWriteToReadRoundTrip(t *testing.T) {
	t.Run("one step", testWriteToReadRoundTrip)
	t.Run("two steps", func(t *testing.T) {
		defer func(n uint64) { firstRead = n }(firstRead)
		firstRead = 100
		testWriteToReadRoundTrip(t)
	})
}

func testWriteToReadRoundTrip(t *testing.T) {
	x := fixture(t)
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	y, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	for _, q := range []directory.Query{{}, {Text: "stowarzyszenie"}, {Text: "stowazyszenie"}, {Category: "seniorzy"}, {District: "zatorze", Volunteers: true}, {OpenNow: true}} {
		q.Now = now
		if a, b := x.Search(q), y.Search(q); !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: %+v after reading, %+v before", q, b, a)
		}
	}
	if !reflect.DeepEqual(x.Facets(), y.Facets()) {
		t.Error("facets differ after reading")
	}
	// Cut short or changed anywhere, it is refused.
	for _, n := range []int{0, 5, 20, buf.Len() / 2, buf.Len() - 1} {
		if _, err := Read(bytes.NewReader(buf.Bytes()[:n])); err == nil {
			t.Errorf("an index cut at %d of %d bytes was read", n, buf.Len())
		}
	}
	flipped := bytes.Clone(buf.Bytes())
	flipped[len(flipped)-3] ^= 0x40
	if _, err := Read(bytes.NewReader(flipped)); err == nil {
		t.Error("a corrupted index was read")
	}
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	fixture(f).WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := Read(bytes.NewReader(b))
		if err == nil {
			x.Search(directory.Query{Text: "pomoc", Now: time.Now()})
		}
	})
}

// A record is read on every organisation page: bytes that are not one are
// an error, never a panic.
func FuzzDecodeRecord(f *testing.F) {
	shared := newSharedStrings()
	f.Add(encodeRecord(full(), directory.Vocabulary{}, shared))
	f.Add(encodeRecord(org("a", "A"), directory.Vocabulary{}, shared))
	// The category lists an index keeps, as it keeps them on loading.
	lists := map[string][]string{}
	for _, o := range []*directory.Organisation{full(), org("a", "A")} {
		readSummary(&recordReader{b: encodeRecord(o, directory.Vocabulary{}, shared), shared: shared.list, lists: lists, keep: true}, false, nil)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeRecord(b, shared.list)
		decodeSummary(b, shared.list, nil, nil)
		decodeSummary(b, shared.list, lists, nil)
	})
}

// Payloads that pass the checksum but are not an index (a fuzzer cannot
// forge a checksum) are refused by the decoder itself, or decode into an
// index that still answers without a panic.
func TestDecodeIndexRefusesDamage(t *testing.T) {
	var buf bytes.Buffer
	fixture(t).WriteTo(&buf)
	payload := buf.Bytes()[len(magic)+16:]
	rng := rand.New(rand.NewPCG(7, 7))
	refused := 0
	for range 3000 {
		b := bytes.Clone(payload)
		for range 1 + rng.IntN(4) {
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
		}
		if rng.IntN(4) == 0 {
			b = b[:rng.IntN(len(b))]
		}
		x, err := decodeIndex(b)
		if err != nil {
			refused++
			continue
		}
		x.Search(directory.Query{Text: "pomoc", OpenNow: true, Category: "ubostwo", Now: time.Now()})
		for n := range uint32(x.Len()) {
			x.Organisation(recordSlug(x.record(n)))
		}
	}
	if refused == 0 {
		t.Error("no damaged payload was refused")
	}
}

// A result keeps the description's first 221 characters (one more than
// it shows, which tells that it was cut), whole characters, however many
// bytes each takes.
func TestSummaryCutsTheDescriptionByCharacters(t *testing.T) {
	for _, desc := range []string{
		strings.Repeat("ż", 300), strings.Repeat("a", 300), strings.Repeat("ab€", 100),
		strings.Repeat("ą", 221), "krótki opis",
	} {
		o := &directory.Organisation{Slug: "a", Name: "A", Description: desc}
		shared := newSharedStrings()
		s, _ := decodeSummary(encodeRecord(o, directory.Vocabulary{}, shared), shared.list, nil, nil)
		want := desc
		if r := []rune(desc); len(r) > summaryRunes {
			want = string(r[:summaryRunes])
		}
		if s.Description != want {
			t.Errorf("%q…: got %d characters, want %d", desc[:6], utf8.RuneCountInString(s.Description), utf8.RuneCountInString(want))
		}
	}
}

// The translated descriptions are searched as the Polish one is (folded,
// by a word's start) and a result carries them, cut as the Polish one.
func TestTranslatedDescriptionsAreSearched(t *testing.T) {
	o := org("ukrainska", "Fundacja Słonecznik")
	o.DescriptionUK = "Допомагаємо родинам з України. " + strings.Repeat("ї", 300)
	o.DescriptionEN = "We help families with WINTER clothes."
	x := build(t, o, org("inna", "Inna"))
	for _, q := range []string{"родинам", "РОДИН", "winter", "clothes families"} {
		if res := x.Search(directory.Query{Text: q}); !slices.Equal(slugsOf(res), []string{"ukrainska"}) {
			t.Errorf("%q found %v", q, slugsOf(res))
		}
	}
	res := x.Search(directory.Query{Text: "родинам"})
	got := res.Items[0]
	if n := utf8.RuneCountInString(got.DescriptionUK); n != summaryRunes {
		t.Errorf("the result's Ukrainian description has %d characters, want %d", n, summaryRunes)
	}
	if d, lang := got.DescriptionIn("en"); d != o.DescriptionEN || lang != "en" {
		t.Errorf("DescriptionIn(en) = %q, %q", d, lang)
	}
	if d, lang := got.DescriptionIn("pl"); d != o.Description || lang != "pl" {
		t.Errorf("DescriptionIn(pl) = %q, %q", d, lang)
	}
}

// TestFirstPageAgreesWithTheIntersections checks the first page found by
// walking the sets (firstPage) against the same page taken from the
// intersections, for searches of one or two words with and without
// filters, dense and sparse, where the walk is taken and where it is not
// (three sets, or too few found in the smallest).
func TestFirstPageAgreesWithTheIntersections(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	words := []string{"pomoc", "rodzina", "senior", "dzieci", "sport", "kultura", "zdrowie", "rzadkie"}
	cats := []string{"ubostwo", "wolontariat", "rehabilitacja", "aktywnosc-seniorow", "uzaleznienia"}
	var orgs []*directory.Organisation
	for i := range 3000 {
		o := org(fmt.Sprintf("org-%04d", i), fmt.Sprintf("%s %04d", words[rng.IntN(len(words)-1)], i), cats[rng.IntN(len(cats))])
		o.ID = fmt.Sprintf("00000000-0000-0000-0000-%012d", i)
		var d []string
		for range 1 + rng.IntN(3) {
			d = append(d, words[rng.IntN(len(words)-1)])
		}
		if i%97 == 0 {
			d = append(d, "rzadkie")
		}
		o.Description = strings.Join(d, " ")
		o.TakesVolunteers = rng.IntN(4) == 0
		o.TakesInterns = i%151 == 0 // few: the walk is too long
		orgs = append(orgs, o)
	}
	x := build(t, orgs...)
	walked, searched := 0, 0
	for _, text := range append(append([]string{""}, words...), "pomoc rodzina", "senior dzieci", "rzadkie sport", "pomoc rzadkie") {
		for _, q := range []directory.Query{
			{Text: text}, {Text: text, Category: "ubostwo"}, {Text: text, Volunteers: true},
			{Text: text, Interns: true}, {Text: text, Category: "wolontariat", Volunteers: true},
		} {
			q.PerPage, q.Page = 20, 1
			searched++
			got := x.Search(q)
			matchSets, nameSets, _, ok := x.matchSets(q)
			if !ok {
				t.Fatalf("%+v: unknown filter", q)
			}
			if _, _, ok := x.firstPage(nil, matchSets, nameSets, q.PerPage, 0); ok {
				walked++
			}
			first, match := x.intersections(matchSets, nameSets)
			want := x.page(nil, first, 0, q.PerPage, 0)
			want = x.pageRest(want, match, first, 0, q.PerPage, 0)
			if got.Total != int(match.GetCardinality()) || !slices.Equal(slugsOf(got), slugsOf(directory.Results{Items: want})) {
				t.Errorf("%+v: total %d, %v; want %d, %v", q, got.Total, slugsOf(got), match.GetCardinality(), slugsOf(directory.Results{Items: want}))
			}
		}
	}
	if walked < searched/2 || walked == searched {
		t.Errorf("the walk found %d of %d first pages: want most of them, not all", walked, searched)
	}
}
