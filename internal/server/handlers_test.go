package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/scs/pgxstore"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/demo"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/metrics"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/server"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/internal/strategy/cards"
)

// testLicence is the licence the test site's downloads state.
var testLicence = export.Licence{Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/deed.pl"}

// monday1030 is a Monday, 10:30 in Warsaw: the handlers' clock in tests.
var monday1030 = time.Date(2026, 11, 23, 10, 30, 0, 0, directory.Warsaw)

type site struct {
	t     *testing.T
	store *store.Store
	// live is the publication the public pages read, as an instance holds
	// it in memory.
	live *published.Live
	h    http.Handler
	// trips counts the statements the store's pool sends, sessions
	// included (see roundtrips_test.go).
	trips *dbtest.RoundTrips
}

// newSite serves the real router over a fresh database holding the demo
// organisations; opts adjust the server's dependencies.
func newSite(t *testing.T, opts ...func(*server.Deps)) *site {
	t.Helper()
	ctx := context.Background()
	trips := &dbtest.RoundTrips{}
	s, err := store.Open(ctx, dbtest.New(t), store.WithTracer(trips))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	// Publications are built with their downloads, linking to the address
	// the test requests name (httptest's example.com).
	s.SetArtifactBuilder(&published.Builder{Downloads: export.Downloads(cat.Localizer("pl"), "http://example.com", testLicence)})
	if _, err := s.Publish(ctx, "demo", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	live := published.NewLive(s, export.DownloadNames, t.TempDir(), nil)
	if err := live.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	seeds, err := cards.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range seeds {
		if _, _, err := s.ImportCard(ctx, n.Card, n.File); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range cards.Bindings {
		if err := s.BindIndicator(ctx, b.Task, b.Indicator, b.Metric); err != nil {
			t.Fatal(err)
		}
	}
	deps := server.Deps{
		Logger:          slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Directory:       live,
		Downloads:       live,
		Refresh:         live.Refresh,
		Preview:         s.Preview(),
		Publishing:      s,
		Erasing:         s,
		Strategy:        s,
		Accounts:        s,
		Editing:         s,
		Submissions:     s,
		StrategyEditing: s,
		Monitoring:      s,
		SearchWords:     s,
		SiteTexts:       s,
		Sessions:        server.NewSessions(pgxstore.NewWithCleanupInterval(s.Pool(), 0), false),
		Catalogue:       cat,
		Licence:         testLicence,
		Now:             func() time.Time { return monday1030 },
		Ready:           s.Ping,
		OpenData:        live,
		Metrics: metrics.New(metrics.Pool(s.Pool().Stat), metrics.Publication(func() (int, time.Time, bool) {
			v, err := live.Loaded()
			if err != nil {
				return 0, time.Time{}, false
			}
			return v.Publication.Number, v.Publication.At, true
		}, time.Now)),
	}
	for _, o := range opts {
		o(&deps)
	}
	h := server.New(deps)
	return &site{t: t, store: s, live: live, h: h, trips: trips}
}

// publish publishes the working copy, as staff do, and has the site show
// the new publication at once (as the admin handlers do after publishing).
func (s *site) publishNow(ctx context.Context, note string, by accounts.Audit) (directory.Publication, error) {
	pub, err := s.store.Publish(ctx, note, by)
	if err != nil {
		return pub, err
	}
	return pub, s.live.Refresh(ctx)
}

// testLog sends the server's warnings and errors to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

type page struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

func (s *site) do(method, target string, body io.Reader) page {
	s.t.Helper()
	req := httptest.NewRequest(method, target, body)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	p := page{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	if strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.body))
		if err != nil {
			s.t.Fatalf("%s %s: %v", method, target, err)
		}
		p.doc = doc
	}
	return p
}

func (s *site) get(target string) page {
	s.t.Helper()
	return s.do(http.MethodGet, target, nil)
}

func (p page) text(sel string) string {
	return strings.Join(strings.Fields(p.doc.Find(sel).Text()), " ")
}

func TestHomeShowsCategoriesWithCounts(t *testing.T) {
	s := newSite(t)
	p := s.get("/")
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	if lang, _ := p.doc.Find("html").Attr("lang"); lang != "pl" {
		t.Errorf("lang = %q", lang)
	}
	if got := p.text("a[href='/organizacje']:not(nav a)"); got != "Zobacz wszystkie 54 organizacje w bazie" {
		t.Errorf("browse link = %q", got)
	}
	if p.doc.Find(".category-card").Length() != 14 {
		t.Errorf("%d category cards, want 14", p.doc.Find(".category-card").Length())
	}
	// Counts use Polish plurals: 1 organizacja, 2–4 organizacje (but 12–14
	// organizacji), 5+ organizacji.
	count := regexp.MustCompile(`^\(?(\d+) (organizacja|organizacje|organizacji)\)?$`)
	p.doc.Find(".category-card .count").Each(func(_ int, c *goquery.Selection) {
		m := count.FindStringSubmatch(strings.TrimSpace(c.Text()))
		if m == nil {
			t.Errorf("count %q", c.Text())
			return
		}
		n, _ := strconv.Atoi(m[1])
		want := "organizacji"
		switch {
		case n == 1:
			want = "organizacja"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			want = "organizacje"
		}
		if m[2] != want {
			t.Errorf("%q: want %d %s", c.Text(), n, want)
		}
	})
	if p.doc.Find("form[role=search][action='/organizacje'] input[name=q]").Length() != 1 {
		t.Error("no search box")
	}
	if p.doc.Find("footer a[href='/deklaracja-dostepnosci']").Length() != 1 {
		t.Error("no link to the accessibility statement in the footer")
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newSite(t)
	a, b := s.get("/"), s.get("/organizacje")
	csp := a.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'nonce-", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	nonce := regexp.MustCompile(`'nonce-([^']+)'`)
	if nonce.FindString(csp) == nonce.FindString(b.header.Get("Content-Security-Policy")) {
		t.Error("the nonce is the same on two requests")
	}
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := a.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	// No inline script may run: every script element is data (JSON-LD) or
	// the portal's own file, and carries the nonce.
	p := s.get("/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow")
	m := nonce.FindStringSubmatch(p.header.Get("Content-Security-Policy"))
	if m == nil {
		t.Fatal("the organisation page's CSP has no nonce")
	}
	p.doc.Find("script").Each(func(_ int, sc *goquery.Selection) {
		typ, _ := sc.Attr("type")
		src, _ := sc.Attr("src")
		own := typ == "" && strings.HasPrefix(src, "/static/js/") && strings.TrimSpace(sc.Text()) == ""
		if typ != "application/ld+json" && !own {
			t.Errorf("script of type %q (src %q) on the page", typ, src)
		}
		if n, _ := sc.Attr("nonce"); n != m[1] {
			t.Errorf("script nonce %q, want %q", n, m[1])
		}
	})
}

func TestSearchPage(t *testing.T) {
	s := newSite(t)
	p := s.get("/organizacje?q=stowarzyszenie&wolontariat=tak")
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	if got := p.text("#results-title"); !regexp.MustCompile(`^Wyniki: \d+ organizacj`).MatchString(got) {
		t.Errorf("count = %q", got)
	}
	if v, _ := p.doc.Find("#q").Attr("value"); v != "stowarzyszenie" {
		t.Errorf("search box keeps %q", v)
	}
	if _, ok := p.doc.Find("#wolontariat").Attr("checked"); !ok {
		t.Error("volunteers box not ticked")
	}
	first := p.text(".result:first-child .result__name a")
	if !strings.Contains(strings.ToLower(first), "stowarzysz") {
		t.Errorf("first result %q has no name match", first)
	}
	p.doc.Find(".result").Each(func(_ int, r *goquery.Selection) {
		if !strings.Contains(r.Text(), "Przyjmuje wolontariuszy") {
			t.Errorf("result without the volunteers badge: %s", r.Find(".result__name").Text())
		}
	})
	// Each active filter links to the same search without it.
	var removes []string
	p.doc.Find(".active-filters a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		removes = append(removes, href)
	})
	want := []string{"/organizacje?wolontariat=tak", "/organizacje?q=stowarzyszenie"}
	if strings.Join(removes, " ") != strings.Join(want, " ") {
		t.Errorf("remove links = %v, want %v", removes, want)
	}
}

func TestSearchPagerKeepsState(t *testing.T) {
	s := newSite(t)
	p := s.get("/organizacje?dzielnica=&kategoria=&strona=2")
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	if got := p.text("#results-title"); got != "Wyniki: 54 organizacje" {
		t.Errorf("count = %q", got)
	}
	if start, _ := p.doc.Find("ol.result-list").Attr("start"); start != "21" {
		t.Errorf("list starts at %q, want 21", start)
	}
	if cur, _ := p.doc.Find(".pager a[aria-current=page]").Attr("href"); cur != "/organizacje?strona=2" {
		t.Errorf("current page link = %q", cur)
	}
	q := s.get("/organizacje?wolontariat=tak")
	next, ok := q.doc.Find(".pager a[rel=next]").Attr("href")
	if !ok {
		t.Fatal("no next-page link for the volunteers filter (the demo has more than 20)")
	}
	if u, _ := url.Parse(next); u.Query().Get("wolontariat") != "tak" || u.Query().Get("strona") != "2" {
		t.Errorf("next link %q loses the filter", next)
	}
	// Past the last page: a redirect to the last one, keeping the filters.
	if p := s.get("/organizacje?wolontariat=tak&strona=50"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/organizacje?strona=2&wolontariat=tak" {
		t.Errorf("page 50: %d to %q", p.status, p.header.Get("Location"))
	}
	// Garbage page numbers show the first page rather than an error.
	for _, bad := range []string{"abc", "-3", "0", "99999999999999999999"} {
		if p := s.get("/organizacje?strona=" + bad); p.status != http.StatusOK {
			t.Errorf("strona=%s: status %d", bad, p.status)
		}
	}
}

func TestEmptySearchSuggestsWhatToLoosen(t *testing.T) {
	s := newSite(t)
	p := s.get("/organizacje?q=zzzzqqqxxx&dzielnica=zatorze")
	if got := p.text("#results-title"); got != "Wyniki: 0 organizacji" {
		t.Errorf("count = %q", got)
	}
	if p.doc.Find(".empty-state").Length() != 1 {
		t.Fatal("no empty state")
	}
	hrefs := map[string]bool{}
	p.doc.Find(".empty-state a").Each(func(_ int, a *goquery.Selection) {
		h, _ := a.Attr("href")
		hrefs[h] = true
	})
	for _, want := range []string{"/organizacje?dzielnica=zatorze", "/organizacje?q=zzzzqqqxxx", "/organizacje"} {
		if !hrefs[want] {
			t.Errorf("empty state does not offer %s (has %v)", want, hrefs)
		}
	}
	if robots, _ := p.doc.Find("meta[name=robots]").Attr("content"); robots != "noindex" {
		t.Error("an empty result page should not be indexed")
	}
}

func TestOrganisationPage(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	orgs, err := demo.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	// An organisation with a contact person without consent, and hours.
	var target *directory.Organisation
	for _, o := range orgs {
		if len(o.PublicContacts()) > 0 && len(o.PublicContacts()) < len(o.Contacts) && !o.Hours.IsEmpty() && o.VerifiedOn != nil {
			target = o
			break
		}
	}
	if target == nil {
		t.Fatal("demo data has no organisation with both consenting and non-consenting contacts")
	}
	full, err := s.store.Organisation(ctx, target.Slug)
	if err != nil {
		t.Fatal(err)
	}
	p := s.get("/organizacje/" + target.Slug)
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	if got := p.text("h1"); got != target.Name {
		t.Errorf("h1 = %q, want %q", got, target.Name)
	}
	body := p.text("main")
	for _, c := range full.Contacts {
		if c.Consent && !strings.Contains(body, c.Name) {
			t.Errorf("consenting contact %q not shown", c.Name)
		}
		if !c.Consent && strings.Contains(p.body, c.Name) {
			t.Errorf("contact %q without consent is on the page", c.Name)
		}
	}
	if !strings.Contains(p.text(".example-notice"), "Przykładowe dane") {
		t.Error("example organisation not marked as such")
	}
	if today := p.doc.Find("table.hours tr.today"); today.Length() != 1 || !strings.Contains(today.Text(), "poniedziałek") {
		t.Errorf("today's row: %q", today.Text())
	}
	if !strings.Contains(p.text(".verified"), "Dane aktualne na: ") {
		t.Errorf("verified line = %q", p.text(".verified"))
	}
	if robots, _ := p.doc.Find("meta[name=robots]").Attr("content"); robots != "noindex" {
		t.Error("an example organisation must not be indexed")
	}

	var ld map[string]any
	if err := json.Unmarshal([]byte(p.doc.Find("script#jsonld").Text()), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	if ld["@type"] != "NGO" || ld["name"] != target.Name || ld["@context"] != "https://schema.org" {
		t.Errorf("JSON-LD = %v", ld)
	}
	for _, c := range full.Contacts {
		if !c.Consent && strings.Contains(p.doc.Find("script#jsonld").Text(), c.Name) {
			t.Errorf("JSON-LD carries %q without consent", c.Name)
		}
	}
}

func TestOpenNowLine(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	o := &directory.Organisation{
		Slug: "poniedzialkowa", Name: "Poniedziałkowa", LegalForm: directory.FormAssociation,
		Address:     directory.Address{City: "Leszno"},
		Description: "Test.", Categories: []string{"ubostwo"},
	}
	o.Hours[1].Intervals = []directory.Interval{{Opens: 9 * 60, Closes: 11*60 + 15}}
	if err := s.store.CreateOrganisations(ctx, o); err != nil {
		t.Fatal(err)
	}
	s.publish()
	p := s.get("/organizacje/poniedzialkowa")
	if got := p.text(".open-line"); got != "Otwarte teraz, do 11:15" {
		t.Errorf("open line = %q", got)
	}
}

func TestErrorPages(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		method, target string
		body           io.Reader
		status         int
		title          string
	}{
		{"GET", "/organizacje/nie-ma-takiej", nil, 404, "Nie ma takiej strony"},
		{"GET", "/nie/ma/takiej/strony", nil, 404, "Nie ma takiej strony"},
		{"GET", "/organizacje?q=%ff%fe", nil, 400, "Nieprawidłowe żądanie"},
		{"GET", "/organizacje?q=a%00b", nil, 400, "Nieprawidłowe żądanie"},
		{"GET", "/organizacje/%ff", nil, 400, "Nieprawidłowe żądanie"},
		{"GET", "/organizacje/a%00b", nil, 400, "Nieprawidłowe żądanie"},
		{"POST", "/organizacje", strings.NewReader("q=x"), 405, "Niedozwolona operacja"},
		{"GET", "/static/css/site.css", nil, 404, "Nie ma takiej strony"}, // only hashed names are served
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			p := s.do(tt.method, tt.target, tt.body)
			if p.status != tt.status {
				t.Errorf("status %d, want %d", p.status, tt.status)
			}
			if p.doc == nil {
				t.Fatalf("not an HTML page: %q", p.body)
			}
			if got := p.text("h1"); got != tt.title {
				t.Errorf("h1 = %q, want %q", got, tt.title)
			}
			if p.doc.Find("header.site-header").Length() != 1 || p.doc.Find("footer a[href='/deklaracja-dostepnosci']").Length() != 1 {
				t.Error("error page is not in the site's layout")
			}
			if c := p.doc.Find("footer .mopr-contact").Text(); !strings.Contains(c, "Miejski Ośrodek Pomocy Rodzinie") {
				t.Errorf("error page's footer without MOPR's contact: %q", c)
			}
		})
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	s := newSite(t)
	p := s.do("POST", "/organizacje", strings.NewReader(strings.Repeat("a", 2<<20)))
	if p.status != http.StatusRequestEntityTooLarge || p.doc == nil || p.text("h1") != "Za dużo danych" {
		t.Fatalf("status %d, h1 %q; want 413 and the error page", p.status, p.body)
	}
	if c := p.doc.Find("footer .mopr-contact").Text(); !strings.Contains(c, "Miejski Ośrodek Pomocy Rodzinie") {
		t.Errorf("the 413 page's footer without MOPR's contact: %q", c)
	}
}

// brokenStrategy fails as a bug does, with internals in its error.
type brokenStrategy struct{ server.Strategy }

func (brokenStrategy) StrategyCards(context.Context) ([]*strategy.Card, error) {
	return nil, errors.New("pgx: SELECT * FROM task: pool closed at store/strategy.go:42 (sql)")
}

// When something fails that waiting does not cure, the visitor sees the
// 500 page with a request id to quote, and nothing of the internals.
// (A database that is away is a 503: see faults_test.go.)
func TestServerErrorShowsNoInternals(t *testing.T) {
	s := newSite(t, func(d *server.Deps) { d.Strategy = brokenStrategy{d.Strategy} })
	req := httptest.NewRequest("GET", "/strategia", nil)
	rec := httptest.NewRecorder()
	// The request id middleware takes an incoming id as is.
	req.Header.Set("X-Request-Id", "test-123")
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, leak := range []string{"pool", "closed", "SELECT", "pgx", "sql", "goroutine", ".go:"} {
		if strings.Contains(body, leak) {
			t.Errorf("500 page shows %q", leak)
		}
	}
	if !strings.Contains(body, "test-123") || !strings.Contains(body, "Wystąpił błąd po naszej stronie") {
		t.Error("500 page lacks its title or the request id")
	}
	s.store.Close()
	if p := s.get("/readyz"); p.status != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d", p.status)
	}
	if p := s.get("/healthz"); p.status != http.StatusOK {
		t.Errorf("healthz (liveness, no database) with the database closed: %d", p.status)
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	s := newSite(t)
	p := s.get("/")
	href, _ := p.doc.Find("link[rel=stylesheet]").First().Attr("href")
	if !regexp.MustCompile(`^/static/css/site\.[0-9a-f]{12}\.css$`).MatchString(href) {
		t.Fatalf("stylesheet href = %q", href)
	}
	css := s.get(href)
	if css.status != 200 || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") ||
		!strings.Contains(css.header.Get("Cache-Control"), "immutable") || !strings.Contains(css.body, ":focus-visible") {
		t.Errorf("stylesheet: %d %v", css.status, css.header)
	}
}

func TestTextPages(t *testing.T) {
	s := newSite(t)
	for path, h1 := range map[string]string{
		"/deklaracja-dostepnosci": "Deklaracja dostępności",
		"/prywatnosc":             "Informacja o danych osobowych",
	} {
		p := s.get(path)
		if p.status != 200 || p.text("h1") != h1 {
			t.Errorf("%s: %d %q", path, p.status, p.text("h1"))
		}
	}
	if p := s.do("HEAD", "/", nil); p.status != 200 {
		t.Errorf("HEAD /: %d", p.status)
	}
	if p := s.get("/organizacje/"); p.status != http.StatusMovedPermanently || p.header.Get("Location") != "/organizacje" {
		t.Errorf("/organizacje/: %d to %q, want a redirect to /organizacje", p.status, p.header.Get("Location"))
	}
	if p := s.get("/healthz"); p.status != 200 {
		t.Errorf("healthz: %d", p.status)
	}
}
