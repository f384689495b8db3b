package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// TestBrowserKRSLookupWithoutJavaScript is the staff's journey in Chromium
// with JavaScript switched off: type a little, fetch from the (local)
// register, see the comparison, take what was ticked, and save with Enter
// in a field, which saves rather than fetches; a register that does not
// answer leaves a message and the form. Every page passes axe.
func TestBrowserKRSLookupWithoutJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	site, _ := krsSite(t)
	site.account(t, "redaktor@example.org", accounts.Editor)
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, con := startChromium(t, chromium, srv.URL, 2*time.Minute)
	scripts := func(off bool) {
		t.Helper()
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
			t.Fatal(err)
		}
	}
	// axe is a script: it runs with scripts on, on the page loaded without.
	axe := func() {
		t.Helper()
		scripts(false)
		b.axe(t, axeJS)
		scripts(true)
	}
	scripts(true)

	b.open(t, "/admin/logowanie", http.StatusOK)
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "redaktor@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
	b.open(t, "/admin/organizacje/nowa", http.StatusOK)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS("#name"), "Stowarzyszenie Przystań"),
		chromedp.SendKeys(chromedp.CSS("#description"), "Pomagamy rodzinom w kryzysie."),
		chromedp.SendKeys(chromedp.CSS("#hours-1-0-opens"), "9"),
		chromedp.SendKeys(chromedp.CSS("#krs"), "0000777777"))
	b.navigate(t, chromedp.Click(chromedp.CSS(`button[name="krs.action"][value=fetch]`)))
	if msg := b.evalString(t, `document.querySelector('#krs-message')?.textContent ?? ''`); !strings.Contains(msg, "nie odpowiedział na czas") {
		t.Errorf("slow register: %q", msg)
	}
	if v := b.evalString(t, `document.querySelector('#hours-1-0-opens').value`); v != "9" {
		t.Errorf("typed hour lost: %q", v)
	}
	axe()

	b.do(t, chromedp.SetValue(chromedp.CSS("#krs"), "0000213456"))
	b.navigate(t, chromedp.Click(chromedp.CSS(`button[name="krs.action"][value=fetch]`)))
	if n := b.evalString(t, `String(document.querySelectorAll('.krs-table tbody tr').length)`); n == "0" {
		t.Fatalf("no comparison; the box says %q", b.evalString(t, `document.querySelector('.krs-lookup').innerText`))
	}
	axe()
	// Take the name too (typed, so not ticked), and not the website.
	b.do(t,
		chromedp.Click(chromedp.CSS(`label[for="krs-take-name"]`)),
		chromedp.Click(chromedp.CSS(`label[for="krs-take-website"]`)))
	b.navigate(t, chromedp.Click(chromedp.CSS(`button[name="krs.action"][value=apply]`)))
	got := b.eval(t, `({name: document.querySelector('#name').value, nip: document.querySelector('#nip').value,
		website: document.querySelector('#website').value, street: document.querySelector('#address-street').value,
		opp: String(document.querySelector('#public_benefit').checked), description: document.querySelector('#description').value})`)
	want := map[string]string{"name": `LESZCZYŃSKIE STOWARZYSZENIE POMOCY RODZINIE "PRZYSTAŃ"`, "nip": "6972234183", "website": "",
		"street": "ul. Jana Pawła II 12/4", "opp": "true", "description": "Pomagamy rodzinom w kryzysie."}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	axe()

	// Enter in a field saves the form.
	b.do(t,
		chromedp.Click(chromedp.CSS(`label[for="cat-ubostwo"]`)),
		chromedp.SendKeys(chromedp.CSS("#hours-1-0-closes"), "15"))
	b.navigate(t, chromedp.SendKeys(chromedp.CSS("#short_name"), "Przystań"+kb.Enter))
	u := b.location(t)
	if !strings.HasPrefix(u.Path, "/admin/organizacje/") || u.Path == "/admin/organizacje/nowa" || u.Query().Get("info") != "dodano" {
		t.Fatalf("Enter ended on %s; box: %q; errors: %q", u, b.evalString(t, `document.querySelector('#krs-message')?.textContent ?? ''`),
			b.evalString(t, `document.querySelector('.error-summary')?.innerText ?? ''`))
	}
	o, err := site.store.OrganisationByID(t.Context(), uuid.MustParse(strings.TrimPrefix(u.Path, "/admin/organizacje/")))
	if err != nil {
		t.Fatal(err)
	}
	if o.NIP != "6972234183" || !o.PublicBenefit || o.ShortName != "Przystań" || o.Hours[1].Intervals[0].Closes.String() != "15:00" {
		t.Errorf("stored %+v", o)
	}
	if csp := con.csp(); len(csp) > 0 {
		t.Errorf("CSP violations: %v", csp)
	}
}
