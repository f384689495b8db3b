package server_test

import (
	"context"
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

// TestBrowserSubmissionToPublication follows one change from the
// organisation to the public page, in Chromium and without JavaScript of
// the portal's own: staff make an update link, the organisation opens it,
// changes its description and phone and sends the form; staff open the
// submission, see the two changes, accept only the description, and publish
// with a note. The public page shows the new description only after the
// publication, and never the phone that was not accepted. Every page on the
// way is checked with axe-core, and the console for CSP violations.
func TestBrowserSubmissionToPublication(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)

	// The server's clock starts at newSite's Monday 10:30 and moves only
	// when the test moves it: a person needs some seconds to fill in the
	// form, and each sign-in needs a fresh one-time code.
	var offset atomic.Int64
	now := func() time.Time { return monday1030.Add(time.Duration(offset.Load())) }
	later := func(d time.Duration) { offset.Add(int64(d)) }
	site := newSite(t, func(d *server.Deps) { d.Now = now })
	st, bg := site.store, context.Background()
	site.account(t, "admin@example.org", accounts.Administrator)
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close) // after Chromium has stopped

	b, con := startChromium(t, chromium, srv.URL, 90*time.Second)

	const (
		slug     = "fundacja-przykladowa-cieply-posilek"
		newText  = "Od grudnia wydajemy ciepłe posiłki także w soboty, w nowej stołówce przy ul. Słowiańskiej."
		newPhone = "65 529 00 77"
		note     = "Zgłoszenie fundacji: nowy opis"
	)
	org, err := st.Organisation(bg, slug)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(org.Description, newText) || strings.Contains(strings.Join(org.Phones, " "), newPhone) {
		t.Fatal("the demo organisation already has the new text or phone; pick others")
	}

	signIn := func(t *testing.T) {
		t.Helper()
		later(time.Minute) // a one-time code is good once
		code, err := totp.GenerateCode(totpSecret, now())
		if err != nil {
			t.Fatal(err)
		}
		b.open(t, "/admin/logowanie", http.StatusOK)
		b.navigate(t,
			chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.org"),
			chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
		if u := b.location(t); u.Path != "/admin/logowanie/kod" {
			t.Fatalf("after the password: %s, want the code form", u)
		}
		b.axe(t, axeJS)
		b.navigate(t, chromedp.SendKeys(chromedp.CSS("input[name=code]"), code+kb.Enter))
		if u := b.location(t); u.Path != "/admin" {
			t.Fatalf("after the code: %s, want /admin", u)
		}
	}
	signOut := func(t *testing.T) {
		t.Helper()
		b.navigate(t, chromedp.Click(chromedp.CSS("form.logout button")))
		if u := b.location(t); u.Path != "/admin/logowanie" {
			t.Fatalf("after signing out: %s", u)
		}
	}
	// publicPage is the text of the organisation's public page.
	publicPage := func(t *testing.T, path string) string {
		t.Helper()
		b.open(t, path, http.StatusOK)
		return b.evalString(t, `document.querySelector('main').innerText`)
	}

	var link, reference, submissionPath string
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"staff make an update link", func(t *testing.T) {
			signIn(t)
			b.open(t, "/admin/organizacje/"+org.ID+"/link", http.StatusOK)
			b.axe(t, axeJS)
			b.navigate(t, chromedp.Click(chromedp.CSS(`form[action$="/link"] button`)))
			link = b.evalString(t, `document.querySelector('code.token-link')?.innerText ?? ''`)
			if !strings.HasPrefix(link, srv.URL+"/zglos/") {
				t.Fatalf("the page shows the link %q, want %s/zglos/…", link, srv.URL)
			}
			b.axe(t, axeJS)
			signOut(t)
		}},
		{"the organisation changes its data", func(t *testing.T) {
			b.open(t, strings.TrimPrefix(link, srv.URL), http.StatusOK)
			got := b.eval(t, `({
				lead: document.querySelector('p.lead')?.innerText ?? '',
				description: document.getElementById('description').value,
				phones: document.getElementById('phones').value,
			})`)
			if got["lead"] != org.Name || got["description"] != org.Description || got["phones"] != strings.Join(org.Phones, "\n") {
				t.Fatalf("the update form is not filled in with the organisation's data: %q", got)
			}
			b.axe(t, axeJS)
			b.do(t,
				chromedp.Evaluate[chromedp.Void](`document.getElementById('description').value = ''; document.getElementById('phones').value = ''`),
				chromedp.SendKeys(chromedp.CSS("#description"), newText),
				chromedp.SendKeys(chromedp.CSS("#phones"), newPhone),
				chromedp.SendKeys(chromedp.CSS("#submitter_name"), "Anna Kowalska"),
			)
			later(2 * time.Minute) // the time it took to fill in
			// Enter in a text field sends the form, as with the button.
			b.navigate(t, chromedp.SendKeys(chromedp.CSS("#submitter_email"), "anna@example.org"+kb.Enter))
			u := b.location(t)
			if u.Path != "/zglos/dziekujemy" {
				t.Fatalf("after sending: %s; errors: %q", u, b.evalString(t, `[...document.querySelectorAll('.error-summary')].map(e => e.innerText).join(' | ')`))
			}
			reference = b.evalString(t, `document.querySelector('strong.reference')?.innerText ?? ''`)
			if reference == "" || reference != u.Query().Get("nr") {
				t.Fatalf("the thank-you page shows the reference %q, the address says %q", reference, u.Query().Get("nr"))
			}
			if h1 := b.evalString(t, `document.querySelector('h1').innerText`); !strings.Contains(h1, "Dziękujemy") {
				t.Errorf("thank-you page h1 = %q", h1)
			}
			b.axe(t, axeJS)
		}},
		{"nothing shows before moderation", func(t *testing.T) {
			if text := publicPage(t, "/organizacje/"+slug); strings.Contains(text, newText) || strings.Contains(text, newPhone) {
				t.Errorf("the public page shows the submission before anyone accepted it")
			}
		}},
		{"staff see the changes and accept the description only", func(t *testing.T) {
			signIn(t)
			b.open(t, "/admin/zgloszenia", http.StatusOK)
			b.axe(t, axeJS)
			b.navigate(t, chromedp.Click(fmt.Sprintf(`//table[contains(@class,"submissions")]//a[normalize-space()=%q]`, reference)))
			submissionPath = b.location(t).Path
			if !strings.HasPrefix(submissionPath, "/admin/zgloszenia/") {
				t.Fatalf("after clicking %s: %s", reference, submissionPath)
			}
			changes := evaluate[[]map[string]string](t, b, `[...document.querySelectorAll('table.changes tbody tr')].map(tr => ({
				field: tr.querySelector('input[name=fields]')?.value ?? '',
				before: tr.querySelector('del')?.innerText ?? '',
				after: tr.querySelector('ins')?.innerText ?? '',
			}))`)
			want := map[string][2]string{
				"description": {org.Description, newText},
				"phones":      {strings.Join(org.Phones, "\n"), newPhone},
			}
			if len(changes) != len(want) {
				t.Errorf("the submission shows %d changes, want the description and the phones: %q", len(changes), changes)
			}
			for _, c := range changes {
				w, ok := want[c["field"]]
				if !ok {
					t.Errorf("a change the organisation did not make: %q", c)
					continue
				}
				if strings.TrimSpace(c["before"]) != w[0] || strings.TrimSpace(c["after"]) != w[1] {
					t.Errorf("%s: shown as %q → %q, want %q → %q", c["field"], c["before"], c["after"], w[0], w[1])
				}
			}
			b.axe(t, axeJS)
			// Untick the phones; accept what stays ticked.
			b.do(t, chromedp.Click(chromedp.CSS("#take-phones")))
			if b.evalBool(t, `document.getElementById('take-phones').checked`) {
				t.Fatal("clicking #take-phones did not untick it")
			}
			b.navigate(t, chromedp.Click(chromedp.CSS(`form.accept-form button:not([name=all])`)))
			if u := b.location(t); u.Path != submissionPath {
				t.Fatalf("after accepting: %s, want back on %s", u, submissionPath)
			}
			if status := b.evalString(t, `document.querySelector('dd.status').innerText`); !strings.Contains(strings.ToLower(status), "przyjęt") {
				t.Errorf("status after accepting = %q", status)
			}
			b.axe(t, axeJS) // the decided submission
		}},
		{"accepted but not yet published", func(t *testing.T) {
			if text := publicPage(t, "/organizacje/"+slug); strings.Contains(text, newText) {
				t.Errorf("the public page shows the accepted description before it is published")
			}
			text := publicPage(t, "/admin/podglad/organizacje/"+slug)
			if !strings.Contains(text, newText) {
				t.Errorf("the preview lacks the accepted description")
			}
			if strings.Contains(text, newPhone) {
				t.Errorf("the preview shows the phone that was not accepted")
			}
			b.axe(t, axeJS)
			b.open(t, "/admin/podglad/organizacje", http.StatusOK)
			b.axe(t, axeJS)
		}},
		{"publish with a note", func(t *testing.T) {
			b.open(t, "/admin/publikacje", http.StatusOK)
			if pending := b.evalString(t, `document.querySelector('section[aria-labelledby=pending-title]').innerText`); !strings.Contains(pending, org.Name) {
				t.Errorf("pending changes do not name %q: %q", org.Name, pending)
			}
			b.axe(t, axeJS)
			// Without a note: refused, next to the field.
			ctx, cancel := b.step()
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/admin/publikacje"] button[type=submit]`)))
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != http.StatusUnprocessableEntity {
				t.Errorf("publishing without a note: status %d, want 422", resp.Status)
			}
			if got := b.eval(t, `({invalid: document.getElementById('note').getAttribute('aria-invalid') ?? '',
				error: document.querySelector('.error-summary').innerText})`); got["invalid"] != "true" {
				t.Errorf("publishing without a note: %q, want the note field marked invalid", got)
			}
			b.axe(t, axeJS) // the form with its error
			b.do(t, chromedp.SendKeys(chromedp.CSS("#note"), note))
			b.navigate(t, chromedp.Click(chromedp.CSS(`form[action="/admin/publikacje"] button[type=submit]`)))
			if u := b.location(t); u.Path != "/admin/publikacje" {
				t.Fatalf("after publishing: %s", u)
			}
			if got := b.evalString(t, `document.querySelector('.note-box')?.innerText ?? ''`); got == "" {
				t.Errorf("no notice after publishing")
			}
			if first := b.evalString(t, `document.querySelector('section[aria-labelledby=history-title] tbody tr').innerText`); !strings.Contains(first, note) {
				t.Errorf("the newest publication in the history = %q, want the note %q", first, note)
			}
			b.axe(t, axeJS)
		}},
		{"the public page shows the change", func(t *testing.T) {
			text := publicPage(t, "/organizacje/"+slug)
			if !strings.Contains(text, newText) {
				t.Errorf("the public page lacks the published description")
			}
			if strings.Contains(text, newPhone) {
				t.Errorf("the public page shows the phone that was not accepted")
			}
			for _, ph := range org.Phones {
				if !strings.Contains(text, ph) {
					t.Errorf("the public page lost the phone %q", ph)
				}
			}
		}},
	}
	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.Fatalf("stopped at %q", step.name)
		}
	}

	// The other pages of the cycle, signed in as the administrator.
	axePages := []struct {
		path  string
		check string // a selector the page must have, to be sure it is the page meant
	}{
		{"/zglos", "form.submit-form"},
		{"/admin/zgloszenia?status=accepted", "table.submissions"},
		{"/admin/zgloszenia/nowe", "form.submit-form"},
		{"/admin/organizacje/" + org.ID + "/papierowy", "form.submit-form"},
		{"/admin/publikacje/1", "dl.facts"},
		{"/admin/podglad/organizacje?q=pomoc", "ol.result-list > li.result"},
		{"/admin/weryfikacja", "form[action$='/przypomnienie'] button"},
		{"/admin/osadzanie", "h1"},
		{"/osadz", "h1, h2"},
		{"/osadz?q=pomoc", "ol.result-list > li.result"},
		{"/osadz/organizacje/" + slug, "h1"},
	}
	for _, p := range axePages {
		t.Run("axe "+p.path, func(t *testing.T) {
			b.open(t, p.path, http.StatusOK)
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
}
