package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/submission"
)

// The statement follows the ministry's structure (v2.0): every required id
// exactly once, the dates in <time datetime>, the status one of the fixed
// sentences; the home page points to it with the meta element.
func TestAccessibilityStatementFollowsTheMinistrysFormat(t *testing.T) {
	s := newSite(t)
	p := s.get("/deklaracja-dostepnosci")
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	for _, id := range []string{"a11y-wstep", "a11y-podmiot", "a11y-zakres", "a11y-url", "a11y-data-publikacja",
		"a11y-data-aktualizacja", "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-email",
		"a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-komunikacja"} {
		if n := p.doc.Find("#" + id).Length(); n != 1 {
			t.Errorf("#%s appears %d times, want once", id, n)
		}
	}
	for id, date := range map[string]string{"a11y-data-publikacja": "2026-01-15", "a11y-data-aktualizacja": "2026-11-30", "a11y-data-sporzadzenie": "2026-11-30"} {
		el := p.doc.Find("#" + id)
		if goquery.NodeName(el) != "time" || el.AttrOr("datetime", "") != date {
			t.Errorf("#%s is <%s datetime=%q>, want <time datetime=%q>", id, goquery.NodeName(el), el.AttrOr("datetime", ""), date)
		}
	}
	p.doc.Find("time").Each(func(_ int, el *goquery.Selection) {
		if el.AttrOr("datetime", "") == "" {
			t.Errorf("a <time> without datetime: %q", el.Text())
		}
	})
	if got, want := p.text("#a11y-status"), "Strona internetowa jest częściowo zgodna z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych z powodu niezgodności lub wyłączeń wymienionych poniżej."; got != want {
		t.Errorf("status %q", got)
	}
	if got := p.text("#a11y-podmiot"); got != "Miejski Ośrodek Pomocy Rodzinie w Lesznie" {
		t.Errorf("entity %q", got)
	}
	if href := p.doc.Find("#a11y-email").AttrOr("href", ""); href != "mailto:dostepnosc@example.org" {
		t.Errorf("e-mail link %q", href)
	}
	if href := p.doc.Find("#a11y-telefon").AttrOr("href", ""); href != "tel:650000002" {
		t.Errorf("phone link %q", href)
	}
	if href := p.doc.Find("#a11y-url").AttrOr("href", ""); href != "http://example.com/" {
		t.Errorf("site link %q", href)
	}
	if !strings.Contains(p.text("main"), "wejście bez progów") {
		t.Error("the building's description is missing")
	}
	home := s.get("/")
	meta := home.doc.Find(`meta[name="deklaracja-dostępności"]`)
	if meta.Length() != 1 || meta.AttrOr("content", "") != "http://example.com/deklaracja-dostepnosci" {
		t.Errorf("home page meta: %d, %q", meta.Length(), meta.AttrOr("content", ""))
	}
}

// No public page, nor the form, shows a placeholder for MOPR to fill in:
// the facts come from the site texts.
func TestNoPlaceholdersInPublic(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/", "/deklaracja-dostepnosci", "/prywatnosc", "/zglos", "/organizacje", "/strategia"} {
		p := s.get(path)
		for _, bad := range []string{"do uzupełnienia", "<no value>", "RRRR-MM-DD", "(nie podano)"} {
			if strings.Contains(p.body, bad) {
				t.Errorf("%s shows %q", path, bad)
			}
		}
	}
	privacy := s.get("/prywatnosc")
	for _, want := range []string{"Administratorem danych jest Miejski Ośrodek Pomocy Rodzinie w Lesznie; kontakt: ul. Przykładowa 1, 64-100 Leszno",
		"Inspektor ochrony danych: Inspektor ochrony danych MOPR w Lesznie; kontakt: iod@example.org."} {
		if !strings.Contains(privacy.text("main"), want) {
			t.Errorf("privacy page lacks %q", want)
		}
	}
	form := s.get("/zglos")
	if !strings.Contains(form.text(".rodo"), "kontakt: iod@example.org") {
		t.Errorf("the form's clause does not name the data protection officer: %q", form.text(".rodo"))
	}
}

// MOPR's contact is in the footer of every page, public and admin, error
// pages included, with a tel: and a mailto: link.
func TestMoprContactInEveryFooter(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", s.code)
	pages := map[string]*goquery.Document{}
	for _, path := range []string{"/", "/organizacje", "/organizacje/nie-ma-takiej", "/deklaracja-dostepnosci", "/strategia", "/zglos"} {
		pages[path] = s.get(path).doc
	}
	pages["/admin"] = b.get("/admin").doc
	for path, doc := range pages {
		c := doc.Find("footer .mopr-contact")
		if c.Length() != 1 {
			t.Errorf("%s: %d contact blocks in the footer", path, c.Length())
			continue
		}
		if !strings.Contains(c.Text(), "ul. Przykładowa 1") || c.Find(`a[href="tel:650000000"]`).Length() != 1 ||
			c.Find(`a[href="mailto:sekretariat@example.org"]`).Length() != 1 {
			t.Errorf("%s: footer contact %q", path, strings.Join(strings.Fields(c.Text()), " "))
		}
	}
}

// The home page lists the numbers people in crisis need, each a tel: link.
func TestHomeShowsHelpNumbers(t *testing.T) {
	s := newSite(t)
	p := s.get("/")
	help := p.doc.Find(".help-numbers")
	for name, tel := range map[string]string{
		"Miejski Ośrodek Pomocy Rodzinie w Lesznie":               "tel:650000000",
		"Punkt interwencji kryzysowej w Lesznie":                  "tel:650000001",
		"Kryzysowy telefon zaufania dla dorosłych":                "tel:116123",
		"Telefon zaufania dla dzieci i młodzieży":                 "tel:116111",
		"Niebieska Linia – dla osób doznających przemocy domowej": "tel:800120002",
	} {
		li := help.Find("li").FilterFunction(func(_ int, li *goquery.Selection) bool {
			return li.Find(".help-numbers__name").Text() == name
		})
		if li.Length() != 1 || li.Find("a").AttrOr("href", "") != tel {
			t.Errorf("%s: %d entries, link %q, want %s", name, li.Length(), li.Find("a").AttrOr("href", ""), tel)
		}
	}
}

// Staff write the site texts in the admin area: an error comes back at its
// field, in Polish, with everything typed kept; a save reaches the preview
// at once and the public only with the next publication.
func TestAdminEditsSiteTexts(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)

	form := b.get("/admin/teksty")
	if form.status != http.StatusOK {
		t.Fatalf("GET /admin/teksty: %d", form.status)
	}
	values := url.Values{"version": {form.doc.Find(`input[name="version"]`).AttrOr("value", "")}}
	form.doc.Find("input[name], textarea[name], select[name]").Each(func(_ int, el *goquery.Selection) {
		name := el.AttrOr("name", "")
		switch goquery.NodeName(el) {
		case "textarea":
			values.Set(name, el.Text())
		case "select":
			values.Set(name, el.Find("option[selected]").AttrOr("value", ""))
		default:
			if name != "version" {
				values.Set(name, el.AttrOr("value", ""))
			}
		}
	})
	if values.Get(sitetext.MoprAddress) != "ul. Przykładowa 1\n64-100 Leszno" || values.Get(sitetext.A11yStatus) != sitetext.StatusPartial {
		t.Fatalf("the form does not show the texts: %q, %q", values.Get(sitetext.MoprAddress), values.Get(sitetext.A11yStatus))
	}

	values.Set(sitetext.MoprAddress, "ul. Kwiatowa 5\n64-100 Leszno")
	values.Set(sitetext.MoprEmail, "sekretariat(at)mopr")
	values.Set(sitetext.HelplinesKey, "Telefon zaufania 116 111")
	bad := b.post("/admin/teksty", values)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid save: %d", bad.status)
	}
	if msg := strings.TrimSpace(bad.doc.Find("#st-mopr_email-error").Text()); !strings.Contains(msg, "Podaj adres e-mail") {
		t.Errorf("e-mail error %q", msg)
	}
	if msg := bad.doc.Find("#st-helplines-error").Text(); !strings.Contains(msg, "nazwa | numer | uwagi") {
		t.Errorf("help numbers error %q", msg)
	}
	if bad.doc.Find(".error-summary a[href='#st-mopr_email']").Length() != 1 {
		t.Error("the error summary does not link to the e-mail field")
	}
	if got := bad.doc.Find("#st-mopr_address").Text(); got != "ul. Kwiatowa 5\n64-100 Leszno" {
		t.Errorf("the address typed came back as %q", got)
	}
	if got := bad.doc.Find("#st-mopr_email").AttrOr("value", ""); got != "sekretariat(at)mopr" {
		t.Errorf("the e-mail typed came back as %q", got)
	}
	if got := bad.doc.Find("#st-helplines").Text(); got != "Telefon zaufania 116 111" {
		t.Errorf("the help numbers typed came back as %q", got)
	}

	values.Set(sitetext.MoprEmail, "biuro@mopr.example.org")
	values.Set(sitetext.HelplinesKey, sitetext.NationalHelplines)
	ok := b.post("/admin/teksty", values)
	if ok.status != http.StatusSeeOther || ok.location != "/admin/teksty?info=zapisano" {
		t.Fatalf("save: %d to %q", ok.status, ok.location)
	}
	if n := b.get(ok.location).doc.Find(".note-box[role=status]").Text(); !strings.Contains(n, "po publikacji") {
		t.Errorf("after the save: %q", n)
	}
	// The public still sees the published texts; the preview the working.
	if c := s.get("/").doc.Find("footer .mopr-contact").Text(); !strings.Contains(c, "ul. Przykładowa 1") {
		t.Errorf("the public footer before publishing: %q", c)
	}
	if c := b.get("/admin/podglad/organizacje").doc.Find("footer .mopr-contact").Text(); !strings.Contains(c, "ul. Kwiatowa 5") {
		t.Errorf("the preview's footer: %q", c)
	}
	dash := b.get("/admin")
	if !strings.Contains(dash.doc.Find(".dashboard-unpublished").Text(), "Teksty serwisu zmieniono") ||
		dash.doc.Find(`.dashboard-unpublished a[href="/admin/publikacje"]`).Length() != 1 {
		t.Errorf("the dashboard does not say the texts wait for publication: %q", dash.doc.Find(".dashboard-unpublished").Text())
	}
	// A second save from the form read before is refused, with the typing
	// kept.
	values.Set(sitetext.MoprHours, "poniedziałek–piątek 8:00–16:00")
	stale := b.post("/admin/teksty", values)
	if stale.status != http.StatusConflict || stale.doc.Find("#st-mopr_hours").Text() != "poniedziałek–piątek 8:00–16:00" {
		t.Errorf("stale save: %d, hours %q", stale.status, stale.doc.Find("#st-mopr_hours").Text())
	}

	if a := b.post("/admin/publikacje", url.Values{"note": {"nowy adres MOPR"}}); a.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", a.status)
	}
	if c := s.get("/").doc.Find("footer .mopr-contact").Text(); !strings.Contains(c, "ul. Kwiatowa 5") || !strings.Contains(c, "biuro@mopr.example.org") {
		t.Errorf("the public footer after publishing: %q", c)
	}
	var n int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM revision WHERE entity = 'site_texts' AND actor_email = 'admin@example.org'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("revisions by the administrator: %d (%v), want 1", n, err)
	}
}

// While a required text is empty the dashboard warns and names it, and
// publishing is refused with a message saying why, the note kept.
func TestPublishingWaitsForRequiredTexts(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	if _, err := s.store.Pool().Exec(ctx, `UPDATE site_texts SET texts = texts - 'dpo_contact' - 'a11y_building'`); err != nil {
		t.Fatal(err)
	}
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)
	dash := b.get("/admin")
	warn := strings.Join(strings.Fields(dash.doc.Find(".warning-box").Text()), " ")
	for _, want := range []string{"Brakuje tekstów serwisu", "Kontakt z inspektorem ochrony danych", "Dostępność architektoniczna"} {
		if !strings.Contains(warn, want) {
			t.Errorf("the dashboard's warning %q lacks %q", warn, want)
		}
	}
	if dash.doc.Find(`.warning-box a[href="/admin/teksty"]`).Length() != 1 {
		t.Error("the warning does not link to the site texts")
	}
	before := s.get("/").doc.Find("footer .mopr-contact").Text()
	a := b.post("/admin/publikacje", url.Values{"note": {"próba"}})
	if a.status != http.StatusConflict {
		t.Fatalf("publish: %d, want a refusal", a.status)
	}
	if msg := a.doc.Find(".error-summary").Text(); !strings.Contains(msg, "Nie można opublikować: brakuje wymaganych tekstów serwisu") {
		t.Errorf("refusal %q", msg)
	}
	if got := a.doc.Find(`textarea[name="note"]`).Text(); got != "próba" {
		t.Errorf("the note came back as %q", got)
	}
	if after := s.get("/").doc.Find("footer .mopr-contact").Text(); after != before {
		t.Error("the public pages changed after a refused publication")
	}
}

// The dashboard shows what waits: new submissions, organisations changed
// since the publication (with a link to publish), overdue verification;
// strategy editing exists, so it no longer says it will come.
func TestDashboardShowsWhatWaits(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", s.code)
	dash := b.get("/admin")
	if strings.Contains(dash.body, "kolejnej wersji") {
		t.Error("the dashboard still says strategy editing will come later")
	}
	if got := dash.doc.Find(".dashboard-submissions").Text(); got != "0 nowych zgłoszeń od organizacji" {
		t.Errorf("submissions %q", got)
	}
	if got := dash.doc.Find(".dashboard-unpublished").Text(); !strings.Contains(got, "0 zmian") || strings.Contains(got, "Przejdź do publikacji") {
		t.Errorf("unpublished %q", got)
	}
	// An organisation changed in the working copy, and a new submission.
	ctx := context.Background()
	var slug string
	if err := s.store.Pool().QueryRow(ctx, `UPDATE organisation SET description = description || ' Zmiana.', version = version + 1
		WHERE slug = (SELECT slug FROM organisation ORDER BY slug LIMIT 1) RETURNING slug`).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	o, err := s.live.Organisation(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	sent := *o
	sent.Description = "Nowy opis."
	if err := s.store.Submit(ctx, &submission.Submission{Kind: submission.KindUpdate, Channel: submission.ChannelOnline,
		OrganisationID: o.ID, BaseVersion: o.Version, Payload: &sent, SubmitterEmail: "ngo@example.org"}, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	dash = b.get("/admin")
	if got := dash.doc.Find(".dashboard-submissions").Text(); got != "1 nowe zgłoszenie od organizacji" {
		t.Errorf("submissions %q", got)
	}
	un := dash.doc.Find(".dashboard-unpublished")
	if !strings.Contains(un.Text(), "1 zmiana w bazie czeka na publikację") || un.Find(`a[href="/admin/publikacje"]`).Length() != 1 {
		t.Errorf("unpublished %q", strings.Join(strings.Fields(un.Text()), " "))
	}
	if dash.doc.Find(`.dashboard-verify a[href="/admin/weryfikacja"]`).Length() != 1 {
		t.Error("no link to the organisations to verify")
	}
}

// The public pages show the published texts from memory: with the database
// down the footer, the statement and the privacy page still answer whole.
func TestSiteTextsWithoutTheDatabase(t *testing.T) {
	s := newSite(t)
	s.store.Close()
	for _, path := range []string{"/", "/deklaracja-dostepnosci", "/prywatnosc"} {
		p := s.get(path)
		if p.status != http.StatusOK || !strings.Contains(p.doc.Find("footer .mopr-contact").Text(), "ul. Przykładowa 1") {
			t.Errorf("%s with the database down: %d, footer %q", path, p.status, p.doc.Find("footer .mopr-contact").Text())
		}
	}
	if p := s.get("/deklaracja-dostepnosci"); p.doc.Find("time#a11y-data-publikacja").Length() != 1 {
		t.Error("the statement lost its dates with the database down")
	}
}

// After saving an organisation the message says the public sees the change
// only once it is published.
func TestOrganisationSaveSaysPublicationIsNeeded(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	org, err := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	form := orgForm(t, b.get("/admin/organizacje/"+org.ID))
	form.Set("description", "Nowy opis organizacji.")
	a := b.post("/admin/organizacje/"+org.ID, form)
	if a.status != http.StatusSeeOther {
		t.Fatalf("save: %d", a.status)
	}
	msg := strings.TrimSpace(b.get(a.location).doc.Find(".note-box[role=status]").Text())
	if msg != "Zapisano. Zmiana będzie widoczna publicznie dopiero po publikacji bazy." {
		t.Errorf("after the save: %q", msg)
	}
}

// A task's pages are titled with its number, not the slug of its address.
func TestTaskPagesAreTitledWithTheirNumber(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	admin := b.get("/admin/strategia/ii-9-2")
	if h1 := strings.Join(strings.Fields(admin.doc.Find("h1").Text()), " "); !strings.HasPrefix(h1, "Zadanie 9.2: Bank danych") || strings.Contains(h1, "ii-9-2") {
		t.Errorf("admin h1 %q", h1)
	}
	if title := admin.doc.Find("title").Text(); !strings.HasPrefix(title, "Zadanie 9.2: ") {
		t.Errorf("admin title %q", title)
	}
	public := s.get("/strategia/zadania/ii-8-1")
	if h1 := public.text("h1"); !strings.HasPrefix(h1, "Zadanie 8.1: ") {
		t.Errorf("public h1 %q", h1)
	}
	if title := public.doc.Find("title").Text(); !strings.HasPrefix(title, "Zadanie 8.1: ") {
		t.Errorf("public title %q", title)
	}
}
