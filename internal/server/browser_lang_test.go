package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mopr-leszno/portal/internal/server"
)

// TestBrowserUkrainian is a Ukrainian reader's journey in headless
// Chromium: a search in Polish switched to Українська keeps the search,
// an organisation opens in Ukrainian, a Ukrainian word of a translated
// description finds its organisation, whose page shows it in Ukrainian
// (and in English the Polish text with its note), and the NGO form sent
// with an error answers in Ukrainian next to the field, with what was
// typed kept; axe finds nothing on the Ukrainian and English pages.
func TestBrowserUkrainian(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	var offset atomic.Int64
	now := func() time.Time { return monday1030.Add(time.Duration(offset.Load())) }
	site := newSite(t, func(d *server.Deps) { d.Now = now })
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, con := startChromium(t, chromium, srv.URL, 90*time.Second)
	uk := catalogue(t).Lang("uk")
	translated := translate(t, site, seniorsSlug, "Допомагаємо літнім людям з покупками та теплими ковдрами.", "За попереднім записом.")

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"switch a search to Ukrainian", func(t *testing.T) {
			b.open(t, "/organizacje?q=stowarzyszenie&kategoria=seniorzy", http.StatusOK)
			b.navigate(t, chromedp.Click(chromedp.CSS(`nav.lang-switch a[lang=uk]`)))
			u := b.location(t)
			if u.Path != "/uk/organizacje" || u.Query().Get("q") != "stowarzyszenie" || u.Query().Get("kategoria") != "seniorzy" {
				t.Fatalf("after the switch: %s, want the same search under /uk", u)
			}
			got := b.eval(t, `({lang: document.documentElement.lang, q: document.getElementById('q').value,
				current: document.querySelector('nav.lang-switch a[aria-current]')?.innerText ?? '',
				nav: document.querySelector('.nav a[aria-current=page]')?.innerText ?? ''})`)
			if got["lang"] != "uk" || got["q"] != "stowarzyszenie" || got["current"] != "Українська" || got["nav"] != uk.T("nav_organisations") {
				t.Errorf("the Ukrainian search page: %q", got)
			}
			if res := b.results(t); len(res.Names) == 0 {
				t.Fatalf("no results in Ukrainian (heading %q)", res.Count)
			}
			b.axe(t, axeJS)
		}},
		{"open an organisation", func(t *testing.T) {
			b.navigate(t, chromedp.Click(chromedp.CSS(`.result__name a`)))
			u := b.location(t)
			if !strings.HasPrefix(u.Path, "/uk/organizacje/") {
				t.Fatalf("the result led to %s", u)
			}
			got := b.eval(t, `({lang: document.documentElement.lang,
				back: document.querySelector('.breadcrumbs a')?.getAttribute('href') ?? ''})`)
			if got["lang"] != "uk" || !strings.HasPrefix(got["back"], "/uk/organizacje?") {
				t.Errorf("the organisation page: %q", got)
			}
			b.axe(t, axeJS)
		}},
		{"search a Ukrainian word of a translated description", func(t *testing.T) {
			b.open(t, "/uk/organizacje", http.StatusOK)
			b.do(t, chromedp.SendKeys(chromedp.CSS("#q"), "ковдрами"))
			b.navigate(t, chromedp.Submit(chromedp.CSS("#q")))
			if u := b.location(t); u.Path != "/uk/organizacje" || u.Query().Get("q") != "ковдрами" {
				t.Fatalf("the search went to %s", u)
			}
			res := b.results(t)
			if len(res.Names) != 1 || res.Names[0] != translated.Name {
				t.Fatalf("results for ковдрами: %q, want %q", res.Names, translated.Name)
			}
			got := b.eval(t, `({desc: document.querySelector('.result__description')?.innerText ?? '',
				lang: document.querySelector('.result__description')?.lang ?? ''})`)
			if got["lang"] != "uk" || !strings.Contains(got["desc"], "ковдрами") {
				t.Errorf("the result's description: %q", got)
			}
			b.axe(t, axeJS)
			b.navigate(t, chromedp.Click(chromedp.CSS(`.result__name a`)))
			got = b.eval(t, `({desc: document.querySelector('section[aria-labelledby=scope-title] p[lang=uk]')?.innerText ?? '',
				notes: String(document.querySelectorAll('.content-note').length)})`)
			if got["desc"] != translated.DescriptionUK || got["notes"] != "0" {
				t.Errorf("the organisation in Ukrainian: %q", got)
			}
			b.axe(t, axeJS)
			// In English it has no description of its own: the Polish one,
			// marked, with the note.
			b.navigate(t, chromedp.Click(chromedp.CSS(`nav.lang-switch a[lang=en]`)))
			got = b.eval(t, `({lang: document.documentElement.lang,
				polish: document.querySelector('section[aria-labelledby=scope-title] p[lang=pl]')?.innerText ?? '',
				note: document.querySelector('section[aria-labelledby=scope-title] .content-note')?.innerText ?? ''})`)
			if got["lang"] != "en" || !strings.HasPrefix(translated.Description, got["polish"]) || got["polish"] == "" || got["note"] == "" {
				t.Errorf("the organisation in English: %q", got)
			}
			b.axe(t, axeJS)
		}},
		{"send the form with an error", func(t *testing.T) {
			b.open(t, "/uk/zglos", http.StatusOK)
			b.axe(t, axeJS)
			b.do(t,
				chromedp.SendKeys(chromedp.CSS("#name"), "Fundacja Słonecznik"),
				chromedp.SendKeys(chromedp.CSS("#description"), "Pomagamy rodzinom z Ukrainy."),
				chromedp.SendKeys(chromedp.CSS("#description_uk"), "Допомагаємо родинам з України."),
				chromedp.SetValue(chromedp.CSS("#address-postal_code"), "64100"),
				chromedp.SendKeys(chromedp.CSS("#submitter_email"), "olena@example.org"),
			)
			offset.Add(int64(2 * time.Minute)) // the time it took to fill in
			ctx, cancel := b.step()
			defer cancel()
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.submit-form button[type=submit]`)))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != http.StatusUnprocessableEntity {
				t.Fatalf("the form with an error: status %d", resp.Status)
			}
			got := b.eval(t, `({lang: document.documentElement.lang,
				error: document.getElementById('address-postal_code-error')?.innerText ?? '',
				described: document.getElementById('address-postal_code').getAttribute('aria-describedby') ?? '',
				postal: document.getElementById('address-postal_code').value,
				description: document.getElementById('description').value,
				descriptionUK: document.getElementById('description_uk').value,
				action: document.querySelector('form.submit-form').getAttribute('action')})`)
			if got["lang"] != "uk" || !strings.Contains(got["error"], uk.T("err_postal_code")) {
				t.Errorf("the error next to the postal code: %q, want %q", got["error"], uk.T("err_postal_code"))
			}
			if !strings.Contains(got["described"], "address-postal_code-error") {
				t.Errorf("the field is not described by its error: %q", got["described"])
			}
			if got["postal"] != "64100" || got["description"] != "Pomagamy rodzinom z Ukrainy." || got["descriptionUK"] != "Допомагаємо родинам з України." || got["action"] != "/uk/zglos" {
				t.Errorf("what was typed, or where the form goes: %q", got)
			}
			b.axe(t, axeJS)
		}},
		{"English pages", func(t *testing.T) {
			for _, path := range []string{"/en", "/en/organizacje?q=pomoc", "/en/strategia/zadania/ii-9-2", "/en/zglos",
				"/en/deklaracja-dostepnosci", "/uk/deklaracja-dostepnosci", "/en/prywatnosc"} {
				b.open(t, path, http.StatusOK)
				if l := b.evalString(t, `document.documentElement.lang`); l != path[1:3] {
					t.Errorf("%s: lang %q", path, l)
				}
				b.axe(t, axeJS)
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			break
		}
	}
	if v := con.csp(); len(v) > 0 {
		t.Errorf("Content Security Policy violations: %q", v)
	}
}
