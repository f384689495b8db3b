package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/server"
)

// formState is every control of the organisation form as the browser holds
// it: text as typed, boxes and radios ticked or not, the option chosen.
const formState = `JSON.stringify(Object.fromEntries(
	[...document.querySelectorAll('form.submit-form input, form.submit-form textarea, form.submit-form select')]
		.filter(e => e.name && e.name !== 'stamp' && e.type !== 'hidden')
		.map(e => [e.id || e.name, (e.type === 'checkbox' || e.type === 'radio') ? String(e.checked) : e.value])))`

func readFormState(t *testing.T, b *tab) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(b.evalString(t, formState)), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// send submits the form by its button and checks the status of the page
// that comes back.
func (b *tab) send(t *testing.T, status int) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.submit-form button[type=submit]`)))
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if int(resp.Status) != status {
		t.Fatalf("%s: status %d, want %d", resp.URL, resp.Status, status)
	}
}

// TestBrowserFormKeepsEveryValue fills in every kind of field of the online
// form in Chromium (text, textarea, select, radio, checkbox, the office
// hours with their box "Tuesday to Friday as Monday", languages), with
// mistakes; sends it; and finds every value back as typed, the errors at
// their fields naming the day and the field. Corrected, the form goes
// through, and the thank-you page says how to reach MOPR.
func TestBrowserFormKeepsEveryValue(t *testing.T) {
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
	b.do(t, chromedp.EmulateViewport(360, 800))

	b.open(t, "/zglos", http.StatusOK)
	b.axe(t, axeJS)
	typeIn := map[string]string{
		"submitter_name": "Anna Kowalska", "submitter_email": "anna@example.org",
		"name": "Stowarzyszenie Nowa Nadzieja", "short_name": "Nowa Nadzieja",
		"krs":            "123", // too short: an error
		"address-street": "ul. Słowiańska 3", "website": "nowa-nadzieja.pl",
		"contacts-0-name": "Ewa Nowak", "contacts-0-function": "prezeska", "contacts-0-phone": "65 529 00 77",
		"contacts-0-email": "ewa@example.org",
		"hours-1-0-opens":  "9", "hours-1-0-closes": "15.30",
		"hours-1-1-opens": "16",                                // no closing time: an error
		"hours-2-0-opens": "ósma", "hours-2-0-closes": "16:00", // not a time: an error
		"hours-3-note": "po wcześniejszym telefonie",
		"hours_note":   "W święta nieczynne.", "volunteer_note": "Zapraszamy studentów.",
	}
	areas := map[string]string{
		"description": "Pomagamy rodzinom w kryzysie.\nProwadzimy punkt porad.",
		"phones":      "65 529 00 77\n600 100 200",
		"emails":      "biuro@example.org",
		"social":      "facebook.com/nowanadzieja",
	}
	boxes := []string{"legal_form-fundacja", "public_benefit", "contacts-0-consent", "takes_volunteers",
		"hours-weekdays_same", "lang-pl", "lang-pso", "lang-uk"}
	var actions []chromedp.Action[chromedp.Void]
	for id, v := range typeIn {
		actions = append(actions, chromedp.SendKeys(chromedp.CSS("#"+id), v))
	}
	for id, v := range areas {
		actions = append(actions, chromedp.SendKeys(chromedp.CSS("#"+id), v))
	}
	for _, id := range boxes {
		// Clicked on the label: the whole label is the target.
		actions = append(actions, chromedp.Click(chromedp.CSS(`label[for="`+id+`"]`)))
	}
	// The first category, the first target group and accessibility
	// feature, the district: chosen as a person would.
	actions = append(actions,
		chromedp.Click(chromedp.CSS(`#categories input[type=checkbox]`)),
		chromedp.Click(chromedp.CSS(`#target_groups input[type=checkbox]`)),
		chromedp.Click(chromedp.CSS(`#accessibility input[type=checkbox]`)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('address-district').value = 'zatorze'`),
	)
	b.do(t, actions...)
	if got := b.evalString(t, `document.getElementById('address-district').value`); got != "zatorze" {
		t.Fatalf("the district was not chosen (%q): pick another from the demo's", got)
	}
	before := readFormState(t, b)
	for id, v := range typeIn {
		if before[id] != v {
			t.Fatalf("%s holds %q before sending, want %q", id, before[id], v)
		}
	}

	offset.Add(int64(2 * time.Minute)) // the time it took to fill in
	b.send(t, http.StatusUnprocessableEntity)
	after := readFormState(t, b)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s came back as %q, typed %q", k, after[k], v)
		}
	}
	// The form may come back with more (an empty row for another contact
	// person), but nothing more holds a value.
	for k, v := range after {
		if _, ok := before[k]; !ok && v != "" && v != "false" {
			t.Errorf("%s came back holding %q, never typed", k, v)
		}
	}
	errs := b.eval(t, `({
		krs: document.getElementById('krs-error')?.innerText ?? '',
		tuesday: document.getElementById('hours-2-0-opens-error')?.innerText ?? '',
		monday: document.getElementById('hours-1-1-closes-error')?.innerText ?? '',
		summary: [...document.querySelectorAll('.error-summary a')].map(a => a.getAttribute('href')).join(' '),
	})`)
	if !strings.Contains(errs["tuesday"], "Wtorek: godzina otwarcia") || !strings.Contains(errs["monday"], "Poniedziałek: godzina zamknięcia") || errs["krs"] == "" {
		t.Errorf("errors at the fields: %q", errs)
	}
	if errs["summary"] != "#krs #hours-1-1-closes #hours-2-0-opens" {
		t.Errorf("the summary links %q, want the form's order", errs["summary"])
	}
	b.axe(t, axeJS)

	// Corrected, it goes through.
	b.do(t, chromedp.Evaluate[chromedp.Void](`
		document.getElementById('krs').value = '';
		document.getElementById('hours-1-1-opens').value = '';
		document.getElementById('hours-2-0-opens').value = '8';`))
	offset.Add(int64(time.Minute))
	b.send(t, http.StatusOK)
	if u := b.location(t); u.Path != "/zglos/dziekujemy" {
		t.Fatalf("after sending: %s", u)
	}
	if !b.evalBool(t, `document.querySelector('.mopr-contact a[href^="tel:"]') !== null`) {
		t.Error("the thank-you page gives no phone to call MOPR")
	}
	b.axe(t, axeJS)
	subs, err := site.store.Submissions(context.Background(), "")
	if err != nil || len(subs) != 1 {
		t.Fatalf("%d submissions, %v", len(subs), err)
	}
	o := subs[0].Payload
	if o.Website != "https://nowa-nadzieja.pl" || o.Hours[4].Intervals[0].Opens.String() != "09:00" || o.Hours[2].Intervals[0].Opens.String() != "08:00" || len(o.Languages) != 3 || o.LegalForm != "fundacja" {
		t.Errorf("stored: website %q, Thursday %v, Tuesday %v, languages %v, legal form %s", o.Website, o.Hours[4], o.Hours[2], o.Languages, o.LegalForm)
	}

	// With JavaScript, a day can take Monday's hours at once.
	b.open(t, "/zglos", http.StatusOK)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS("#hours-1-0-opens"), "8"),
		chromedp.SendKeys(chromedp.CSS("#hours-1-0-closes"), "16"),
		chromedp.Click(chromedp.CSS(`#hours-6 button.copy-monday`)),
	)
	if got := b.evalString(t, `document.getElementById('hours-6-0-opens').value + '-' + document.getElementById('hours-6-0-closes').value`); got != "8-16" {
		t.Errorf("after copying Monday, Saturday holds %q", got)
	}
	for _, m := range con.csp() {
		t.Errorf("CSP violation: %s", m)
	}
}

// TestBrowserReflow loads every kind of page at 320 CSS pixels (WCAG
// 1.4.10): none scrolls sideways; a table wider than the screen scrolls
// inside its own labelled container that takes the keyboard's focus; every
// form control is at least 24×24 pixels (WCAG 2.2 2.5.8); axe finds nothing.
func TestBrowserReflow(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	var offset atomic.Int64
	now := func() time.Time { return monday1030.Add(time.Duration(offset.Load())) }
	site := newSite(t, func(d *server.Deps) { d.Now = now })
	site.account(t, "admin@example.org", accounts.Administrator)
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, _ := startChromium(t, chromium, srv.URL, 5*time.Minute)

	slug := demoWithHiddenContact(t)
	org, err := site.store.Organisation(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	public := []string{
		"/", "/organizacje", "/organizacje?q=pomoc", "/organizacje/" + slug,
		"/strategia", "/strategia/zadania/ii-8-1", "/strategia/zadania/ii-9-2", "/strategia/monitoring",
		"/zglos", "/zglos/zmiana/" + slug, "/zglos/dziekujemy?nr=ZG-1",
		"/deklaracja-dostepnosci", "/prywatnosc", "/admin/logowanie",
	}
	admin := []string{
		"/admin", "/admin/organizacje", "/admin/organizacje/nowa", "/admin/organizacje/" + org.ID,
		"/admin/organizacje/" + org.ID + "/historia", "/admin/organizacje/" + org.ID + "/link",
		"/admin/zgloszenia", "/admin/zgloszenia/nowe", "/admin/publikacje", "/admin/podglad/organizacje",
		"/admin/strategia", "/admin/strategia/ii-9-2", "/admin/weryfikacja", "/admin/kosz",
		"/admin/dziennik", "/admin/uzytkownicy", "/admin/osadzanie", "/admin/haslo",
	}
	check := func(t *testing.T, path string) {
		t.Helper()
		b.open(t, path, http.StatusOK)
		b.do(t, chromedp.EmulateViewport(320, 640))
		got := evaluate[reflowReport](t, b, reflowJS)
		if got.ScrollWidth > got.ClientWidth {
			t.Errorf("%s scrolls sideways at 320 px: %d > %d, widest: %s", path, got.ScrollWidth, got.ClientWidth, got.Widest)
		}
		for _, p := range got.Problems {
			t.Errorf("%s: %s", path, p)
		}
		b.axe(t, axeJS)
	}
	for _, p := range public {
		t.Run(p, func(t *testing.T) { check(t, p) })
	}
	// Signed in as an administrator, for the admin area.
	offset.Add(int64(time.Minute))
	code, err := totp.GenerateCode(totpSecret, now())
	if err != nil {
		t.Fatal(err)
	}
	b.open(t, "/admin/logowanie", http.StatusOK)
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
	b.navigate(t, chromedp.SendKeys(chromedp.CSS("input[name=code]"), code+kb.Enter))
	if u := b.location(t); u.Path != "/admin" {
		t.Fatalf("after signing in: %s", u)
	}
	for _, p := range admin {
		t.Run(p, func(t *testing.T) { check(t, p) })
	}
}

type reflowReport struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Widest      string   `json:"widest"`
	Problems    []string `json:"problems"`
}

// reflowJS measures the page: its width against the viewport's, the
// element reaching furthest right (to say what overflows), tables wider
// than their place outside a labelled, focusable scroll container, and
// form controls smaller than 24×24 pixels.
var reflowJS = fmt.Sprintf(`(() => {
	const doc = document.documentElement;
	const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
	let widest = null, right = 0;
	for (const e of document.body.querySelectorAll('*')) {
		const r = e.getBoundingClientRect();
		if (r.right > right && !e.parentElement?.closest('.table-scroll')) { right = r.right; widest = e; }
	}
	const problems = [];
	for (const table of document.querySelectorAll('table')) {
		const box = table.closest('.table-scroll');
		if (!box) {
			if (table.getBoundingClientRect().right > doc.clientWidth) problems.push('a table reaches past the screen outside a scroll container: ' + name(table));
			continue;
		}
		if (box.getAttribute('tabindex') !== '0' || !(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'))) {
			problems.push('a table scroll container is not focusable and labelled: ' + name(box));
		}
	}
	for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
		if (c.closest('.visually-hidden, [aria-hidden=true]')) continue;
		const r = c.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (r.width < %[1]d - 0.5 || r.height < %[1]d - 0.5) problems.push('control smaller than 24×24: ' + name(c) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
	}
	return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, widest: widest ? name(widest) + ' to ' + Math.round(right) : '', problems};
})()`, 24)
