package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/demo"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/server"
)

var testOrigins = []string{"https://mopr.leszno.pl", "https://www.leszno.pl"}

// newEmbedSite is the test site with two sites allowed to embed the
// directory and the demo organisations published.
func newEmbedSite(t *testing.T) *site {
	t.Helper()
	s := newSite(t, func(d *server.Deps) {
		d.EmbedOrigins = testOrigins
		if d.Publishing == nil {
			d.Publishing = d.Editing.(server.Publishing)
		}
	})
	ctx := context.Background()
	if pub, err := s.live.Current(ctx); err != nil {
		t.Fatal(err)
	} else if pub.Number == 0 {
		if _, err := s.publishNow(ctx, "Dane przykładowe", accounts.Audit{ActorEmail: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s *site) published() directory.Publication {
	s.t.Helper()
	p, err := s.live.Current(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// publishedNames lists the names of the published organisations.
func (s *site) publishedNames() []string {
	s.t.Helper()
	var names []string
	err := s.live.Each(context.Background(), 0, func(o *directory.Organisation) error {
		names = append(names, o.Name)
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return names
}

// hiddenContacts are the demo's contact persons without consent: their
// names must not leave the portal.
func hiddenContacts(t *testing.T) []string {
	t.Helper()
	orgs, err := demo.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range orgs {
		for _, c := range o.Contacts {
			if !c.Consent {
				names = append(names, c.Name)
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("the demo has no contact person without consent")
	}
	return names
}

func TestEmbedMayBeFramedOnlyByTheConfiguredSites(t *testing.T) {
	s := newEmbedSite(t)
	for _, path := range []string{"/osadz", "/osadz?q=seniorzy&kategoria=seniorzy", "/osadz/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow"} {
		p := s.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("%s: status %d", path, p.status)
		}
		csp := p.header.Get("Content-Security-Policy")
		if want := "frame-ancestors 'self' https://mopr.leszno.pl https://www.leszno.pl"; !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", path, csp, want)
		}
		if strings.Contains(csp, "frame-ancestors 'none'") || p.header.Get("X-Frame-Options") != "" {
			t.Errorf("%s: still denies framing: CSP %q, X-Frame-Options %q", path, csp, p.header.Get("X-Frame-Options"))
		}
		// Minimal chrome: none of the portal's header, navigation or footer.
		if n := p.doc.Find("header.site-header, nav:not(.pager), footer, .skip-link").Length(); n != 0 {
			t.Errorf("%s: %d header/nav/footer elements", path, n)
		}
		full := p.doc.Find("a.embed__full")
		if href, _ := full.Attr("href"); !strings.HasPrefix(href, "http://example.com/organizacje") {
			t.Errorf("%s: full-portal link %q", path, href)
		}
		if tgt, _ := full.Attr("target"); tgt != "_blank" {
			t.Errorf("%s: full-portal link target %q", path, tgt)
		}
		if rel, _ := full.Attr("rel"); !strings.Contains(rel, "noopener") {
			t.Errorf("%s: full-portal link rel %q", path, rel)
		}
	}
	for _, path := range []string{"/", "/organizacje", "/organizacje.csv", "/publikacje.atom", "/osadzanie-nie-ma"} {
		p := s.get(path)
		if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "leszno.pl") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if p.header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", path, p.header.Get("X-Frame-Options"))
		}
	}
}

func TestEmbedSearchFiltersAndStaysInTheFrame(t *testing.T) {
	s := newEmbedSite(t)
	all := s.get("/osadz")
	if all.doc.Find("form[action='/osadz'] select[name=kategoria]").Length() != 1 || all.doc.Find("form[action='/osadz'] input[name=q]").Length() != 1 {
		t.Fatal("no search form with a category filter")
	}
	if n := all.doc.Find(".result").Length(); n != 10 {
		t.Errorf("%d results on the first page, want 10", n)
	}
	all.doc.Find(".result a, .pager a").Each(func(_ int, a *goquery.Selection) {
		// A phone number opens the dialer, not a page.
		if href, _ := a.Attr("href"); !strings.HasPrefix(href, "/osadz") && !strings.HasPrefix(href, "tel:") {
			t.Errorf("link %q leaves the frame", href)
		}
	})
	if all.doc.Find(".result .result__phone a[href^='tel:']").Length() == 0 || all.doc.Find(".result .open-line").Length() == 0 {
		t.Error("the embed's results show no phone or opening")
	}
	seniors := s.get("/osadz?kategoria=seniorzy")
	if a, b := seniors.text("#results-title"), all.text("#results-title"); a == b {
		t.Errorf("the category filter changed nothing: %q", a)
	}
	if opt, _ := seniors.doc.Find("select[name=kategoria] option[selected]").Attr("value"); opt != "seniorzy" {
		t.Errorf("selected category %q", opt)
	}
	if p := s.get("/osadz/organizacje/nie-ma-takiej"); p.status != http.StatusNotFound {
		t.Errorf("unknown organisation: %d", p.status)
	}
}

func TestAtomFeedListsPublications(t *testing.T) {
	s := newEmbedSite(t)
	ctx := context.Background()
	o, err := s.store.Organisation(ctx, "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	o.Phones = append(o.Phones, "65 529 00 99")
	if err := s.store.UpdateOrganisation(ctx, o, o.Version, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	second, err := s.publishNow(ctx, "Nowy telefon <b>seniorów</b>", accounts.Audit{ActorEmail: "test"})
	if err != nil {
		t.Fatal(err)
	}
	p := s.get("/publikacje.atom")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("status %d, type %q", p.status, p.header.Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Author  string `xml:"author>name"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(p.body), &feed); err != nil {
		t.Fatalf("the feed is not XML: %v\n%s", err, p.body)
	}
	if len(feed.Entries) != second.Number {
		t.Fatalf("%d entries, want %d", len(feed.Entries), second.Number)
	}
	e := feed.Entries[0]
	if want := "Publikacja nr " + itoa(int64(second.Number)); e.Title != want {
		t.Errorf("newest entry %q, want %q", e.Title, want)
	}
	if e.Updated != second.At.UTC().Format("2006-01-02T15:04:05Z07:00") || feed.Updated != e.Updated {
		t.Errorf("updated %q (feed %q), want the publication time %v", e.Updated, feed.Updated, second.At)
	}
	if e.Author != "MOPR Leszno" || !strings.HasPrefix(e.ID, "tag:") || e.ID == feed.Entries[1].ID || e.Link.Href != "http://example.com/organizacje" {
		t.Errorf("entry %+v", e)
	}
	if e.Content.Type != "html" || !strings.Contains(e.Content.Body, "Nowy telefon &lt;b&gt;seniorów&lt;/b&gt;") ||
		!strings.Contains(e.Content.Body, "Stowarzyszenie") || !strings.Contains(e.Content.Body, "Telefony") {
		t.Errorf("content %+v", e.Content)
	}
	if s.get("/organizacje").doc.Find("a[href='/publikacje.atom']").Length() != 1 {
		t.Error("no visible link to the feed on the directory page")
	}
	if s.get("/").doc.Find("head link[rel=alternate][type='application/atom+xml'][href='/publikacje.atom']").Length() != 1 {
		t.Error("no feed link in the head")
	}
	// A reader that has the newest publication gets 304.
	req := httptest.NewRequest("GET", "/publikacje.atom", nil)
	req.Header.Set("If-None-Match", p.header.Get("ETag"))
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("conditional request: %d with %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestCSVForExcel(t *testing.T) {
	s := newEmbedSite(t)
	ctx := context.Background()
	o, err := s.store.Organisation(ctx, "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	formula := `=HYPERLINK("http://zlo.example","Kliknij")`
	o.Description = formula
	if err := s.store.UpdateOrganisation(ctx, o, o.Version, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	pub, err := s.publishNow(ctx, "", accounts.Audit{ActorEmail: "test"})
	if err != nil {
		t.Fatal(err)
	}
	p := s.get("/organizacje.csv")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d, type %q", p.status, p.header.Get("Content-Type"))
	}
	if want := `attachment; filename="bank-danych-ngo-leszno-p` + itoa(int64(pub.Number)) + `.csv"`; p.header.Get("Content-Disposition") != want {
		t.Errorf("Content-Disposition %q, want %q", p.header.Get("Content-Disposition"), want)
	}
	if p.header.Get("ETag") != `"p`+itoa(int64(pub.Number))+`"` {
		t.Errorf("ETag %q", p.header.Get("ETag"))
	}
	body, ok := strings.CutPrefix(p.body, "\ufeff")
	if !ok {
		t.Fatal("no byte-order mark")
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The slug's column holds the page in the directory, headed so that
	// nobody takes it for the organisation's website.
	if rows[0][0] != "Nazwa" || rows[0][6] != "NIP" || rows[0][2] != "Adres w Banku danych" || slices.Contains(rows[0], "Adres strony") {
		t.Errorf("header %q", rows[0])
	}
	names := s.publishedNames()
	if len(rows)-1 != len(names) || len(names) < 50 {
		t.Fatalf("%d rows, %d published organisations", len(rows)-1, len(names))
	}
	desc := -1
	for i, h := range rows[0] {
		if h == "Opis działalności" {
			desc = i
		}
	}
	found := false
	for i, row := range rows[1:] {
		if row[0] != names[i] {
			t.Errorf("row %d is %q, want %q (name order)", i+1, row[0], names[i])
		}
		if row[2] == "http://example.com/organizacje/"+o.Slug {
			found = true
			if row[desc] != "'"+formula {
				t.Errorf("formula cell %q, want it neutralised", row[desc])
			}
			if row[3] != "Stowarzyszenie" {
				t.Errorf("legal form %q, want its Polish name", row[3])
			}
		}
	}
	if !found {
		t.Error("the changed organisation is missing")
	}
	for _, n := range hiddenContacts(t) {
		if strings.Contains(p.body, n) {
			t.Errorf("contact person %q without consent is in the CSV", n)
		}
	}
}

func TestCommaCSVAndJSON(t *testing.T) {
	s := newEmbedSite(t)
	pub := s.published()
	names := s.publishedNames()

	p := s.get("/organizacje-przecinek.csv")
	if p.status != http.StatusOK || strings.HasPrefix(p.body, "\ufeff") {
		t.Fatalf("status %d, BOM %v", p.status, strings.HasPrefix(p.body, "\ufeff"))
	}
	if !strings.Contains(p.header.Get("Content-Disposition"), "bank-danych-ngo-leszno-p"+itoa(int64(pub.Number))) {
		t.Errorf("Content-Disposition %q", p.header.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(p.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(names) || rows[0][0] != "Nazwa" {
		t.Errorf("%d rows for %d organisations; header %q", len(rows)-1, len(names), rows[0])
	}

	j := s.get("/organizacje.json")
	if j.status != http.StatusOK || !strings.HasPrefix(j.header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q", j.status, j.header.Get("Content-Type"))
	}
	var doc struct {
		Publication struct {
			Number      int    `json:"number"`
			PublishedAt string `json:"published_at"`
		} `json:"publication"`
		Organisations []struct {
			URL      string              `json:"url"`
			Name     string              `json:"name"`
			Contacts []directory.Contact `json:"contacts"`
		} `json:"organisations"`
	}
	if err := json.Unmarshal([]byte(j.body), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Publication.Number != pub.Number || doc.Publication.PublishedAt == "" {
		t.Errorf("publication %+v, want number %d", doc.Publication, pub.Number)
	}
	if len(doc.Organisations) != len(names) || doc.Organisations[0].Name != names[0] || !strings.HasPrefix(doc.Organisations[0].URL, "http://example.com/organizacje/") {
		t.Errorf("%d organisations, first %+v", len(doc.Organisations), doc.Organisations[0])
	}
	people := 0
	for _, o := range doc.Organisations {
		for _, c := range o.Contacts {
			people++
			if !c.Consent {
				t.Errorf("%s: contact %q without consent", o.Name, c.Name)
			}
		}
	}
	if people == 0 {
		t.Error("no contact persons at all: the test shows nothing")
	}
	for _, n := range hiddenContacts(t) {
		if strings.Contains(j.body, n) {
			t.Errorf("contact person %q without consent is in the JSON", n)
		}
		if strings.Contains(s.get("/osadz/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow").body, n) {
			t.Errorf("contact person %q without consent is in the embedded page", n)
		}
	}
	req := httptest.NewRequest("GET", "/organizacje.json", nil)
	req.Header.Set("If-None-Match", j.header.Get("ETag"))
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional request: %d", rec.Code)
	}
	if d := s.get("/organizacje"); d.doc.Find("a[href='/organizacje.csv']").Length() != 1 || d.doc.Find("a[href='/organizacje-przecinek.csv']").Length() != 1 || d.doc.Find("a[href='/organizacje.json']").Length() != 1 {
		t.Error("the directory page does not link the downloads")
	}
}

func TestAdminEmbeddingPage(t *testing.T) {
	s := newEmbedSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	if a := s.browser(t).get("/admin/osadzanie"); a.status != http.StatusSeeOther || a.location != "/admin/logowanie" {
		t.Errorf("anonymous: %d to %q", a.status, a.location)
	}
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	a := b.get("/admin/osadzanie")
	if a.status != http.StatusOK {
		t.Fatalf("status %d", a.status)
	}
	snippet := a.doc.Find("pre.embed-snippet").Text()
	for _, want := range []string{`<iframe title="`, `src="` + b.base + `/osadz"`, `width="100%"`, `height="`, `loading="lazy"`} {
		if !strings.Contains(snippet, want) {
			t.Errorf("snippet %q lacks %q", snippet, want)
		}
	}
	if got := a.doc.Find(".embed-origins li").Text(); got != strings.Join(testOrigins, "") {
		t.Errorf("origins %q", got)
	}
	if b.get("/admin").doc.Find("nav a[href='/admin/osadzanie']").Length() != 1 {
		t.Error("no link to the page in the admin navigation")
	}

	none := newSite(t)
	none.account(t, "redaktor@example.org", accounts.Editor)
	nb := none.browser(t)
	nb.signIn("redaktor@example.org", nil)
	if got := nb.get("/admin/osadzanie").doc.Find(".note-box").Text(); !strings.Contains(got, "EMBED_ORIGINS") {
		t.Errorf("no note that no site may embed: %q", got)
	}
}
