package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// TestBrowserStrategyAdmin follows an editor in Chromium, with the
// keyboard and plain forms: a new area under goal II, a task under it that
// then shows on the public strategy page; the task moved to the trash
// disappears from it and comes back when restored. axe-core checks the
// structure, the area form with its errors, the new task form and the
// trash.
func TestBrowserStrategyAdmin(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	site := newSite(t)
	site.account(t, "redaktor@example.org", accounts.Editor)
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, _ := startChromium(t, chromium, srv.URL, 90*time.Second)

	b.open(t, "/admin/logowanie", http.StatusOK)
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "redaktor@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
	if u := b.location(t); u.Path != "/admin" {
		t.Fatalf("after signing in: %s", u)
	}
	publicHas := func(text string) bool {
		b.open(t, "/strategia", http.StatusOK)
		return strings.Contains(b.evalString(t, `document.querySelector('main').innerText`), text)
	}

	b.open(t, "/admin/strategia/struktura", http.StatusOK)
	b.axe(t, axeJS)
	// "Dodaj obszar" of goal II: the number comes suggested (10).
	b.navigate(t, chromedp.Click(chromedp.CSS(`a[href^="/admin/strategia/obszary/nowy"]`)))
	if got := b.evalString(t, `document.querySelector('#number').value`); got != "10" {
		t.Errorf("suggested area number %q, want 10", got)
	}
	// Sending without a name: the error is at the field, the number kept.
	b.do(t, chromedp.Clear(chromedp.CSS("#number")), chromedp.SendKeys(chromedp.CSS("#number"), "9"))
	ctx, cancel := b.step()
	resp, err := chromedp.RunResponse(ctx, chromedp.SendKeys(chromedp.CSS("#lead"), "MOPR"+kb.Enter))
	cancel()
	if err != nil || resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("area without a name: %v %v", resp, err)
	}
	errs := b.eval(t, `({name: document.querySelector('#name-error')?.innerText ?? '', number: document.querySelector('#number-error')?.innerText ?? '', lead: document.querySelector('#lead').value})`)
	if errs["name"] == "" || errs["lead"] != "MOPR" {
		t.Errorf("the form came back with %v", errs)
	}
	b.axe(t, axeJS)
	// 9 is taken by "Organizacje pozarządowe": said next to the number.
	b.do(t, chromedp.SendKeys(chromedp.CSS("#name"), "Rodziny w kryzysie"))
	ctx, cancel = b.step()
	resp, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.part-form button[type=submit]`)))
	cancel()
	if err != nil || resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("taken area number: %v %v", resp, err)
	}
	if got := b.evalString(t, `document.querySelector('#number-taken').innerText`); !strings.Contains(got, "Organizacje pozarządowe") || !strings.Contains(got, "10") {
		t.Errorf("taken number explained as %q", got)
	}
	b.do(t, chromedp.Clear(chromedp.CSS("#number")), chromedp.SendKeys(chromedp.CSS("#number"), "10"))
	b.navigate(t, chromedp.Click(chromedp.CSS(`form.part-form button[type=submit]`)))
	areaPath := b.location(t).Path

	// A task under the new area, from the structure page.
	b.open(t, "/admin/strategia/struktura", http.StatusOK)
	b.navigate(t, chromedp.Click(chromedp.CSS(`a[href="`+areaPath+`/nowe-zadanie"]`)))
	b.axe(t, axeJS)
	b.do(t, chromedp.SendKeys(chromedp.CSS("#task-title"), "Punkt wsparcia rodzin"))
	b.navigate(t, chromedp.SendKeys(chromedp.CSS("#task-years"), "2025-2027"+kb.Enter))
	if u := b.location(t); u.Path != "/admin/strategia/ii-10-1" {
		t.Fatalf("after creating the task: %s", u)
	}
	if !publicHas("Punkt wsparcia rodzin") || !publicHas("Rodziny w kryzysie") {
		t.Fatal("the new task is not on the public strategy page")
	}

	// To the trash: gone from the public page; restored: back.
	b.open(t, "/admin/strategia/ii-10-1", http.StatusOK)
	b.navigate(t, chromedp.Click(chromedp.CSS(`form.task-delete-form button`)))
	if u := b.location(t); u.Path != "/admin/strategia/kosz" {
		t.Fatalf("after the delete: %s", u)
	}
	b.axe(t, axeJS)
	if publicHas("Punkt wsparcia rodzin") {
		t.Error("the trashed task is still public")
	}
	b.open(t, "/admin/strategia/kosz", http.StatusOK)
	b.navigate(t, chromedp.Click(chromedp.CSS(`form[action="/admin/strategia/kosz/ii-10-1/przywroc"] button`)))
	if u := b.location(t); u.Path != "/admin/strategia/ii-10-1" {
		t.Errorf("after the restore: %s", u)
	}
	if !publicHas("Punkt wsparcia rodzin") {
		t.Error("the restored task is not public")
	}
}
