package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/searchlog"
	"github.com/mopr-leszno/portal/internal/server"
)

// resultSlugs are the organisations a results page lists, in order.
func resultSlugs(doc *goquery.Document) []string {
	var out []string
	doc.Find(".result-list .result__name a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		href, _, _ = strings.Cut(href, "?") // the way back to the search
		out = append(out, strings.TrimPrefix(href, "/organizacje/"))
	})
	return out
}

func TestSearchFindsWhatPeopleMean(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	// notInText fails the test unless the organisation's own words lack
	// stem: then only its category, target group or language can find it.
	notInText := func(t *testing.T, slug, stem string) {
		t.Helper()
		o, err := s.store.Organisation(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		text := directory.Fold(strings.ToLower(o.Name + " " + o.ShortName + " " + o.Description + " " + o.VolunteerNote))
		if strings.Contains(text, stem) {
			t.Fatalf("%s holds %q in its own text: the case proves nothing", slug, stem)
		}
	}
	for _, tt := range []struct {
		query, stem string
		finds       []string
		atLeast     int
	}{
		// the default synonyms (migration 00014), published with the demo
		{"jedzenie", "jedzen", []string{"fundacja-przykladowa-cieply-posilek", "przykladowa-federacja-bankow-zywnosci-magazyn-leszno"}, 5},
		{"ubrania", "ubran", []string{"caritas-przykladowej-parafii-sw-mikolaja"}, 3},
		// a category's name, a target group's, a language's
		{"paliatywna", "paliatyw", []string{"przykladowa-diakonia-parafii-ewangelicko-augsburskiej"}, 1},
		{"zależnych", "zalezn", []string{"fundacja-przykladowa-bez-barier-leszno"}, 1},
		{"niemiecki", "niemieck", []string{"przykladowy-leszczynski-uniwersytet-trzeciego-wieku"}, 1},
	} {
		t.Run(tt.query, func(t *testing.T) {
			for _, slug := range tt.finds {
				notInText(t, slug, tt.stem)
			}
			p := s.get("/organizacje?q=" + url.QueryEscape(tt.query))
			if p.status != http.StatusOK {
				t.Fatalf("status %d", p.status)
			}
			got := resultSlugs(p.doc)
			for _, slug := range tt.finds {
				if !slices.Contains(got, slug) {
					t.Errorf("%q: %s missing from %v", tt.query, slug, got)
				}
			}
			if len(got) < tt.atLeast {
				t.Errorf("%q: %d results, want at least %d", tt.query, len(got), tt.atLeast)
			}
			if c := p.text(".correction"); c != "" {
				t.Errorf("%q was corrected: %q", tt.query, c)
			}
		})
	}
}

func TestSearchRanksNameMatchesFirstAfterStemming(t *testing.T) {
	s := newSite(t)
	for _, q := range []string{"bezdomnosc", "bezdomność", "bezdomni"} {
		got := resultSlugs(s.get("/organizacje?q=" + url.QueryEscape(q)).doc)
		if len(got) < 3 || got[0] != "przykladowe-towarzystwo-pomocy-bezdomnym-kolo-leszczynskie" {
			t.Errorf("%q: %v, want the Towarzystwo Pomocy Bezdomnym first of several", q, got)
		}
	}
}

func TestSearchSuggestionKeepsPolishLetters(t *testing.T) {
	s := newSite(t)
	p := s.get("/organizacje?q=bezdomnisc")
	c := p.text(".correction")
	if !strings.Contains(c, "bezdomnoś") || strings.Contains(c, "bezdomnosc") {
		t.Errorf("correction %q, want the word with its Polish letters", c)
	}
	if len(resultSlugs(p.doc)) == 0 {
		t.Error("the corrected search found nothing")
	}
}

// A staff member adds a synonym; the public search uses it from the next
// publication on. Wrong input comes back at its fields, as typed.
func TestStaffExtendSynonyms(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	a := b.get("/admin/synonimy")
	if a.status != http.StatusOK || !strings.Contains(a.doc.Find(".synonym-list").Text(), "jedzenie") {
		t.Fatalf("the list: %d without the default synonyms", a.status)
	}

	a = b.post("/admin/synonimy", url.Values{"word": {"dwa słowa"}, "alternatives": {"  ,  ; "}})
	if a.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid synonym: %d", a.status)
	}
	if v, _ := a.doc.Find("#word").Attr("value"); v != "dwa słowa" {
		t.Errorf("the word came back as %q", v)
	}
	if v := a.doc.Find("#alternatives").Text(); v != "  ,  ; " {
		t.Errorf("the alternatives came back as %q", v)
	}
	if e := a.doc.Find("#word-error").Text(); !strings.Contains(e, "jedno słowo") {
		t.Errorf("word error %q", e)
	}
	if e := a.doc.Find("#alternatives-error").Text(); e == "" {
		t.Error("no error at the alternatives")
	}
	if a.doc.Find(".error-summary a[href='#word']").Length() != 1 {
		t.Error("no error summary linking to the word")
	}

	if got := resultSlugs(s.get("/organizacje?q=futbol").doc); len(got) != 0 {
		t.Fatalf("futbol already finds %v", got)
	}
	a = b.post("/admin/synonimy", url.Values{"word": {"Futbol"}, "alternatives": {"piłki nożnej, lekkiej atletyki"}})
	if a.status != http.StatusSeeOther || a.location != "/admin/synonimy?info=zapisano" {
		t.Fatalf("save: %d to %q", a.status, a.location)
	}
	a = b.get(a.location)
	if !strings.Contains(a.doc.Find("[role=status]").Text(), "po najbliższej publikacji") {
		t.Errorf("the notice does not say when it takes effect: %q", a.doc.Find("[role=status]").Text())
	}
	if a.doc.Find(".synonym-list th:contains('futbol')").Length() != 1 {
		t.Error("the new synonym is not listed (lower case)")
	}
	// Its edit link fills the form.
	a = b.get("/admin/synonimy?slowo=futbol")
	if v := a.doc.Find("#alternatives").Text(); v != "piłki nożnej, lekkiej atletyki" {
		t.Errorf("edit form holds %q", v)
	}

	// Not public until published.
	if got := resultSlugs(s.get("/organizacje?q=futbol").doc); len(got) != 0 {
		t.Errorf("before publishing, futbol finds %v", got)
	}
	if _, err := s.publishNow(t.Context(), "synonimy", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	if got := resultSlugs(s.get("/organizacje?q=futbolu").doc); !slices.Equal(got, []string{"przykladowy-uczniowski-klub-sportowy-orlik-zaborowo"}) {
		t.Errorf("after publishing, futbolu finds %v", got)
	}

	a = b.post("/admin/synonimy/usun", url.Values{"word": {"futbol"}})
	if a.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", a.status)
	}
	if b.get("/admin/synonimy").doc.Find(".synonym-list th:contains('futbol')").Length() != 0 {
		t.Error("deleted synonym still listed")
	}
	if a := b.post("/admin/synonimy/usun", url.Values{"word": {"futbol"}}); a.status != http.StatusNotFound {
		t.Errorf("deleting it again: %d", a.status)
	}
}

func TestSearchPagesCheckRoles(t *testing.T) {
	s := newSite(t)
	anon := s.browser(t)
	for _, rt := range []struct {
		method, path string
		form         url.Values
	}{{"GET", "/admin/synonimy", nil}, {"POST", "/admin/synonimy", url.Values{"word": {"a"}, "alternatives": {"b"}}},
		{"POST", "/admin/synonimy/usun", url.Values{"word": {"jedzenie"}}}, {"GET", "/admin/wyszukiwania", nil}} {
		if a := anon.send(rt.method, rt.path, rt.form, nil); a.status != http.StatusSeeOther || a.location != "/admin/logowanie" {
			t.Errorf("anonymous %s %s: %d to %q", rt.method, rt.path, a.status, a.location)
		}
	}
	if syns, err := s.store.Synonyms(t.Context()); err != nil || !slices.ContainsFunc(syns, func(s directory.Synonym) bool { return s.Word == "jedzenie" }) {
		t.Errorf("an anonymous request changed the synonyms: %v %v", syns, err)
	}
}

// Searches that found nothing are counted per week, without anything
// personal, and shown to staff.
func TestSearchLogCountsMissesPerWeek(t *testing.T) {
	misses := searchlog.NewCounter(0)
	s := newSite(t, func(d *server.Deps) { d.SearchLog = misses })
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	for _, target := range []string{
		"/organizacje?q=Basen+600+100+200",        // nothing: counted, without the number
		"/organizacje?q=basen",                    // the same text
		"/osadz?q=BASEN!",                         // the embed counts too
		"/organizacje?q=jedzenie",                 // found: not counted
		"/organizacje?q=stowazyszenie",            // corrected and found: not counted
		"/organizacje?q=hospicjum&dzielnica=kloc", // nothing here, but the text finds elsewhere
		"/organizacje?q=600100200",                // nothing left once the number is dropped
		"/organizacje",                            // no text
	} {
		if p := s.get(target); p.status != http.StatusOK {
			t.Fatalf("%s: %d", target, p.status)
		}
	}
	// The staff's preview is not the residents' search.
	if a := b.get("/admin/podglad/organizacje?q=kajaki"); a.status != http.StatusOK {
		t.Fatalf("preview: %d", a.status)
	}

	// The background write, as portal serve does it on stop.
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		misses.Run(ctx, time.Hour, s.store.AddSearchMisses, slog.New(slog.DiscardHandler))
	}()
	cancel()
	<-done

	rows, err := s.store.Pool().Query(t.Context(), `SELECT * FROM search_miss`)
	if err != nil {
		t.Fatal(err)
	}
	var stored [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, v)
	}
	if len(rows.FieldDescriptions()) != 3 || len(stored) != 1 {
		t.Fatalf("stored %v (columns %v), want one row of week, text and count", stored, rows.FieldDescriptions())
	}
	if week, _ := stored[0][0].(time.Time); !week.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) || stored[0][1] != "basen" || stored[0][2] != int32(3) {
		t.Errorf("stored %v, want the week of Monday 2026-11-23, basen, 3", stored[0])
	}

	a := b.get("/admin/wyszukiwania")
	if a.status != http.StatusOK {
		t.Fatalf("log page: %d", a.status)
	}
	rowsShown := a.doc.Find(".miss-list tbody tr")
	if rowsShown.Length() != 1 || rowsShown.Find("th").Text() != "basen" || rowsShown.Find("td").Text() != "3" {
		t.Errorf("log rows %q, want basen searched 3 times", rowsShown.Text())
	}
	if h := a.doc.Find("h2 time").First().AttrOr("datetime", ""); h != "2026-11-23" {
		t.Errorf("week heading starts %q", h)
	}
}

// The public search never waits for the database to count a miss: with
// the database down it answers from memory and the count waits there; the
// background write then fails and drops it (README: the search log).
func TestSearchLogWithTheDatabaseDown(t *testing.T) {
	misses := searchlog.NewCounter(0)
	s := newSite(t, func(d *server.Deps) { d.SearchLog = misses })
	s.store.Close()
	if p := s.get("/organizacje?q=basen"); p.status != http.StatusOK || p.doc.Find(".empty-state").Length() != 1 {
		t.Fatalf("search with the database down: %d", p.status)
	}
	taken, _ := misses.Take()
	if len(taken) != 1 || taken[0].Query != "basen" {
		t.Fatalf("counted %+v", taken)
	}
	if err := s.store.AddSearchMisses(t.Context(), taken); err == nil {
		t.Error("writing the log with the database down succeeded")
	}
}
