package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// TestBrowserRollbackConfirmation follows an administrator rolling the
// public directory back, in Chromium and without JavaScript of the
// portal's own: "Przywróć" opens a confirmation that says what changes
// against the current publication; confirming rolls back. Rolling back to
// the empty first publication warns that the directory will be empty and
// is refused, with the message at the box, until the box is ticked (from
// the keyboard); then the public directory is empty. axe-core checks the
// confirmation and its error state.
func TestBrowserRollbackConfirmation(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	site := newSite(t)
	st, bg := site.store, context.Background()
	site.account(t, "admin@example.org", accounts.Administrator)
	// Publication 2 holds the demo; publication 3 renames one organisation.
	const slug = "stowarzyszenie-przykladowe-razem-dla-seniorow"
	org, err := st.Organisation(bg, slug)
	if err != nil {
		t.Fatal(err)
	}
	oldName := org.Name
	org.Name = "Razem dla Seniorów – nowa nazwa"
	if err := st.UpdateOrganisation(bg, org, org.Version, editorAudit); err != nil {
		t.Fatal(err)
	}
	if _, err := site.publishNow(bg, "nowa nazwa", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, con := startChromium(t, chromium, srv.URL, 90*time.Second)

	// Sign in with the password and a one-time code.
	b.open(t, "/admin/logowanie", http.StatusOK)
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
	code, err := totp.GenerateCode(totpSecret, monday1030)
	if err != nil {
		t.Fatal(err)
	}
	b.navigate(t, chromedp.SendKeys(chromedp.CSS("input[name=code]"), code+kb.Enter))
	if u := b.location(t); u.Path != "/admin" {
		t.Fatalf("after signing in: %s", u)
	}

	mainText := func() string { return b.evalString(t, `document.querySelector('main').innerText`) }
	publicName := func() string {
		b.open(t, "/organizacje/"+slug, http.StatusOK)
		return b.evalString(t, `document.querySelector('h1').innerText`)
	}

	// "Przywróć publikację nr 2" asks first, with what changes.
	b.open(t, "/admin/publikacje", http.StatusOK)
	b.navigate(t, chromedp.Click(chromedp.CSS(`form[action="/admin/publikacje/2/przywroc"] button`)))
	if u := b.location(t); u.Path != "/admin/publikacje/2/przywroc" {
		t.Fatalf("the rollback button went to %s, not to the confirmation", u)
	}
	text := mainText()
	for _, want := range []string{"Przywrócić publikację nr 2?", "dodane: 0, zmienione: 1, usunięte: 0", "„Razem dla Seniorów”: Nazwa"} {
		if !strings.Contains(text, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, text)
		}
	}
	b.axe(t, axeJS)
	if got := publicName(); got != org.Name {
		t.Fatalf("opening the confirmation rolled back: %q", got)
	}
	// Cancel leads back; the public directory is as it was.
	b.open(t, "/admin/publikacje/2/przywroc", http.StatusOK)
	b.navigate(t, chromedp.Click(chromedp.CSS(`form.rollback-form a`)))
	if u := b.location(t); u.Path != "/admin/publikacje" {
		t.Errorf("cancel went to %s", u)
	}
	b.open(t, "/admin/publikacje/2/przywroc", http.StatusOK)
	b.navigate(t, chromedp.Click(chromedp.CSS(`form.rollback-form button[type=submit]`)))
	if got := b.evalString(t, `document.querySelector('.note-box')?.innerText ?? ''`); !strings.HasPrefix(got, "Przywrócono") {
		t.Errorf("after the confirmed rollback: %q", got)
	}
	if got := publicName(); got != oldName {
		t.Errorf("after the rollback the public page shows %q, want %q", got, oldName)
	}

	// Publication 1 holds no organisation.
	b.open(t, "/admin/publikacje/1/przywroc", http.StatusOK)
	if text := mainText(); !strings.Contains(text, "katalog publiczny będzie pusty") || !strings.Contains(text, "usunięte: 54") {
		t.Errorf("the empty publication's confirmation does not warn:\n%s", text)
	}
	ctx, cancel := b.step()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.rollback-form button[type=submit]`)))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("rolling back to an empty publication without the box: %d", resp.Status)
	}
	if got := b.evalString(t, `document.getElementById('pusty-error')?.innerText ?? ''`); !strings.Contains(got, "Zaznacz") {
		t.Errorf("message at the box = %q", got)
	}
	b.axe(t, axeJS)
	b.open(t, "/organizacje?q=seniorow", http.StatusOK)
	if n := b.evalString(t, `String(document.querySelectorAll('main a[href^="/organizacje/`+slug+`?"], main a[href="/organizacje/`+slug+`"]').length)`); n == "0" {
		t.Fatal("the refused rollback emptied the directory")
	}
	// Tick the box from the keyboard (focus it, Space) and confirm.
	b.open(t, "/admin/publikacje/1/przywroc", http.StatusOK)
	b.do(t, chromedp.Focus(chromedp.CSS("#pusty")), chromedp.KeyEvent(" "))
	if !b.evalBool(t, `document.getElementById('pusty').checked`) {
		t.Fatal("Space did not tick the box")
	}
	b.navigate(t, chromedp.Click(chromedp.CSS(`form.rollback-form button[type=submit]`)))
	if u := b.location(t); u.Path != "/admin/publikacje" {
		t.Fatalf("after the confirmed empty rollback: %s", u)
	}
	b.open(t, "/organizacje?q=seniorow", http.StatusOK)
	if n := b.evalString(t, `String(document.querySelectorAll('main a[href^="/organizacje/`+slug+`?"], main a[href="/organizacje/`+slug+`"]').length)`); n != "0" {
		t.Error("the confirmed empty publication is not what the public sees")
	}
	if v := con.csp(); len(v) > 0 {
		t.Errorf("CSP violations: %q", v)
	}
}
