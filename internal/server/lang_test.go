package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// catalogue is the message catalogue, to compare pages with the text of
// each language.
func catalogue(t *testing.T) *i18n.Catalogue {
	t.Helper()
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLanguageAddresses(t *testing.T) {
	s := newSite(t)
	uk := catalogue(t).Lang("uk")
	const search = "/organizacje?kategoria=seniorzy&q=pomoc"

	p := s.get("/uk" + search)
	if p.status != http.StatusOK {
		t.Fatalf("GET /uk%s: %d", search, p.status)
	}
	if l := p.doc.Find("html").AttrOr("lang", ""); l != "uk" {
		t.Errorf("<html lang=%q>, want uk", l)
	}
	if got := p.doc.Find("nav[aria-label] a[aria-current=page]").Text(); got != uk.T("nav_organisations") {
		t.Errorf("navigation shows %q, want the Ukrainian %q", got, uk.T("nav_organisations"))
	}
	if got := p.doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "http://example.com/uk"+search {
		t.Errorf("canonical %q", got)
	}
	alternates := map[string]string{}
	p.doc.Find(`link[rel=alternate][hreflang]`).Each(func(_ int, l *goquery.Selection) {
		alternates[l.AttrOr("hreflang", "")] = l.AttrOr("href", "")
	})
	want := map[string]string{"pl": "http://example.com" + search, "uk": "http://example.com/uk" + search,
		"en": "http://example.com/en" + search, "x-default": "http://example.com" + search}
	for lang, href := range want {
		if alternates[lang] != href {
			t.Errorf("hreflang=%s: %q, want %q", lang, alternates[lang], href)
		}
	}

	// The switch keeps the page and its search; each name is in its own
	// language; the current one is marked.
	sw := p.doc.Find("nav.lang-switch a")
	if sw.Length() != 3 {
		t.Fatalf("%d links in the language switch, want 3", sw.Length())
	}
	links := map[string]string{}
	sw.Each(func(_ int, a *goquery.Selection) {
		if a.AttrOr("lang", "") != a.AttrOr("hreflang", "-") {
			t.Errorf("switch link %q: lang %q, hreflang %q", a.Text(), a.AttrOr("lang", ""), a.AttrOr("hreflang", ""))
		}
		links[a.AttrOr("lang", "")] = a.AttrOr("href", "")
	})
	for lang, href := range map[string]string{"pl": search, "uk": "/uk" + search, "en": "/en" + search} {
		if links[lang] != href {
			t.Errorf("switch to %s: %q, want %q", lang, links[lang], href)
		}
	}
	if cur := p.doc.Find("nav.lang-switch a[aria-current]"); cur.Length() != 1 || cur.Text() != "Українська" {
		t.Errorf("current language marked on %q", cur.Text())
	}

	// Every link of the page stays in Ukrainian, but for the downloads, the
	// feed and the data catalogue, which hold the same data in every
	// language, and the organisations' own contacts.
	p.doc.Find("a[href^='/'], form[action^='/']").Each(func(_ int, a *goquery.Selection) {
		href := a.AttrOr("href", a.AttrOr("action", ""))
		if a.Closest("nav.lang-switch").Length() > 0 || strings.HasPrefix(href, "/static/") {
			return
		}
		if !strings.HasPrefix(href, "/uk/") && href != "/uk" && !strings.HasPrefix(href, "/organizacje.") &&
			!strings.HasPrefix(href, "/organizacje-przecinek.") && href != "/publikacje.atom" && href != "/katalog.jsonld" {
			t.Errorf("link %q leaves Ukrainian", href)
		}
	})

	// The result leads to the organisation in Ukrainian; its page too.
	org := p.doc.Find(".result__name a").First().AttrOr("href", "")
	if !strings.HasPrefix(org, "/uk/organizacje/") {
		t.Fatalf("result links to %q", org)
	}
	if o := s.get(org); o.status != http.StatusOK || o.doc.Find("html").AttrOr("lang", "") != "uk" {
		t.Errorf("GET %s: %d, lang %q", org, o.status, o.doc.Find("html").AttrOr("lang", ""))
	}
}

func TestPolishAddressesUnchanged(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/", "/organizacje", "/organizacje?q=seniorzy", "/strategia", "/strategia/monitoring",
		"/deklaracja-dostepnosci", "/prywatnosc", "/zglos", "/osadz"} {
		p := s.get(path)
		if p.status != http.StatusOK {
			t.Errorf("GET %s: %d", path, p.status)
			continue
		}
		if l := p.doc.Find("html").AttrOr("lang", ""); l != "pl" {
			t.Errorf("GET %s: lang %q", path, l)
		}
		p.doc.Find("a[href^='/uk'], a[href^='/en']").Each(func(_ int, a *goquery.Selection) {
			if a.Closest("nav.lang-switch").Length() == 0 {
				t.Errorf("GET %s: link %q outside the switch leaves Polish", path, a.AttrOr("href", ""))
			}
		})
	}
	if p := s.get("/"); p.doc.Find("nav.lang-switch a[aria-current]").Text() != "Polski" {
		t.Errorf("home: current language %q", p.doc.Find("nav.lang-switch a[aria-current]").Text())
	}
	// Every page in each language exists, in that language.
	for _, lang := range []string{"uk", "en"} {
		for _, path := range []string{"", "/organizacje", "/strategia", "/strategia/monitoring", "/deklaracja-dostepnosci",
			"/prywatnosc", "/zglos", "/osadz"} {
			p := s.get("/" + lang + path)
			if p.status != http.StatusOK || p.doc.Find("html").AttrOr("lang", "") != lang {
				t.Errorf("GET /%s%s: %d", lang, path, p.status)
			}
		}
	}
	// The admin area has no Ukrainian or English address (yet), and the
	// switch is not in it.
	if p := s.get("/uk/admin/logowanie"); p.status != http.StatusNotFound {
		t.Errorf("GET /uk/admin/logowanie: %d, want 404", p.status)
	}
	if p := s.get("/admin/logowanie"); p.doc.Find("nav.lang-switch").Length() != 0 {
		t.Error("language switch in the admin area")
	}
}

func TestAcceptLanguageOnlySuggests(t *testing.T) {
	s := newSite(t)
	get := func(path, accept string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		return rec
	}
	doc := func(rec *httptest.ResponseRecorder) *goquery.Document {
		d, err := goquery.NewDocumentFromReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, path := range []string{"/organizacje?q=seniorzy", "/organizacje", "/zglos"} {
		rec := get(path, "uk-UA,uk;q=0.9,en;q=0.5")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s in a Ukrainian browser: %d (%s), want the Polish page", path, rec.Code, rec.Header().Get("Location"))
		}
		d := doc(rec)
		if l := d.Find("html").AttrOr("lang", ""); l != "pl" {
			t.Errorf("GET %s: lang %q, want pl", path, l)
		}
		notice := d.Find(".lang-notice")
		if notice.AttrOr("lang", "") != "uk" || notice.Find("a").AttrOr("href", "") != "/uk"+path {
			t.Errorf("GET %s: notice %q linking %q", path, notice.Text(), notice.Find("a").AttrOr("href", ""))
		}
	}
	// Without the preference, or on a page in that language, no notice;
	// the notice is part of what the page varies by.
	plain := get("/organizacje", "pl,en;q=0.5")
	if doc(plain).Find(".lang-notice").Length() != 0 {
		t.Error("notice for a browser that prefers Polish")
	}
	if d := doc(get("/en/organizacje", "en")); d.Find(".lang-notice").Length() != 0 {
		t.Error("notice on a page in the preferred language")
	}
	if !strings.Contains(strings.Join(plain.Header().Values("Vary"), ","), "Accept-Language") {
		t.Errorf("a Polish page varies by Accept-Language without saying so: Vary %q", plain.Header().Values("Vary"))
	}
	if a, b := plain.Header().Get("ETag"), get("/organizacje", "en").Header().Get("ETag"); a == b {
		t.Errorf("one ETag %q with and without the notice", a)
	}
}

func TestErrorPagesInTheAddressLanguage(t *testing.T) {
	s := newSite(t)
	cat := catalogue(t)
	for _, c := range []struct{ path, lang string }{
		{"/uk/nie-ma-takiej-strony", "uk"}, {"/en/organizacje/nie-ma-takiej", "en"}, {"/nie-ma-takiej-strony", "pl"},
		{"/uk/organizacje.json", "uk"}, {"/en/admin", "en"},
	} {
		p := s.get(c.path)
		if p.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", c.path, p.status)
			continue
		}
		if l := p.doc.Find("html").AttrOr("lang", ""); l != c.lang {
			t.Errorf("GET %s: lang %q, want %q", c.path, l, c.lang)
		}
		if h := p.text("h1"); h != cat.Lang(c.lang).T("error_not_found_title") {
			t.Errorf("GET %s: heading %q", c.path, h)
		}
		if c.lang != "pl" {
			if href := p.doc.Find("main a").First().AttrOr("href", ""); href != "/"+c.lang {
				t.Errorf("GET %s: the way home is %q", c.path, href)
			}
		}
	}
}

func TestFormInUkrainian(t *testing.T) {
	s := newSite(t)
	uk := catalogue(t).Lang("uk")
	b := s.browser(t)
	page := b.get("/uk/zglos")
	if page.status != http.StatusOK || page.doc.Find("form.submit-form").AttrOr("action", "") != "/uk/zglos" {
		t.Fatalf("GET /uk/zglos: %d, form to %q", page.status, page.doc.Find("form.submit-form").AttrOr("action", ""))
	}
	form := fill(t, s, formValues(t, page, "form.submit-form"))
	form.Set("name", "Fundacja Żółty Parasol")
	form.Set("description", "Допомагаємо літнім людям.")
	form.Set("address.street", "ul. Słowiańska 3")
	form.Set("address.postal_code", "64100")
	form.Add("categories", "seniorzy")
	bad := b.post("/uk/zglos", form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", bad.status)
	}
	if l := bad.doc.Find("html").AttrOr("lang", ""); l != "uk" {
		t.Errorf("form with errors in lang %q", l)
	}
	postal := bad.doc.Find("#address-postal_code-error").Text()
	if !strings.Contains(postal, "00-000") || postal == "" {
		t.Errorf("postal code error %q", postal)
	}
	if strings.Contains(strings.ToLower(postal), "kod") {
		t.Errorf("postal code error in Polish: %q", postal)
	}
	if !strings.Contains(bad.doc.Find(".error-summary").Text(), strings.Fields(uk.T("form_errors_title"))[0]) {
		t.Errorf("summary %q not in Ukrainian", bad.doc.Find(".error-summary").Text())
	}
	if v := bad.doc.Find("#name").AttrOr("value", ""); v != "Fundacja Żółty Parasol" {
		t.Errorf("name not kept: %q", v)
	}
	form.Set("address.postal_code", "64-100")
	form.Set("submitter_email", "ewa@example.org")
	ok := b.post("/uk/zglos", form)
	if ok.status != http.StatusSeeOther || !strings.HasPrefix(ok.location, "/uk/zglos/dziekujemy?nr=ZG-") {
		t.Fatalf("valid form: %d to %q: %s", ok.status, ok.location, ok.doc.Find(".error-summary").Text())
	}
	if thanks := b.get(ok.location); thanks.status != http.StatusOK || thanks.doc.Find("html").AttrOr("lang", "") != "uk" {
		t.Errorf("thank-you page: %d", thanks.status)
	}
}

func TestPluralsOnPages(t *testing.T) {
	s := newSite(t)
	// The demo has 54 organisations: the "few" form in Polish and Ukrainian.
	for lang, want := range map[string]string{"": "wszystkie 54 organizacje", "/uk": "54 організації", "/en": "54 organisations"} {
		p := s.get(lang + "/")
		if !strings.Contains(p.body, want) {
			t.Errorf("GET %s/: no %q", lang, want)
		}
	}
}

func TestCategoryAndTargetGroupNamesTranslated(t *testing.T) {
	s := newSite(t)
	pl := s.get("/organizacje?kategoria=seniorzy")
	if !strings.Contains(pl.text("select#kategoria"), "Seniorzy") {
		t.Fatal("Polish filter without the category Seniorzy")
	}
	for lang, name := range map[string]string{"uk": "Люди похилого віку", "en": "Older people"} {
		p := s.get("/" + lang + "/organizacje?kategoria=seniorzy")
		if !strings.Contains(p.text("select#kategoria"), name) || strings.Contains(p.text("select#kategoria"), "Seniorzy") {
			t.Errorf("%s: category filter %q", lang, p.text("select#kategoria"))
		}
		if !strings.Contains(p.text("select#grupa"), name) {
			t.Errorf("%s: target group filter %q", lang, p.text("select#grupa"))
		}
		if !strings.Contains(p.text(".active-filters, .filters"), name) {
			t.Errorf("%s: active filter does not name %q", lang, name)
		}
		if !strings.Contains(p.text(".result .tags"), name) {
			t.Errorf("%s: result cards' categories %q", lang, p.text(".result .tags"))
		}
		org := s.get(p.doc.Find(".result__name a").First().AttrOr("href", ""))
		if !strings.Contains(org.text(".tag"), name) {
			t.Errorf("%s: organisation page's tags %q", lang, org.text(".tag"))
		}
		if home := s.get("/" + lang); !strings.Contains(home.body, name) {
			t.Errorf("%s: home page without %q", lang, name)
		}
	}
	// Districts are proper names: the same in every language.
	if p := s.get("/en/organizacje?dzielnica=zatorze"); !strings.Contains(p.text("select#dzielnica"), "Zatorze") {
		t.Errorf("district filter %q", p.text("select#dzielnica"))
	}
}

func TestStrategyInEnglish(t *testing.T) {
	s := newSite(t)
	en := catalogue(t).Lang("en")
	p := s.get("/en/strategia/zadania/ii-9-2")
	if p.status != http.StatusOK {
		t.Fatalf("GET /en/strategia/zadania/ii-9-2: %d", p.status)
	}
	if got := p.text("#budget-title ~ .table-scroll table tfoot td"); got != "PLN 2,000.00" {
		t.Errorf("budget total %q", got)
	}
	if got := p.text("#budget-title"); got != en.T("task_budget") {
		t.Errorf("budget heading %q, want %q", got, en.T("task_budget"))
	}
	// The card's own texts stay Polish, and say so.
	title := p.doc.Find("h1#task-title span[lang=pl]")
	if !strings.Contains(title.Text(), "Bank danych") {
		t.Errorf("task title not marked Polish: %q", p.text("h1#task-title"))
	}
	if p.doc.Find("#partners-title ~ .table-scroll tbody th span[lang=pl]").Length() == 0 {
		t.Error("partner names not marked Polish")
	}
	if uk := s.get("/uk/strategia"); uk.doc.Find(".task-item a span[lang=pl]").Length() == 0 ||
		!strings.HasPrefix(uk.doc.Find(".task-item a").First().AttrOr("href", ""), "/uk/strategia/zadania/") {
		t.Error("strategy overview in Ukrainian: tasks not marked Polish or not linked in Ukrainian")
	}
}

func TestDataFormInUkrainian(t *testing.T) {
	s := newSite(t)
	p := s.get("/uk/formularz.pdf")
	if p.status != http.StatusOK || !strings.HasPrefix(p.body, "%PDF-") {
		t.Fatalf("GET /uk/formularz.pdf: %d %.20q", p.status, p.body)
	}
	text := pdfText(t, []byte(p.body))
	for _, want := range []string{"http://example.com/uk/zglos", "Люди похилого віку", "Zatorze"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Ukrainian form lacks %q", want)
		}
	}
	if strings.Contains(text, "Obszary pomocy") {
		t.Error("the Ukrainian form has Polish headings")
	}
	if home := s.get("/uk"); home.doc.Find(`a[href="/uk/formularz.pdf"]`).Length() != 1 {
		t.Error("the Ukrainian home page does not link to the Ukrainian form")
	}
}

// An organisation's own text is Polish on every page unless it gave a
// translation, and says so: screen readers read it in Polish on a
// Ukrainian or English page.
func TestOrganisationsOwnTextMarkedPolish(t *testing.T) {
	s := newSite(t)
	for _, lang := range []string{"uk", "en"} {
		p := s.get("/" + lang + "/organizacje?q=pomoc")
		descs := p.doc.Find(".result .result__description")
		if descs.Length() == 0 {
			t.Fatalf("%s: no result descriptions", lang)
		}
		// Each is marked with its language: Polish, or the page's where the
		// organisation gave a translation (the demo's "Nowy Dom" did).
		pl, own := descs.Filter(`[lang="pl"]`).Length(), descs.Filter(`[lang="`+lang+`"]`).Length()
		if pl+own != descs.Length() || pl == 0 {
			t.Errorf("%s: of %d result descriptions %d marked Polish, %d marked %s", lang, descs.Length(), pl, own, lang)
		}
		org := s.get(p.doc.Find(".result__name a").First().AttrOr("href", ""))
		if org.doc.Find(`html[lang="`+lang+`"]`).Length() != 1 || org.doc.Find(`section[aria-labelledby="scope-title"] p[lang="pl"]`).Length() == 0 {
			t.Errorf("%s: the organisation page's description is not marked Polish", lang)
		}
	}
}

// The directory's table is in the address's language: headers, categories,
// days and the addresses of the pages; the Polish one stays the stored
// file.
func TestDownloadsInTheAddressLanguage(t *testing.T) {
	s := newSite(t)
	cat := catalogue(t)
	for _, lang := range []string{"uk", "en"} {
		l := cat.Lang(lang)
		p := s.get("/" + lang + "/organizacje.csv")
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("/%s/organizacje.csv: %d %q", lang, p.status, p.header.Get("Content-Type"))
		}
		header, _, _ := strings.Cut(strings.TrimPrefix(p.body, "\ufeff"), "\r\n")
		for _, id := range []string{"field_name", "embed_csv_url", "embed_csv_example"} {
			if !strings.Contains(header, l.T(id)) {
				t.Errorf("%s header %q lacks %q", lang, header, l.T(id))
			}
		}
		if !strings.Contains(p.body, "http://example.com/"+lang+"/organizacje/") || strings.Contains(p.body, "http://example.com/organizacje/") {
			t.Errorf("%s: the table does not link the pages in its language", lang)
		}
		if !strings.Contains(p.body, l.T("category_seniorzy")) || l.T("category_seniorzy") == cat.Lang("pl").T("category_seniorzy") {
			t.Errorf("%s: no category named in the language (%q)", lang, l.T("category_seniorzy"))
		}
		if !strings.Contains(p.body, "("+l.T("field_contact_consent_short")+": ✓") || strings.Contains(p.body, "zgoda:") {
			t.Errorf("%s: contact persons' consent not in the language", lang)
		}
		if d := p.header.Get("Content-Disposition"); !strings.Contains(d, "-"+lang+".csv") {
			t.Errorf("%s: file name %q", lang, d)
		}
		if c := s.get("/" + lang + "/organizacje-przecinek.csv?kategoria=seniorzy"); c.status != http.StatusOK || !strings.Contains(c.body, l.T("field_name")) {
			t.Errorf("%s selection: %d", lang, c.status)
		}
		page := s.get("/" + lang + "/organizacje")
		if href := page.doc.Find(`a[href^="/` + lang + `/organizacje.csv"]`).Length(); href == 0 {
			t.Errorf("%s: the directory does not offer its table in the language", lang)
		}
	}
	pl := s.get("/organizacje.csv")
	if header, _, _ := strings.Cut(strings.TrimPrefix(pl.body, "\ufeff"), "\r\n"); !strings.Contains(header, cat.Lang("pl").T("field_name")) {
		t.Errorf("Polish header %q", header)
	}
}
