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

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/searchlog"
)

// The search's admin pages in Chromium: a wrong synonym comes back with
// its messages at the fields and what was typed, and axe finds nothing
// on the form in that state nor on the search log with a week in it.
func TestBrowserSearchAdminPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	site := newSite(t)
	bg := context.Background()
	if err := site.store.AddSearchMisses(bg, []searchlog.Miss{{Week: searchlog.WeekOf(monday1030), Query: "basen dla seniorów", Count: 3}}); err != nil {
		t.Fatal(err)
	}
	hash, err := accounts.HashPassword("redakcja-banku-danych")
	if err != nil {
		t.Fatal(err)
	}
	if err := site.store.CreateUser(bg, &accounts.User{Email: "redaktor@example.org", Role: accounts.Editor, PasswordHash: hash}, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, site)
	b, con := startChromium(t, chromium, srv, 90*time.Second)

	b.open(t, "/admin/logowanie", http.StatusOK)
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "redaktor@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), "redakcja-banku-danych"+kb.Enter))

	b.open(t, "/admin/synonimy", http.StatusOK)
	ctx, cancel := b.step()
	resp, err := chromedp.RunResponse(ctx,
		chromedp.SendKeys(chromedp.CSS("#word"), "dwa słowa"),
		chromedp.SendKeys(chromedp.CSS("#alternatives"), "---"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/synonimy"] button[type=submit]`)))
	cancel()
	if err != nil || resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid synonym: %v, %v", resp, err)
	}
	got := b.eval(t, `({
		word: document.querySelector('#word').value,
		alts: document.querySelector('#alternatives').value,
		errors: String(document.querySelectorAll('.field-error').length),
		described: document.querySelector('#word').getAttribute('aria-describedby') ?? '',
	})`)
	if got["word"] != "dwa słowa" || got["alts"] != "---" || got["errors"] != "2" || !strings.Contains(got["described"], "word-error") {
		t.Errorf("the form after an error: %v", got)
	}
	b.axe(t, axeJS)

	b.open(t, "/admin/wyszukiwania", http.StatusOK)
	if row := b.evalString(t, `document.querySelector('.miss-list tbody tr')?.innerText ?? ''`); !strings.Contains(row, "basen dla seniorów") {
		t.Errorf("the log shows %q", row)
	}
	b.axe(t, axeJS)
	for _, m := range con.csp() {
		t.Errorf("CSP violation: %s", m)
	}
}

func newTestServer(t *testing.T, s *site) string {
	t.Helper()
	srv := httptest.NewServer(s.h)
	t.Cleanup(srv.Close)
	return srv.URL
}
