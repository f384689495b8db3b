package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/server"
)

// ld is a JSON-LD node read as plain JSON.
type ld = map[string]any

func ldID(v any) string {
	if m, ok := v.(ld); ok {
		s, _ := m["@id"].(string)
		return s
	}
	return ""
}

func ldList(v any) []ld {
	var out []ld
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if m, ok := x.(ld); ok {
				out = append(out, m)
			}
		}
	case ld:
		out = append(out, v)
	}
	return out
}

// ldLangs is a language-tagged property by language.
func ldLangs(v any) map[string]string {
	out := map[string]string{}
	for _, m := range ldList(v) {
		lang, _ := m["@language"].(string)
		val, _ := m["@value"].(string)
		out[lang] = val
	}
	return out
}

// pathOf is the path (with the query) of an address of the test site.
func pathOf(t *testing.T, u string) string {
	t.Helper()
	p, ok := strings.CutPrefix(u, "http://example.com")
	if !ok {
		t.Fatalf("%q is not an address of the site", u)
	}
	return p
}

func TestDataCatalogue(t *testing.T) {
	s := newSite(t)
	pub := s.published()
	var p page
	if n := s.roundTrips(func() { p = s.get("/katalog.jsonld") }); n != 0 {
		t.Errorf("the catalogue took %d round trips to the database, want none (the publication in memory)", n)
	}
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/ld+json; charset=utf-8" {
		t.Fatalf("status %d, type %q", p.status, p.header.Get("Content-Type"))
	}
	var cat ld
	if err := json.Unmarshal([]byte(p.body), &cat); err != nil {
		t.Fatal(err)
	}
	ctx, _ := cat["@context"].(ld)
	for prefix, iri := range map[string]string{"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/"} {
		if ctx[prefix] != iri {
			t.Errorf("@context %s = %v, want %s", prefix, ctx[prefix], iri)
		}
	}
	if cat["@type"] != "dcat:Catalog" || cat["@id"] != "http://example.com/katalog.jsonld" {
		t.Errorf("catalogue @type %v, @id %v", cat["@type"], cat["@id"])
	}
	title := ldLangs(cat["dct:title"])
	if !strings.HasPrefix(title["pl"], "Katalog danych") || title["uk"] == "" || title["en"] == "" || title["en"] == title["pl"] {
		t.Errorf("title %v: want Polish, Ukrainian and English", title)
	}
	if len(ldLangs(cat["dct:description"])) != 3 {
		t.Errorf("description %v", cat["dct:description"])
	}
	publisher, _ := cat["dct:publisher"].(ld)
	if publisher["@type"] != "foaf:Agent" || publisher["foaf:name"] != "Miejski Ośrodek Pomocy Rodzinie w Lesznie" {
		t.Errorf("publisher %v: want MOPR as the site texts name it", publisher)
	}
	if ldID(cat["dct:license"]) != testLicence.URL {
		t.Errorf("licence %v", cat["dct:license"])
	}
	modified := pub.At.In(directory.Warsaw).Format(time.RFC3339)
	if m, _ := cat["dct:modified"].(ld); m["@value"] != modified || m["@type"] != "xsd:dateTime" {
		t.Errorf("modified %v, want the publication's date %s", cat["dct:modified"], modified)
	}

	datasets := ldList(cat["dcat:dataset"])
	if len(datasets) != 2 {
		t.Fatalf("%d datasets, want the organisations and the strategy", len(datasets))
	}
	orgs := datasets[0]
	if orgs["@type"] != "dcat:Dataset" || orgs["owl:versionInfo"] != fmt.Sprint(pub.Number) || ldID(orgs["dcat:landingPage"]) != "http://example.com/organizacje" {
		t.Errorf("organisations dataset %v", orgs)
	}
	if m, _ := orgs["dct:modified"].(ld); m["@value"] != modified {
		t.Errorf("dataset modified %v", orgs["dct:modified"])
	}
	if kw := ldList(orgs["dcat:keyword"]); len(kw) < 6 {
		t.Errorf("keywords %v: want one literal per keyword and language", kw)
	}

	// Every downloadable distribution answers with the media type it
	// claims, under the catalogue's licence; the API is a data service.
	downloads := map[string]string{}
	api := false
	for _, ds := range datasets {
		for _, d := range ldList(ds["dcat:distribution"]) {
			media := strings.TrimPrefix(ldID(d["dcat:mediaType"]), "http://www.iana.org/assignments/media-types/")
			if media == "" || ldID(d["dct:format"]) == "" || ldID(d["dct:license"]) != testLicence.URL || len(ldLangs(d["dct:title"])) != 3 {
				t.Errorf("distribution %v: want a media type, a format, the licence and a title in three languages", d)
			}
			access := ldID(d["dcat:accessURL"])
			if access == "http://example.com/api/hsds/" {
				api = ldID(d["dcat:accessService"]) != "" && d["dcat:downloadURL"] == nil
				continue
			}
			url := ldID(d["dcat:downloadURL"])
			if url == "" || url != access {
				t.Errorf("distribution %v: download and access URL", d)
				continue
			}
			downloads[pathOf(t, url)] = media
		}
	}
	if !api {
		t.Error("the HSDS API is not an API distribution with its data service")
	}
	for _, path := range []string{"/organizacje.csv", "/organizacje-przecinek.csv", "/organizacje.json", "/publikacje.atom", "/strategia.csv", "/strategia.json"} {
		if _, ok := downloads[path]; !ok {
			t.Errorf("no distribution %s (has %v)", path, downloads)
		}
	}
	for path, media := range downloads {
		d := s.get(path)
		if d.status != http.StatusOK || !strings.HasPrefix(d.header.Get("Content-Type"), media) {
			t.Errorf("%s: status %d, type %q, the catalogue says %s", path, d.status, d.header.Get("Content-Type"), media)
		}
	}
	services := ldList(cat["dcat:service"])
	if len(services) != 1 || ldID(services[0]["dcat:endpointURL"]) != "http://example.com/api/hsds/" || services[0]["@type"] != "dcat:DataService" {
		t.Errorf("services %v", services)
	}

	// Served with the publication's validator.
	etag := p.header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if c := s.with("/katalog.jsonld", map[string]string{"If-None-Match": etag}); c.status != http.StatusNotModified {
		t.Errorf("conditional request: %d, want 304", c.status)
	}
	if _, err := s.publishNow(context.Background(), "znowu", accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	if c := s.with("/katalog.jsonld", map[string]string{"If-None-Match": etag}); c.status != http.StatusOK {
		t.Errorf("after a new publication: %d, want 200", c.status)
	}
}

func TestDataCatalogueIsLinked(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/", "/organizacje", "/en"} {
		p := s.get(path)
		link := p.doc.Find(`head link[rel=alternate][type="application/ld+json"]`)
		if href, _ := link.Attr("href"); href != "http://example.com/katalog.jsonld" {
			t.Errorf("%s: discovery link %q", path, href)
		}
		if title, _ := link.Attr("title"); title == "" {
			t.Errorf("%s: the discovery link has no title", path)
		}
		if p.doc.Find(`main a[href="/katalog.jsonld"]`).Length() != 1 {
			t.Errorf("%s: no visible link to the catalogue", path)
		}
	}
	if got := s.get("/en").text(`main a[href="/katalog.jsonld"]`); got != "Catalogue of the datasets (DCAT-AP, JSON-LD)" {
		t.Errorf("English link %q", got)
	}
}

// csvwTable is the part of a CSVW metadata document the tests read.
type csvwTable struct {
	Context any    `json:"@context"`
	URL     string `json:"url"`
	Dialect struct {
		Delimiter string `json:"delimiter"`
		Header    bool   `json:"header"`
	} `json:"dialect"`
	Licence  ld     `json:"dc:license"`
	Version  string `json:"schema:version"`
	Modified ld     `json:"dc:modified"`
	Schema   struct {
		Columns []struct {
			Name   string            `json:"name"`
			Titles map[string]string `json:"titles"`
		} `json:"columns"`
	} `json:"tableSchema"`
}

// describedBy is the CSVW metadata a response links to.
func describedBy(t *testing.T, p page) string {
	t.Helper()
	for _, l := range p.header.Values("Link") {
		if strings.Contains(l, `rel="describedby"`) && strings.Contains(l, `type="application/csvm+json"`) {
			return strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(l, ";", 2)[0], "<"), ">")
		}
	}
	t.Fatalf("Link %v: no CSVW metadata", p.header.Values("Link"))
	return ""
}

func licensed(p page) bool {
	return slices.Contains(p.header.Values("Link"), "<"+testLicence.URL+`>; rel="license"`)
}

// header reads the first row of a CSV download.
func header(t *testing.T, body string, comma rune) []string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = comma
	row, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	return row
}

func TestCSVDownloadsAreDescribedBeside(t *testing.T) {
	s := newSite(t)
	pub := s.published()
	for _, c := range []struct {
		path, delimiter string
	}{
		{"/organizacje.csv", ";"},
		{"/organizacje-przecinek.csv", ","},
		{"/organizacje-przecinek.csv?praktyki=tak", ","},
		{"/strategia.csv", ","},
	} {
		file := s.get(c.path)
		if file.status != http.StatusOK || !licensed(file) {
			t.Errorf("%s: status %d, Link %v: want the licence", c.path, file.status, file.header.Values("Link"))
			continue
		}
		meta := s.get(pathOf(t, describedBy(t, file)))
		if meta.status != http.StatusOK || meta.header.Get("Content-Type") != "application/csvm+json; charset=utf-8" || !licensed(meta) {
			t.Errorf("%s: metadata status %d, type %q", c.path, meta.status, meta.header.Get("Content-Type"))
			continue
		}
		var tbl csvwTable
		if err := json.Unmarshal([]byte(meta.body), &tbl); err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if ctx, _ := tbl.Context.([]any); len(ctx) == 0 || ctx[0] != "http://www.w3.org/ns/csvw" {
			t.Errorf("%s: @context %v", c.path, tbl.Context)
		}
		if tbl.URL != "http://example.com"+c.path || tbl.Dialect.Delimiter != c.delimiter || !tbl.Dialect.Header || ldID(tbl.Licence) != testLicence.URL {
			t.Errorf("%s: url %q, delimiter %q, licence %v", c.path, tbl.URL, tbl.Dialect.Delimiter, tbl.Licence)
		}
		// The columns are the file's own, titled as its header is.
		got := header(t, file.body, rune(c.delimiter[0]))
		var titles []string
		for _, col := range tbl.Schema.Columns {
			titles = append(titles, col.Titles["pl"])
			if col.Name == "" {
				t.Errorf("%s: a column without a name", c.path)
			}
		}
		if !slices.Equal(titles, got) {
			t.Errorf("%s: metadata columns %v, file header %v", c.path, titles, got)
		}
		if c.path == "/strategia.csv" {
			continue // not part of a publication
		}
		if tbl.Version != fmt.Sprint(pub.Number) || tbl.Modified["@value"] != pub.At.In(directory.Warsaw).Format(time.RFC3339) {
			t.Errorf("%s: version %q, modified %v: want the publication", c.path, tbl.Version, tbl.Modified)
		}
		if en := tbl.Schema.Columns[0].Titles["en"]; en == "" || en == titles[0] {
			t.Errorf("%s: first column's English title %q", c.path, en)
		}
	}
}

func TestDownloadsStateTheirLicence(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/organizacje.json", "/organizacje.json?q=pomoc", "/strategia.json", "/strategia/zadania/ii-9-2.json", "/strategia/zadania/ii-9-2.csv", "/katalog.jsonld"} {
		if p := s.get(path); p.status != http.StatusOK || !licensed(p) {
			t.Errorf("%s: status %d, Link %v", path, p.status, p.header.Values("Link"))
		}
	}
	feed := s.get("/publikacje.atom")
	if !strings.Contains(feed.body, "<rights>Licencja: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.pl)</rights>") ||
		!strings.Contains(feed.body, `<link rel="license" type="text/html" href="https://creativecommons.org/licenses/by/4.0/deed.pl"></link>`) {
		t.Errorf("the feed does not state its licence:\n%.600s", feed.body)
	}
	for _, path := range []string{"/strategia", "/strategia/zadania/ii-9-2", "/uk/strategia"} {
		p := s.get(path)
		if got := p.text(`main a[rel=license]`); got != "CC BY 4.0" {
			t.Errorf("%s: licence link %q", path, got)
		}
	}
	if got := s.get("/uk/strategia").text(".downloads__source"); !strings.HasPrefix(got, "Ліцензія: CC BY 4.0") {
		t.Errorf("Ukrainian licence line %q", got)
	}
}

// sitemapURL is one <url> of a sitemap.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod"`
	Links   []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"http://www.w3.org/1999/xhtml link"`
}

// wellFormed reads every token of an XML document.
func wellFormed(t *testing.T, name, body string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(body))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func readURLSet(t *testing.T, s *site, path string) []sitemapURL {
	t.Helper()
	p := s.get(path)
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("%s: status %d, type %q", path, p.status, p.header.Get("Content-Type"))
	}
	wellFormed(t, path, p.body)
	var set struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapURL `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(p.body), &set); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return set.URLs
}

func TestSitemap(t *testing.T) {
	// Six addresses a file: two organisations (in three languages) a part.
	s := newSite(t, func(d *server.Deps) { d.SitemapLimit = 6 })
	ctx := context.Background()
	by := accounts.Audit{ActorEmail: "test"}
	add := func(slug, name string) *directory.Organisation {
		o := &directory.Organisation{Slug: slug, Name: name, LegalForm: directory.FormFoundation,
			Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
			Description: "Organizacja, która istnieje.", Categories: []string{"ubostwo"}, Emails: []string{"biuro@example.org"}}
		if err := s.store.CreateOrganisation(ctx, o, by); err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		add("fundacja-"+n, "Fundacja "+strings.ToUpper(n))
	}
	trashed := add("fundacja-kosz", "Fundacja W Koszu")
	if err := s.store.DeleteOrganisation(ctx, uuid.MustParse(trashed.ID), trashed.Version, by); err != nil {
		t.Fatal(err)
	}
	pub, err := s.publishNow(ctx, "sitemap", by)
	if err != nil {
		t.Fatal(err)
	}
	add("fundacja-nieopublikowana", "Fundacja Nieopublikowana") // in the working copy only

	robots := s.get("/robots.txt")
	if !strings.Contains(robots.body, "\nSitemap: http://example.com/sitemap.xml\n") || !strings.Contains(robots.body, "Disallow: /admin") {
		t.Errorf("robots.txt %q", robots.body)
	}

	var idx page
	if n := s.roundTrips(func() { idx = s.get("/sitemap.xml") }); n != 0 {
		t.Errorf("the sitemap index took %d round trips to the database, want none", n)
	}
	wellFormed(t, "/sitemap.xml", idx.body)
	var index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(idx.body), &index); err != nil {
		t.Fatal(err)
	}
	lastmod := pub.At.In(directory.Warsaw).Format(time.RFC3339)
	var parts []string
	for _, sm := range index.Sitemaps {
		parts = append(parts, pathOf(t, sm.Loc))
		if sm.Lastmod != lastmod {
			t.Errorf("%s: lastmod %q, want the publication's %q", sm.Loc, sm.Lastmod, lastmod)
		}
	}
	// Five real organisations, two a part: three parts; the 54 example
	// organisations ask not to be indexed and are not listed.
	want := []string{"/sitemap-strony.xml", "/sitemap-organizacje-1.xml", "/sitemap-organizacje-2.xml", "/sitemap-organizacje-3.xml"}
	if !slices.Equal(parts, want) {
		t.Fatalf("parts %v, want %v", parts, want)
	}

	listed := map[string]sitemapURL{}
	for _, part := range parts[1:] {
		var urls []sitemapURL
		if n := s.roundTrips(func() { urls = readURLSet(t, s, part) }); n != 0 {
			t.Errorf("%s took %d round trips to the database", part, n)
		}
		if len(urls) > 6 || len(urls) == 0 {
			t.Errorf("%s lists %d addresses, want 1–6", part, len(urls))
		}
		for _, u := range urls {
			listed[u.Loc] = u
		}
	}
	if len(listed) != 15 {
		t.Errorf("%d organisation addresses, want 5 × 3 languages", len(listed))
	}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		for _, prefix := range []string{"", "/uk", "/en"} {
			u, ok := listed["http://example.com"+prefix+"/organizacje/fundacja-"+n]
			if !ok {
				t.Errorf("fundacja-%s in %q is not listed", n, prefix)
				continue
			}
			alt := map[string]string{}
			for _, l := range u.Links {
				if l.Rel == "alternate" {
					alt[l.Hreflang] = l.Href
				}
			}
			if alt["pl"] != "http://example.com/organizacje/fundacja-"+n || alt["uk"] != "http://example.com/uk/organizacje/fundacja-"+n ||
				alt["en"] != "http://example.com/en/organizacje/fundacja-"+n || alt["x-default"] != alt["pl"] || u.Lastmod != lastmod {
				t.Errorf("%s: alternates %v, lastmod %q", u.Loc, alt, u.Lastmod)
			}
		}
	}
	for loc := range listed {
		if strings.Contains(loc, "kosz") || strings.Contains(loc, "nieopublikowana") {
			t.Errorf("%s is listed: trashed or not published", loc)
		}
	}
	if p := s.get("/sitemap-organizacje-4.xml"); p.status != http.StatusNotFound {
		t.Errorf("a part past the last: %d, want 404", p.status)
	}
	for _, bad := range []string{"/sitemap-organizacje-0.xml", "/sitemap-organizacje-99999999999999999999.xml"} {
		if p := s.get(bad); p.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, p.status)
		}
	}

	pages := map[string]bool{}
	for _, u := range readURLSet(t, s, "/sitemap-strony.xml") {
		pages[u.Loc] = true
	}
	for _, path := range []string{"/", "/uk", "/en", "/organizacje", "/en/organizacje", "/strategia", "/strategia/monitoring",
		"/strategia/zadania/ii-9-2", "/uk/strategia/zadania/ii-9-2", "/deklaracja-dostepnosci", "/prywatnosc", "/en/prywatnosc"} {
		if !pages["http://example.com"+path] {
			t.Errorf("the pages' sitemap does not list %s", path)
		}
	}
	// Every listed address is a page that answers.
	for loc := range pages {
		if p := s.get(pathOf(t, loc)); p.status != http.StatusOK {
			t.Errorf("%s: %d", loc, p.status)
		}
	}
	for loc := range listed {
		if p := s.get(pathOf(t, loc)); p.status != http.StatusOK {
			t.Errorf("%s: %d", loc, p.status)
		}
	}

	// A conditional request of a part is answered from the validator.
	part := s.get("/sitemap-organizacje-1.xml")
	if c := s.with("/sitemap-organizacje-1.xml", map[string]string{"If-None-Match": part.header.Get("ETag")}); c.status != http.StatusNotModified {
		t.Errorf("conditional part: %d, want 304", c.status)
	}
}

// The sitemap of the demo site lists the portal's pages and no
// organisation: every demo organisation is example data, hidden from
// search engines.
func TestSitemapLeavesExamplesOut(t *testing.T) {
	s := newSite(t)
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(s.get("/sitemap.xml").body), &index); err != nil {
		t.Fatal(err)
	}
	if len(index.Sitemaps) != 1 || index.Sitemaps[0].Loc != "http://example.com/sitemap-strony.xml" {
		t.Errorf("index %+v, want the pages' part alone", index.Sitemaps)
	}
	if p := s.get("/sitemap-organizacje-1.xml"); p.status != http.StatusNotFound {
		t.Errorf("organisations part: %d, want 404", p.status)
	}
}
