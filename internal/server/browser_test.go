package server_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/demo"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/store"
)

// TestBrowserJourney drives the public pages in Debian's headless Chromium
// the way a visitor does: search from the home page, narrow the results with
// the filter form, open an organisation; it checks the keyboard skip link,
// runs axe-core (WCAG 2.1 A and AA) on the main pages and watches the console
// for Content Security Policy violations.
func TestBrowserJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)

	// The real handler over a fresh database holding the demo organisations
	// and the strategy cards, its clock fixed on a Monday, 10:30 in Warsaw
	// (see newSite), so "open now" and "today" do not depend on the day.
	site := newSite(t)
	st, bg := site.store, context.Background()
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close) // after Chromium has stopped

	b, con := startChromium(t, chromium, srv.URL, 90*time.Second)

	// The journey: each step starts where the previous one left the tab, so
	// the first failure stops it.
	var orgSlug string
	journey := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"home", func(t *testing.T) {
			b.open(t, "/", http.StatusOK)
			got := b.eval(t, `({lang: document.documentElement.lang, h1: document.querySelector('h1')?.innerText ?? ''})`)
			if got["lang"] != "pl" {
				t.Errorf(`<html lang> = %q, want "pl"`, got["lang"])
			}
			if h1 := got["h1"]; h1 != "Organizacje pozarządowe pomagające mieszkańcom Leszna" {
				t.Errorf("h1 = %q", h1)
			}
		}},
		{"search from home", func(t *testing.T) {
			// Type and press Enter: the form submits by plain navigation.
			b.navigate(t, chromedp.SendKeys(chromedp.CSS("#home-q"), "stowarzyszenie"+kb.Enter))
			u := b.location(t)
			if u.Path != "/organizacje" || u.Query().Get("q") != "stowarzyszenie" {
				t.Fatalf("after the search: %s, want /organizacje?q=stowarzyszenie", u)
			}
			res := b.results(t)
			if len(res.Names) == 0 {
				t.Fatalf("no results for stowarzyszenie (heading %q)", res.Count)
			}
			checkCount(t, res)
			// Name matches rank first.
			if !strings.Contains(res.Names[0], "Stowarzyszenie") {
				t.Errorf("first result %q: want a name containing Stowarzyszenie (all: %q)", res.Names[0], res.Names)
			}
		}},
		{"filter by category and volunteers", func(t *testing.T) {
			if q := b.evalString(t, `document.getElementById('q').value`); q != "stowarzyszenie" {
				t.Errorf("the filter form's search field holds %q, want the query", q)
			}
			b.do(t,
				chromedp.SetValue(chromedp.CSS("#kategoria"), "seniorzy"),
				chromedp.Click(chromedp.CSS("#wolontariat")),
			)
			if !b.evalBool(t, `document.getElementById('wolontariat').checked`) {
				t.Fatal("clicking #wolontariat did not tick it")
			}
			b.navigate(t, chromedp.Click(chromedp.CSS("form.filters button[type=submit]")))
			u := b.location(t)
			q := u.Query()
			if u.Path != "/organizacje" || q.Get("kategoria") != "seniorzy" || q.Get("wolontariat") != "tak" || q.Get("q") != "stowarzyszenie" {
				t.Fatalf("after filtering: %s, want q=stowarzyszenie, kategoria=seniorzy and wolontariat=tak", u)
			}
			res := b.results(t)
			if len(res.Names) == 0 {
				t.Fatalf("no results (heading %q)", res.Count)
			}
			checkCount(t, res)
			for i, name := range res.Names {
				if !slices.Contains(res.Badges[i], "Przyjmuje wolontariuszy") {
					t.Errorf("result %q has badges %q, want Przyjmuje wolontariuszy", name, res.Badges[i])
				}
			}
			// The form shows the filters it applied.
			state := b.eval(t, `({cat: document.getElementById('kategoria').value, vol: String(document.getElementById('wolontariat').checked)})`)
			if state["cat"] != "seniorzy" || state["vol"] != "true" {
				t.Errorf("the filter form after submitting: kategoria=%q, wolontariat checked=%q", state["cat"], state["vol"])
			}
		}},
		{"open the first result", func(t *testing.T) {
			first := b.results(t).Names[0]
			b.navigate(t, chromedp.Click(chromedp.CSS("ol.result-list > li.result h3.result__name a")))
			u := b.location(t)
			slug, ok := strings.CutPrefix(u.Path, "/organizacje/")
			if !ok || slug == "" || strings.Contains(slug, "/") {
				t.Fatalf("after the click: %s, want /organizacje/{slug}", u)
			}
			orgSlug = slug
			if h1 := b.evalString(t, `document.querySelector('h1#org-name')?.innerText ?? ''`); h1 != first {
				t.Errorf("h1#org-name = %q, want the name of the result clicked, %q", h1, first)
			}
		}},
		{"organisation page", func(t *testing.T) {
			org, err := st.Organisation(bg, orgSlug)
			if err != nil {
				t.Fatal(err)
			}
			got := b.eval(t, `(() => {
				const text = (sel) => Array.from(document.querySelectorAll(sel), e => e.innerText.trim());
				const ld = document.getElementById('jsonld');
				return {
					h1: text('h1#org-name').join('|'),
					notice: text('.example-notice').join('|'),
					todays: String(document.querySelectorAll('table.hours tr.today').length),
					today: text('table.hours tr.today th').join('|'),
					verified: text('p.verified').join('|'),
					ldType: ld ? ld.type : '',
					ld: ld ? ld.textContent : '',
				};
			})()`)
			if got["h1"] != org.Name {
				t.Errorf("h1#org-name = %q, want %q", got["h1"], org.Name)
			}
			if !strings.Contains(got["notice"], "Przykładowe dane") {
				t.Errorf(".example-notice = %q, want it to say Przykładowe dane", got["notice"])
			}
			if got["todays"] != "1" {
				t.Errorf("%s rows tr.today in table.hours, want exactly 1", got["todays"])
			} else if !strings.Contains(got["today"], "poniedziałek") {
				t.Errorf("today's row is %q, want poniedziałek", got["today"])
			}
			if !strings.Contains(got["verified"], "Dane aktualne na") {
				t.Errorf("p.verified = %q, want Dane aktualne na …", got["verified"])
			}
			if got["ldType"] != "application/ld+json" {
				t.Errorf("script#jsonld type = %q", got["ldType"])
			}
			var ld map[string]any
			if err := json.Unmarshal([]byte(got["ld"]), &ld); err != nil {
				t.Fatalf("script#jsonld is not JSON: %v\n%s", err, got["ld"])
			}
			if ld["@type"] != "NGO" || ld["name"] != org.Name {
				t.Errorf(`JSON-LD @type = %v, name = %v; want "NGO", %q`, ld["@type"], ld["name"], org.Name)
			}
		}},
		{"contact persons of the organisation", func(t *testing.T) {
			b.checkContacts(t, st, orgSlug)
		}},
		{"contact person without consent stays hidden", func(t *testing.T) {
			// The organisation opened above may have only consenting
			// contacts; this one is known to have one who did not consent.
			slug := demoWithHiddenContact(t)
			b.open(t, "/organizacje/"+slug, http.StatusOK)
			b.checkContacts(t, st, slug)
		}},
	}
	for _, step := range journey {
		if !t.Run(step.name, step.run) {
			t.Fatalf("the journey stopped at %q", step.name)
		}
	}

	t.Run("strategy: open a task and see an indicator's chart and table", func(t *testing.T) {
		b.open(t, "/", http.StatusOK)
		b.navigate(t, chromedp.Click(chromedp.CSS(`nav a[href="/strategia"]`)))
		b.navigate(t, chromedp.Click(chromedp.CSS(`.task-item a[href="/strategia/zadania/ii-9-2"]`)))
		if u := b.location(t); u.Path != "/strategia/zadania/ii-9-2" {
			t.Fatalf("at %s, want the task page", u)
		}
		got := b.eval(t, `(() => {
			const ind = document.querySelector('.indicator');
			const svg = ind.querySelector('svg.chart');
			const box = svg.getBoundingClientRect();
			return {
				name: ind.querySelector('h4').innerText,
				title: svg.querySelector('title').textContent,
				role: svg.getAttribute('role'),
				bars: String(svg.querySelectorAll('rect.chart__bar').length),
				drawn: String(box.width > 100 && box.height > 40),
				table: [...ind.querySelectorAll('table.indicator-table td')].map(td => td.innerText).join(' '),
			};
		})()`)
		want := map[string]string{
			"name":  "1. Liczba organizacji pozarządowych działających w obszarze pomocy społecznej.",
			"title": "1. Liczba organizacji pozarządowych działających w obszarze pomocy społecznej.",
			"role":  "img",
			"bars":  "5",
			"drawn": "true",
			"table": "50 50 52 54 54 0 (tylko dane przykładowe)", // the card's years, then this year's live count, which says the site holds only demo data
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}
	})

	// Staff: sign in, edit an organisation, see the change and its
	// history, restore the earlier version; all without JavaScript.
	t.Run("admin: sign in, edit, history, restore", func(t *testing.T) {
		hash, err := accounts.HashPassword("redakcja-banku-danych")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateUser(bg, &accounts.User{Email: "redaktor@example.org", Role: accounts.Editor, PasswordHash: hash}, accounts.Audit{}); err != nil {
			t.Fatal(err)
		}
		const slug = "fundacja-przykladowa-cieply-posilek"
		before, err := st.Organisation(bg, slug)
		if err != nil {
			t.Fatal(err)
		}
		b.open(t, "/admin/logowanie", http.StatusOK)
		b.navigate(t,
			chromedp.SendKeys(chromedp.CSS("#email"), "redaktor@example.org"),
			chromedp.SendKeys(chromedp.CSS("#password"), "redakcja-banku-danych"+kb.Enter))
		if u := b.location(t); u.Path != "/admin" {
			t.Fatalf("after signing in: %s", u)
		}
		b.open(t, "/admin/organizacje?q=cieply", http.StatusOK)
		b.navigate(t, chromedp.Click(chromedp.CSS(`table a[href^="/admin/organizacje/"]`)))
		b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById('address-street').value = ''`),
			chromedp.SendKeys(chromedp.CSS("#address-street"), "ul. Zmieniona 5"))
		b.navigate(t, chromedp.Click(chromedp.CSS(`form.org-form button[type=submit]`)))
		if got := b.evalString(t, `document.querySelector('.note-box')?.innerText ?? ''`); got != "Zapisano. Zmiana będzie widoczna publicznie dopiero po publikacji bazy." {
			t.Fatalf("after saving: %q; errors: %q", got, b.evalString(t, `document.querySelector('.error-summary')?.innerText ?? ''`))
		}
		// The edit is in the working copy: the preview shows it, the public
		// page keeps the published address until the next publication.
		b.open(t, "/admin/podglad/organizacje/"+slug, http.StatusOK)
		if got := b.evalString(t, `document.querySelector('address').innerText`); !strings.Contains(got, "ul. Zmieniona 5") {
			t.Errorf("preview address = %q", got)
		}
		b.open(t, "/organizacje/"+slug, http.StatusOK)
		if got := b.evalString(t, `document.querySelector('address').innerText`); strings.Contains(got, "ul. Zmieniona 5") || !strings.Contains(got, before.Address.Street) {
			t.Errorf("public page address before publishing = %q, want the published %q", got, before.Address.Street)
		}
		b.open(t, "/admin/organizacje/"+before.ID+"/historia", http.StatusOK)
		latest := b.evalString(t, `document.querySelector('.history li').innerText`)
		if !strings.Contains(latest, "ul. Zmieniona 5") || !strings.Contains(latest, before.Address.Street) {
			t.Errorf("history entry = %q", latest)
		}
		b.navigate(t, chromedp.Click(chromedp.CSS(`.history li:last-child form button`)))
		if got := b.evalString(t, `document.querySelector('.note-box')?.innerText ?? ''`); !strings.HasPrefix(got, "Przywrócono") {
			t.Errorf("after restore: %q", got)
		}
		after, err := st.Organisation(bg, slug)
		if err != nil || after.Address.Street != before.Address.Street {
			t.Errorf("after restore the street is %q, want %q (%v)", after.Address.Street, before.Address.Street, err)
		}
		b.axe(t, axeJS) // the edit form
		for _, path := range []string{
			"/admin/organizacje/" + before.ID + "/historia",
			"/admin/organizacje",
			"/admin/strategia/ii-9-2",
			"/admin/strategia/ii-9-2/historia",
			"/admin/kosz",
			"/admin/synonimy?slowo=jedzenie",
			"/admin/wyszukiwania",
			"/admin",
			"/admin/teksty",
		} {
			b.open(t, path, http.StatusOK)
			b.axe(t, axeJS)
		}
		b.navigate(t, chromedp.Click(chromedp.CSS("form.logout button")))
		if u := b.location(t); u.Path != "/admin/logowanie" {
			t.Errorf("after signing out: %s", u)
		}
	})

	t.Run("skip link is the first Tab stop and visible", func(t *testing.T) {
		b.open(t, "/organizacje", http.StatusOK)
		b.do(t, chromedp.KeyEvent(kb.Tab))
		got := b.eval(t, `(() => {
			const a = document.activeElement;
			const r = a.getBoundingClientRect();
			return {
				focused: a.matches('a.skip-link') ? 'yes' : a.outerHTML.slice(0, 120),
				href: a.getAttribute('href') ?? '',
				box: [r.left, r.top, r.right, r.bottom, r.width, r.height].join(','),
				inside: String(r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
					r.right <= window.innerWidth && r.bottom <= window.innerHeight),
				viewport: window.innerWidth + 'x' + window.innerHeight,
			};
		})()`)
		if got["focused"] != "yes" {
			t.Fatalf("after one Tab the focus is on %s, want a.skip-link", got["focused"])
		}
		if got["inside"] != "true" {
			t.Errorf("the focused skip link's box (left, top, right, bottom, width, height) = %s is not inside the %s viewport", got["box"], got["viewport"])
		}
		// Following it moves the focus to the main content.
		b.do(t, chromedp.KeyEvent(kb.Enter))
		if id := b.evalString(t, `document.activeElement.id`); "#"+id != got["href"] {
			t.Errorf("after Enter on the skip link (href %q) the focus is on #%s", got["href"], id)
		}
	})

	if orgSlug == "" { // the journey was left out with -run
		orgSlug = demoWithHiddenContact(t)
	}
	axePages := []struct {
		name, path string
		status     int
		check      string // a selector the page must have, to be sure it is the page meant
	}{
		{"home", "/", http.StatusOK, ".help-numbers a[href^='tel:']"},
		{"search results", "/organizacje?q=pomoc", http.StatusOK, "ol.result-list > li.result"},
		{"organisation", "/organizacje/" + orgSlug, http.StatusOK, "h1#org-name"},
		{"empty search", "/organizacje?q=zzzzqqq", http.StatusOK, ".empty-state"},
		{"accessibility statement", "/deklaracja-dostepnosci", http.StatusOK, "#a11y-status"},
		{"privacy", "/prywatnosc", http.StatusOK, "h1"},
		{"strategy", "/strategia", http.StatusOK, ".task-item"},
		{"strategy task", "/strategia/zadania/ii-8-1", http.StatusOK, "svg.chart"},
		{"monitoring", "/strategia/monitoring", http.StatusOK, ".monitoring-empty"},
		{"sign-in", "/admin/logowanie", http.StatusOK, "input#email"},
		{"not found", "/nie-ma-takiej-strony", http.StatusNotFound, "h1"},
	}
	for _, p := range axePages {
		t.Run("axe "+p.name, func(t *testing.T) {
			b.open(t, p.path, p.status)
			if !b.evalBool(t, fmt.Sprintf(`document.querySelector(%q) !== null`, p.check)) {
				t.Fatalf("%s has no %s", p.path, p.check)
			}
			b.axe(t, axeJS)
		})
	}

	t.Run("no CSP violation in the console", func(t *testing.T) {
		for _, m := range con.csp() {
			t.Errorf("CSP violation: %s", m)
		}
	})

	// The check above only means something if a violation would show up.
	// (An inline script inserted from a DevTools evaluation is exempt from
	// the policy, so the canary is an image from an origin img-src refuses;
	// the policy blocks it before any request.)
	t.Run("a CSP violation would be seen", func(t *testing.T) {
		b.open(t, "/", http.StatusOK)
		b.do(t, chromedp.Evaluate[chromedp.Void](`(() => {
			const img = document.createElement('img');
			img.alt = '';
			img.src = 'https://csp-canary.invalid/x.png';
			document.body.append(img);
		})()`))
		deadline := time.Now().Add(5 * time.Second)
		for len(con.csp()) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if len(con.csp()) == 0 {
			t.Fatalf("an image from a refused origin raised no CSP violation the console listener saw; console:\n%s", strings.Join(con.all(), "\n"))
		}
	})
}

// tab is the browser tab the test drives, against the server at base.
type tab struct {
	ctx  context.Context
	base string
}

// step bounds one action so that a missing element fails the step instead of
// waiting for the whole test's timeout.
func (b *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, 15*time.Second)
}

func (b *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// open loads path and checks the response's status.
func (b *tab) open(t *testing.T, path string, status int) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if int(resp.Status) != status {
		t.Fatalf("%s: status %d, want %d", path, resp.Status, status)
	}
}

// navigate runs actions that load a new page (a click, a key), waits for it
// and checks it answered 200.
func (b *tab) navigate(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		t.Fatalf("navigation: %v", err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: status %d", resp.URL, resp.Status)
	}
}

func (b *tab) location(t *testing.T) *url.URL {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func evaluate[T any](t *testing.T, b *tab, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluate %.80s…: %v", expr, err)
	}
	return v
}

// eval evaluates an expression whose value is an object of strings.
func (b *tab) eval(t *testing.T, expr string) map[string]string {
	t.Helper()
	return evaluate[map[string]string](t, b, expr)
}

func (b *tab) evalString(t *testing.T, expr string) string {
	t.Helper()
	return evaluate[string](t, b, expr)
}

func (b *tab) evalBool(t *testing.T, expr string) bool {
	t.Helper()
	return evaluate[bool](t, b, expr)
}

// resultList is what a search page shows.
type resultList struct {
	Count  string     `json:"count"`  // h2#results-title
	Names  []string   `json:"names"`  // h3.result__name a, in order
	Badges [][]string `json:"badges"` // each result's .badges items
}

func (b *tab) results(t *testing.T) resultList {
	t.Helper()
	return evaluate[resultList](t, b, `(() => {
		const items = Array.from(document.querySelectorAll('ol.result-list > li.result'));
		return {
			count: document.getElementById('results-title')?.innerText.trim() ?? '',
			names: items.map(li => li.querySelector('h3.result__name a')?.innerText.trim() ?? ''),
			badges: items.map(li => Array.from(li.querySelectorAll('.badges li'), e => e.innerText.trim())),
		};
	})()`)
}

// resultsHeading is h2#results-title: "Wyniki: N organizacji" or, past the
// counting limit, "Wyniki: ponad N organizacji — …".
var resultsHeading = regexp.MustCompile(`^Wyniki: (?:ponad )?(\d+) organizac`)

// checkCount checks that the heading counts at least the results listed.
func checkCount(t *testing.T, res resultList) {
	t.Helper()
	m := resultsHeading.FindStringSubmatch(res.Count)
	if m == nil {
		t.Errorf("h2#results-title = %q, want Wyniki: N organizacji", res.Count)
		return
	}
	if n, _ := strconv.Atoi(m[1]); n < len(res.Names) {
		t.Errorf("h2#results-title = %q, but %d results are listed", res.Count, len(res.Names))
	}
}

// checkContacts checks the open page of the organisation slug against its
// full record: each contact person who consented is listed in ul.people, and
// no one who did not consent appears anywhere in the document (its text,
// attributes or JSON-LD).
func (b *tab) checkContacts(t *testing.T, st *store.Store, slug string) {
	t.Helper()
	org, err := st.Organisation(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	page := b.eval(t, `({
		html: document.documentElement.outerHTML,
		text: document.body.innerText,
		people: Array.from(document.querySelectorAll('ul.people li'), e => e.innerText).join('\n'),
	})`)
	hidden := 0
	for _, c := range org.Contacts {
		if c.Consent {
			if !strings.Contains(page["people"], c.Name) {
				t.Errorf("%s: %q consented to publication but is not in ul.people (%q)", slug, c.Name, page["people"])
			}
			continue
		}
		hidden++
		if strings.Contains(page["text"], c.Name) || strings.Contains(page["html"], c.Name) {
			t.Errorf("%s: %q did not consent to publication but appears on the page", slug, c.Name)
		}
		if c.Email != "" && !slices.Contains(org.Emails, c.Email) && strings.Contains(page["html"], c.Email) {
			t.Errorf("%s: the e-mail %q of %q, who did not consent, appears on the page", slug, c.Email, c.Name)
		}
	}
	t.Logf("%s: %d contact persons, %d without consent", slug, len(org.Contacts), hidden)
}

// demoWithHiddenContact returns the slug of a demo organisation with a
// contact person who did not consent to publication.
func demoWithHiddenContact(t *testing.T) string {
	t.Helper()
	orgs, err := demo.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if slices.ContainsFunc(o.Contacts, func(c directory.Contact) bool { return !c.Consent }) {
			return o.Slug
		}
	}
	t.Fatal("no demo organisation has a contact person without consent")
	return ""
}

// axeViolation is one failed rule of an axe-core run.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
}

// axe injects axe-core into the open page (through the DevTools protocol,
// which the page's CSP does not govern), runs the WCAG 2.0/2.1 A and AA rules
// and fails with each violation.
func (b *tab) axe(t *testing.T, axeJS string) {
	t.Helper()
	evaluate[chromedp.Void](t, b, axeJS)
	res := evaluate[struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}](t, b, `axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'],
	}).then(r => ({
		passes: r.passes.length,
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact ?? '', help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.length,
			targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
		})),
	}))`, chromedp.EvalAwaitPromise)
	if res.Passes == 0 {
		t.Errorf("axe passed no rule at all: it did not look at the page")
	}
	for _, v := range res.Violations {
		t.Errorf("axe %s (%s): %s; %d nodes, first %q; %s", v.ID, v.Impact, v.Help, v.Nodes, v.Targets, v.HelpURL)
	}
}

// readAxe returns axe-core's script: the file AXE_JS names, or the one
// `make test-deps` installs under .cache in the repository.
func readAxe(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AXE_JS")
	if path == "" {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		path = filepath.Join(root, ".cache", "npm", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `make test-deps`, or set AXE_JS to axe.min.js", err)
	}
	return string(b)
}

// console collects what the tab reports on its console; its listen method
// runs in the loop of the tab, so it only appends under a lock.
type console struct {
	mu   sync.Mutex
	msgs []string
}

func (c *console) listen(ev any) {
	var m string
	switch ev := ev.(type) {
	case *cdpruntime.EventConsoleAPICalled:
		parts := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			if a.Value != nil {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		m = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " "))
	case *cdpruntime.EventExceptionThrown:
		m = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			m += " " + ev.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		m = fmt.Sprintf("log %s/%s: %s (%s)", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, m)
}

func (c *console) all() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.msgs)
}

// csp returns the messages that report a Content Security Policy violation.
func (c *console) csp() []string {
	var out []string
	for _, m := range c.all() {
		if strings.Contains(m, "Content Security Policy") {
			out = append(out, m)
		}
	}
	return out
}

// chromiumPath returns the Chromium to drive: CHROMIUM, or Debian's.
func chromiumPath(t *testing.T) string {
	t.Helper()
	chromium := cmp.Or(os.Getenv("CHROMIUM"), "/usr/bin/chromium")
	if fi, err := os.Stat(chromium); err != nil || fi.IsDir() {
		t.Fatalf("no Chromium at %s (set CHROMIUM to its path): `make test` installs it "+
			"(Debian package chromium, through `make test-deps`): %v", chromium, err)
	}
	return chromium
}

// startChromium starts headless Chromium and returns its tab on the server
// at base, with the console it reports to; the browser stops when the test
// ends, or after timeout.
func startChromium(t *testing.T, chromium, base string, timeout time.Duration) (*tab, *console) {
	t.Helper()
	bg := context.Background()
	// The profile lives in a fresh directory, removed after the cleanups
	// below have stopped Chromium (cleanups run last registered first).
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(bg, timeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// The journeys are a Polish reader's: a browser preferring another
		// language gets a notice offering the page in it (see TestBrowserUkrainian).
		chromedp.Flag("accept-lang", "pl-PL,pl"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)

	// Every console message, browser log entry and uncaught exception,
	// collected from the start of the tab; CSP violations are among them.
	con := new(console)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(con.listen))
	t.Cleanup(cancelTab)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium %s: %v", chromium, err)
	}

	return &tab{ctx: ctx, base: base}, con
}
