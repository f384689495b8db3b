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
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
)

// TestBrowserMonitoringJourney follows the monitoring cycle in Chromium,
// with the keyboard and without the portal's JavaScript: the person
// responsible for task 9.2 writes the report of the first half of 2026
// (a missing status comes back next to its field with the typing kept),
// confirms it; the administrator closes the period; the public page
// shows the frozen snapshot with the share of the target, and the task's
// page its monitoring. axe-core checks every new page.
func TestBrowserMonitoringJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	site := newSite(t)
	ctx := context.Background()
	site.account(t, "admin@example.org", accounts.Administrator)
	editor := site.account(t, "redaktor@example.org", accounts.Editor)
	p, _ := strategy.ParsePeriod("2026-1")
	if err := site.store.OpenPeriod(ctx, p, accounts.Audit{ActorEmail: "admin@example.org"}); err != nil {
		t.Fatal(err)
	}
	err := site.store.SaveTaskSettings(ctx, "ii-9-2", store.MonitoringSettings{
		Responsibility: strategy.Responsibility{Unit: "Dział Organizacji Pozarządowych MOPR", StaffID: editor.ID},
		Targets:        map[int]strategy.Target{0: {Years: []strategy.IndicatorValue{{Year: 2026, Value: "60"}}}},
	}, 0, accounts.Audit{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, con := startChromium(t, chromium, srv.URL, 120*time.Second)
	text := func(sel string) string {
		return b.evalString(t, `(document.querySelector(`+"`"+sel+"`"+`) || {innerText: ''}).innerText`)
	}

	// The responsible person signs in and opens the report from the period.
	b.open(t, "/admin/logowanie", http.StatusOK)
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "redaktor@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
	b.open(t, "/admin/monitoring", http.StatusOK)
	b.axe(t, axeJS)
	b.navigate(t, chromedp.Click(chromedp.CSS(`a[href="/admin/monitoring/2026-1"]`)))
	b.axe(t, axeJS)
	b.navigate(t, chromedp.Click(chromedp.CSS(`a[href="/admin/monitoring/2026-1/ii-9-2"]`)))
	// The live value proposed for the bound indicator is replaced.
	b.evalBool(t, `(document.querySelector('#values-0').value = '', true)`)
	b.do(t,
		chromedp.SendKeys(chromedp.CSS("#done"), "Zebrano 52 formularze organizacji."),
		chromedp.SendKeys(chromedp.CSS("#stages-0"), "10"),
		chromedp.SendKeys(chromedp.CSS("#values-0"), "52,50"),
		chromedp.SendKeys(chromedp.CSS("#spending-0-source"), "budżet miasta"),
		chromedp.SendKeys(chromedp.CSS("#spending-0-amount"), "1200"))
	// "Zatwierdź" without a status: the error is at the select, all kept.
	b.navigateStatus(t, http.StatusUnprocessableEntity, chromedp.Click(chromedp.CSS(`button[value=confirm]`)))
	if got := text("#status-error"); !strings.Contains(got, "Wybierz stan realizacji") {
		t.Errorf("status error: %q", got)
	}
	if got := b.evalString(t, `document.querySelector('#values-0').value + '|' + document.querySelector('#done').value`); got != "52,50|Zebrano 52 formularze organizacji." {
		t.Errorf("typing kept: %q", got)
	}
	b.axe(t, axeJS)
	// The status chosen from the keyboard: "z" selects "zgodnie z planem".
	b.do(t, chromedp.Focus(chromedp.CSS("#status")), chromedp.KeyEvent("z"))
	if got := b.evalString(t, `document.querySelector('#status').value`); got != "zgodnie_z_planem" {
		t.Fatalf("status chosen from the keyboard: %q", got)
	}
	b.navigate(t, chromedp.Click(chromedp.CSS(`button[value=confirm]`)))
	if got := text("[role=status]"); !strings.Contains(got, "zatwierdzono") && !strings.Contains(got, "zatwierdzon") {
		t.Errorf("after confirming: %q", got)
	}
	b.navigate(t, chromedp.Click(chromedp.CSS("form.logout button")))

	// The administrator closes the period.
	b.navigate(t,
		chromedp.SendKeys(chromedp.CSS("#email"), "admin@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword+kb.Enter))
	code, err := totp.GenerateCode(totpSecret, monday1030)
	if err != nil {
		t.Fatal(err)
	}
	b.navigate(t, chromedp.SendKeys(chromedp.CSS("input[name=code]"), code+kb.Enter))
	b.open(t, "/admin/monitoring/2026-1", http.StatusOK)
	if got := text("table.period-tasks"); !strings.Contains(got, "zatwierdzone") {
		t.Errorf("period page: %q", got)
	}
	b.navigate(t, chromedp.Click(chromedp.CSS("form.close-period-form button")))
	if got := text("[role=status]"); !strings.Contains(got, "Okres zamknięto") {
		t.Errorf("after closing: %q", got)
	}
	b.open(t, "/admin/monitoring/zadania/ii-9-2", http.StatusOK)
	b.axe(t, axeJS)

	// The public sees the frozen snapshot and the task's monitoring.
	b.open(t, "/strategia/monitoring", http.StatusOK)
	if got := text("#period-title"); got != "I półrocze 2026" {
		t.Errorf("public period: %q", got)
	}
	if got := text(".monitoring-summary"); !strings.Contains(got, "zgodnie z planem") || !strings.Contains(got, "Dział Organizacji Pozarządowych MOPR") {
		t.Errorf("public summary: %q", got)
	}
	if got := text("#task-ii-9-2 ~ .table-scroll .target-table"); !strings.Contains(got, "87,5%") {
		t.Errorf("share of target: %q", got)
	}
	b.axe(t, axeJS)
	b.open(t, "/strategia/zadania/ii-9-2", http.StatusOK)
	if !b.evalBool(t, `document.querySelector('.task-monitoring svg.chart') !== null`) {
		t.Errorf("no chart of value against target on the task page")
	}
	b.axe(t, axeJS)
	b.open(t, "/en/strategia/monitoring", http.StatusOK)
	b.axe(t, axeJS)
	if csp := con.csp(); len(csp) > 0 {
		t.Errorf("CSP violations: %v", csp)
	}
}

// navigateStatus runs actions that load a page and checks its status.
func (b *tab) navigateStatus(t *testing.T, status int, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		t.Fatalf("navigation: %v", err)
	}
	if int(resp.Status) != status {
		t.Fatalf("%s: status %d, want %d", resp.URL, resp.Status, status)
	}
}
