package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
)

// weekdayNames are the Polish day names the pages use, Monday first.
var weekdayNames = [8]string{"", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"}

// statusLine is what a page says of st (see openLine).
func statusLine(st directory.Status) string {
	switch {
	case !st.Known:
		return ""
	case st.Open:
		return "Otwarte teraz, do " + st.Until.String()
	case st.NextDay == 0:
		return "Teraz zamknięte"
	}
	day := weekdayNames[st.NextDay]
	switch st.InDays {
	case 0:
		day = "dziś"
	case 1:
		day = "jutro"
	}
	return "Teraz zamknięte. Otwarcie: " + day + ", " + st.NextOpens.String()
}

// A result card shows what people decide on: the phone to call, whether
// the organisation is open now (or when it opens) and where it is.
func TestResultCardsShowPhoneOpeningAndDistrict(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	vocab, err := s.live.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := s.get("/organizacje")
	cards := p.doc.Find("ol.result-list > li.result")
	if cards.Length() == 0 {
		t.Fatal("no results")
	}
	var phones, open, closed int
	cards.Each(func(_ int, li *goquery.Selection) {
		href, _ := li.Find("h3.result__name a").Attr("href")
		o, err := s.live.Organisation(ctx, strings.TrimPrefix(href, "/organizacje/"))
		if err != nil {
			t.Fatalf("result %q: %v", href, err)
		}
		tel := li.Find(".result__phone a")
		if len(o.Phones) > 0 {
			phones++
			if h, _ := tel.Attr("href"); h != "tel:"+strings.NewReplacer(" ", "", "-", "").Replace(o.Phones[0]) || strings.TrimSpace(tel.Text()) != o.Phones[0] {
				t.Errorf("%s: phone link %q %q, want the first number %q", o.Slug, h, tel.Text(), o.Phones[0])
			}
		} else if tel.Length() != 0 {
			t.Errorf("%s: a phone link without a phone", o.Slug)
		}
		st := o.Hours.StatusAt(monday1030)
		if got := strings.Join(strings.Fields(li.Find(".open-line").Text()), " "); got != statusLine(st) {
			t.Errorf("%s: open line %q, want %q", o.Slug, got, statusLine(st))
		}
		if st.Open {
			open++
		} else if st.Known {
			closed++
		}
		if o.Address.District != "" && !strings.Contains(li.Find(".result__meta").Text(), vocab.DistrictName(o.Address.District)) {
			t.Errorf("%s: meta %q lacks the district %q", o.Slug, li.Find(".result__meta").Text(), vocab.DistrictName(o.Address.District))
		}
	})
	if phones == 0 || open == 0 || closed == 0 {
		t.Errorf("the first page shows %d phones, %d open and %d closed organisations: the test shows nothing", phones, open, closed)
	}
}

// An organisation's page leads back to the very search it was opened from,
// and never anywhere outside the directory, whatever the address says.
func TestBackLinkReturnsToTheSearch(t *testing.T) {
	s := newSite(t)
	list := s.get("/organizacje?praktyki=tak&kategoria=seniorzy")
	first := list.doc.Find("ol.result-list h3.result__name a").First()
	href, ok := first.Attr("href")
	if !ok {
		t.Fatal("no result")
	}
	if !strings.Contains(href, "?wroc=") {
		t.Fatalf("result link %q carries no search", href)
	}
	org := s.get(href)
	back := org.doc.Find(".breadcrumbs a")
	if h, _ := back.Attr("href"); h != "/organizacje?kategoria=seniorzy&praktyki=tak" {
		t.Errorf("back link %q, want the search", h)
	}
	if got := strings.TrimSpace(back.Text()); got != "‹ Wróć do wyników wyszukiwania" {
		t.Errorf("back link text %q", got)
	}
	// The canonical address stays the organisation's own.
	if c, _ := org.doc.Find(`link[rel=canonical]`).Attr("href"); strings.Contains(c, "wroc") {
		t.Errorf("canonical %q carries the search", c)
	}
	// The unsearched first page has nothing to carry.
	if h, _ := s.get("/organizacje").doc.Find("ol.result-list h3.result__name a").First().Attr("href"); strings.Contains(h, "?") {
		t.Errorf("result link %q on the whole directory", h)
	}

	slug := "/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow"
	for _, tt := range []struct{ wroc, want string }{
		{"q=pomoc&strona=2", "/organizacje?q=pomoc&strona=2"},
		{"q=<script>alert(1)</script>", "/organizacje?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E"},
		{"//evil.example/organizacje", "/organizacje"},
		{"https://evil.example/?q=a", "/organizacje"},
		{"javascript:alert(1)", "/organizacje"},
		{"q=a%0d%0aLocation:%20https://evil.example", "/organizacje?q=a%0D%0ALocation%3A+https%3A%2F%2Fevil.example"},
		{"%zz", "/organizacje"},
		{"", "/organizacje"},
	} {
		p := s.get(slug + "?wroc=" + url.QueryEscape(tt.wroc))
		if p.status != http.StatusOK {
			t.Errorf("wroc=%q: status %d", tt.wroc, p.status)
			continue
		}
		if h, _ := p.doc.Find(".breadcrumbs a").Attr("href"); h != tt.want {
			t.Errorf("wroc=%q: back link %q, want %q", tt.wroc, h, tt.want)
		}
	}
}

// On a phone the filters fold into a summary that counts the applied
// ones; the search text stays outside the fold.
func TestFiltersFoldWithTheirCount(t *testing.T) {
	s := newSite(t)
	for target, want := range map[string]string{
		"/organizacje":              "Filtry",
		"/organizacje?q=pomoc":      "Filtry",
		"/organizacje?praktyki=tak": "Filtry (1 włączony)",
		"/organizacje?q=pomoc&praktyki=tak&wolontariat=tak": "Filtry (2 włączone)",
	} {
		p := s.get(target)
		fold := p.doc.Find("form.filters details.filters__more")
		if got := p.text("form.filters details.filters__more > summary"); got != want {
			t.Errorf("%s: summary %q, want %q", target, got, want)
		}
		if fold.Find("#kategoria, #grupa, #dzielnica, #otwarte, #wolontariat, #praktyki").Length() != 6 {
			t.Errorf("%s: the filters are not all in the fold", target)
		}
		if fold.Find("#q").Length() != 0 || p.doc.Find("form.filters #q").Length() != 1 {
			t.Errorf("%s: the search text must stay outside the fold", target)
		}
		if _, open := fold.Attr("open"); open {
			t.Errorf("%s: the fold starts open (only the script opens it, on wide screens)", target)
		}
	}
}

// The list's downloads are exactly its search's results, from the
// publication in memory, and say where they come from and their licence.
func TestDownloadsFollowTheSearch(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	pub := s.published()
	res, err := s.live.Search(ctx, directory.Query{Interns: true, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, it := range res.Items {
		want = append(want, it.Name)
	}
	if len(want) == 0 || len(want) >= len(s.publishedNames()) {
		t.Fatalf("%d interns' organisations of %d: the test shows nothing", len(want), len(s.publishedNames()))
	}
	licence := `<https://creativecommons.org/licenses/by/4.0/deed.pl>; rel="license"`
	number := strconv.Itoa(pub.Number)

	for _, tt := range []struct {
		path  string
		comma rune
	}{{"/organizacje.csv", ';'}, {"/organizacje-przecinek.csv", ','}} {
		p := s.get(tt.path + "?praktyki=tak&strona=3")
		if p.status != http.StatusOK || p.header.Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Fatalf("%s: status %d, type %q", tt.path, p.status, p.header.Get("Content-Type"))
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff")))
		cr.Comma = tt.comma
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s?praktyki=tak: %d rows %q, want the search's %d %q", tt.path, len(got), got, len(want), want)
		}
		if cd := p.header.Get("Content-Disposition"); !strings.Contains(cd, "-p"+number) || !strings.Contains(cd, "-wybor.csv") {
			t.Errorf("%s: Content-Disposition %q", tt.path, cd)
		}
		if l := p.header.Get("Link"); l != licence {
			t.Errorf("%s: Link %q, want the licence", tt.path, l)
		}
		// A phone number is written as it is, not as text with an apostrophe.
		if !strings.Contains(p.body, "+48 65 000") || strings.Contains(p.body, "'+48") {
			t.Errorf("%s: phone numbers must be written as they are", tt.path)
		}
		// The same search again is not sent again.
		again := s.with(tt.path+"?praktyki=tak", map[string]string{"If-None-Match": p.header.Get("ETag")})
		if again.status != http.StatusNotModified {
			t.Errorf("%s: conditional request answered %d", tt.path, again.status)
		}
		if other := s.with(tt.path+"?wolontariat=tak", map[string]string{"If-None-Match": p.header.Get("ETag")}); other.status != http.StatusOK {
			t.Errorf("%s: another search answered %d to the first one's ETag", tt.path, other.status)
		}
		// The page number alone is no search: the whole publication.
		whole := s.get(tt.path + "?strona=2")
		wr := csv.NewReader(strings.NewReader(strings.TrimPrefix(whole.body, "\ufeff")))
		wr.Comma = tt.comma
		all, err := wr.ReadAll()
		if err != nil || len(all)-1 != len(s.publishedNames()) || whole.header.Get("Link") != licence {
			t.Errorf("%s?strona=2: %d rows (%v), Link %q; want the whole publication", tt.path, len(all)-1, err, whole.header.Get("Link"))
		}
	}

	j := s.get("/organizacje.json?praktyki=tak")
	var doc struct {
		Publication struct {
			Number      int    `json:"number"`
			PublishedAt string `json:"published_at"`
		} `json:"publication"`
		Licence struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"licence"`
		Selection     string `json:"selection"`
		Organisations []struct {
			Name  string                     `json:"name"`
			Hours map[string]json.RawMessage `json:"hours"`
		} `json:"organisations"`
	}
	if err := json.Unmarshal([]byte(j.body), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var got []string
	for _, o := range doc.Organisations {
		got = append(got, o.Name)
	}
	if !slices.Equal(got, want) || doc.Publication.Number != pub.Number || doc.Publication.PublishedAt == "" ||
		doc.Licence.Name != "CC BY 4.0" || doc.Selection != "http://example.com/organizacje?praktyki=tak" {
		t.Errorf("JSON of the search: %d organisations, publication %+v, licence %+v, selection %q", len(got), doc.Publication, doc.Licence, doc.Selection)
	}
	if len(doc.Organisations) > 0 && len(doc.Organisations[0].Hours) != 7 {
		t.Errorf("hours %v: want the seven named days", doc.Organisations[0].Hours)
	}
	// The whole JSON, built when publishing, states the licence too.
	whole := s.get("/organizacje.json")
	if !strings.Contains(whole.body, `"licence":{"name":"CC BY 4.0","url":"https://creativecommons.org/licenses/by/4.0/deed.pl"}`) || whole.header.Get("Link") != licence {
		t.Errorf("the whole JSON does not state its licence (Link %q)", whole.header.Get("Link"))
	}

	// The page links the downloads of its own search and says what they
	// hold, where they come from and how to cite them.
	p := s.get("/organizacje?praktyki=tak&strona=1")
	for _, dl := range []string{"/organizacje.csv?praktyki=tak", "/organizacje-przecinek.csv?praktyki=tak", "/organizacje.json?praktyki=tak"} {
		if p.doc.Find(`.exports a[href="`+dl+`"]`).Length() != 1 {
			t.Errorf("the page of the search does not link %s", dl)
		}
	}
	exports := p.text(".exports")
	if !strings.Contains(exports, "tylko wyniki tego wyszukiwania: "+strconv.Itoa(len(want))+" organizac") {
		t.Errorf("the downloads do not say they hold the search's %d results: %q", len(want), exports)
	}
	if !strings.Contains(exports, "Dane z publikacji nr "+number+" z ") {
		t.Errorf("the downloads do not name publication %s: %q", number, exports)
	}
	// Two sentences, with a space between them.
	if src := p.text(".downloads__source"); !regexp.MustCompile(`[0-9]{4}\. Licencja: CC BY 4\.0\.$`).MatchString(src) {
		t.Errorf("the source line runs its sentences together: %q", src)
	}
	if h, _ := p.doc.Find(`.exports a[rel=license]`).Attr("href"); h != "https://creativecommons.org/licenses/by/4.0/deed.pl" {
		t.Errorf("licence link %q", h)
	}
	cite := p.text(".exports .cite")
	if !strings.HasPrefix(cite, "Jak cytować:") || !strings.Contains(cite, "publikacja nr "+number+" z ") || !strings.HasSuffix(cite, "http://example.com/organizacje?praktyki=tak") {
		t.Errorf("cite line %q", cite)
	}
}

// An organisation's page: a permalink to copy, buttons the script shows,
// directions to the address, a citation naming the publication, and the
// script under the page's nonce.
func TestOrganisationPageOffersShareAndPrint(t *testing.T) {
	s := newSite(t)
	pub := s.published()
	p := s.get("/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow")
	if v, _ := p.doc.Find("input#permalink[readonly]").Attr("value"); v != "http://example.com/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow" {
		t.Errorf("permalink %q", v)
	}
	if p.doc.Find(`label[for=permalink]`).Length() != 1 {
		t.Error("the permalink has no label")
	}
	for _, b := range []string{"data-copy", "data-share", "data-print"} {
		if p.doc.Find("button["+b+"][hidden]").Length() != 1 {
			t.Errorf("no hidden button[%s] for the script to show", b)
		}
	}
	if h, _ := p.doc.Find(".directions a").Attr("href"); h != "https://www.openstreetmap.org/directions?from=&to=51.842180%2C16.574310" {
		t.Errorf("directions %q", h)
	}
	if p.doc.Find(`a[href^="tel:+4865000"]`).Length() == 0 {
		t.Error("no tel: link")
	}
	cite := p.text(".cite")
	if !strings.HasPrefix(cite, "Jak cytować: „Stowarzyszenie Przykładowe") || !strings.Contains(cite, "publikacja nr "+strconv.Itoa(pub.Number)+" z ") ||
		!strings.HasSuffix(cite, "http://example.com/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow") {
		t.Errorf("cite line %q", cite)
	}
	nonce := regexp.MustCompile(`'nonce-([^']+)'`).FindStringSubmatch(p.header.Get("Content-Security-Policy"))
	script := p.doc.Find(`script[src^="/static/js/portal."]`)
	if n, _ := script.Attr("nonce"); nonce == nil || n != nonce[1] {
		t.Errorf("script nonce %q, CSP %q", n, p.header.Get("Content-Security-Policy"))
	}
	if src, _ := script.Attr("src"); s.get(src).status != http.StatusOK {
		t.Errorf("script %q is not served", src)
	}
}

// On a site holding only the demo organisations, card 9.2's live values
// say so beside the value and in the JSON, never a bare 0; once a real
// organisation is there, they say how many examples they leave out.
func TestLiveValuesSayWhenTheDataAreExamples(t *testing.T) {
	s := newSite(t)
	type live struct {
		Year                 int    `json:"year"`
		Value                string `json:"value"`
		ExampleOrganisations int    `json:"example_organisations"`
		OnlyExamples         bool   `json:"only_examples"`
		Note                 string `json:"note"`
	}
	liveOf := func() []live {
		t.Helper()
		var card struct {
			Task struct {
				Indicators []struct {
					Metric string `json:"metric"`
					Live   *live  `json:"live"`
				} `json:"indicators"`
			} `json:"task"`
		}
		j := s.get("/strategia/zadania/ii-9-2.json")
		if err := json.Unmarshal([]byte(j.body), &card); err != nil {
			t.Fatal(err)
		}
		var out []live
		for _, ind := range card.Task.Indicators {
			if ind.Metric == "organisations" {
				if ind.Live == nil {
					t.Fatal("the bound indicator has no live value in the JSON")
				}
				out = append(out, *ind.Live)
			}
		}
		if len(out) != 1 {
			t.Fatalf("%d indicators bound to the organisations metric", len(out))
		}
		return out
	}

	p := s.get("/strategia/zadania/ii-9-2")
	cell := p.doc.Find(".indicator-table td.live").First()
	if got := strings.Join(strings.Fields(cell.Text()), " "); got != "0 (tylko dane przykładowe)" {
		t.Errorf("live value cell %q, want the 0 said to be of example data", got)
	}
	if got := strings.Join(strings.Fields(cell.Closest(".indicator").Find(".live-note[role=note]").Text()), " "); !strings.Contains(got, "Tylko dane przykładowe: w bazie są 54 przykładowe organizacje (treść demonstracyjna), których wskaźnik nie liczy.") {
		t.Errorf("note %q", got)
	}
	lv := liveOf()[0]
	if lv.Value != "0" || lv.Year != monday1030.Year() || lv.ExampleOrganisations != 54 || !lv.OnlyExamples || !strings.HasPrefix(lv.Note, "Tylko dane przykładowe") {
		t.Errorf("JSON live value %+v", lv)
	}

	// A real organisation: the value counts it, and tells what it leaves
	// out.
	real := &directory.Organisation{Slug: "prawdziwa", Name: "Prawdziwa Fundacja", LegalForm: directory.FormFoundation,
		Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
		Description: "Organizacja, która istnieje.", Categories: []string{"ubostwo"}, Emails: []string{"biuro@example.org"}}
	if err := s.store.CreateOrganisation(context.Background(), real, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	p = s.get("/strategia/zadania/ii-9-2")
	cell = p.doc.Find(".indicator-table td.live").First()
	if got := strings.Join(strings.Fields(cell.Text()), " "); got != "1" {
		t.Errorf("live value cell %q, want 1", got)
	}
	if got := strings.Join(strings.Fields(cell.Closest(".indicator").Find(".live-note").Text()), " "); got != "Bez 54 przykładowych organizacji (treść demonstracyjna)." {
		t.Errorf("note %q", got)
	}
	if lv := liveOf()[0]; lv.Value != "1" || lv.ExampleOrganisations != 54 || lv.OnlyExamples {
		t.Errorf("JSON live value %+v", lv)
	}
}
