package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/mail"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
)

// A reporting period's life through the real router: the administrator
// opens it and names who is responsible, the responsible person saves a
// draft (private) and confirms it (final), a late report is reminded by
// e-mail through a real SMTP server once, the administrator closes the
// period, the public sees the frozen snapshot with shares of targets, the
// downloads and the council PDF; later edits leave the snapshot alone and
// a correction is a visible revision with its reason.
func TestMonitoringPeriodLife(t *testing.T) {
	ctx := context.Background()
	k := startSMTPSink(t)
	m, err := mail.New("smtp://"+k.addr, "MOPR Leszno <no-reply@mopr.example.org>")
	if err != nil {
		t.Fatal(err)
	}
	s := mailSite(t, m)
	s.account(t, "admin@example.org", accounts.Administrator)
	editor := s.account(t, "redaktor@example.org", accounts.Editor)
	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)
	ed := s.browser(t)
	ed.signIn("redaktor@example.org", nil)

	// Opening: a malformed period comes back next to its field, kept.
	bad := adm.post("/admin/monitoring", url.Values{"code": {"2026-3"}})
	if bad.status != http.StatusUnprocessableEntity || bad.doc.Find("#code").AttrOr("value", "") != "2026-3" ||
		!strings.Contains(bad.doc.Find("#code-error").Text(), "2026-1") {
		t.Fatalf("bad period: %d %q", bad.status, bad.doc.Find(".field--error").Text())
	}
	if a := adm.post("/admin/monitoring", url.Values{"code": {"2026-1"}}); a.status != http.StatusSeeOther || a.location != "/admin/monitoring/2026-1?info=otwarto" {
		t.Fatalf("open: %d %q", a.status, a.location)
	}
	if a := ed.post("/admin/monitoring", url.Values{"code": {"2026-2"}}); a.status != http.StatusForbidden {
		t.Errorf("an editor opened a period: %d", a.status)
	}

	// Responsibility and targets: 9.2 by the editor's account, 8.1 by a
	// named person without an account.
	f := formValues(t, adm.get("/admin/monitoring/zadania/ii-9-2"), "form.settings-form")
	f.Set("unit", "Dział Organizacji Pozarządowych MOPR")
	f.Set("staff_id", strconv.FormatInt(editor.ID, 10))
	f.Set("baseline.0.year", "2025")
	f.Set("baseline.0.value", "40")
	f.Set("targets.0.2026", "60")
	if a := adm.post("/admin/monitoring/zadania/ii-9-2", f); a.status != http.StatusSeeOther {
		t.Fatalf("settings 9.2: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	f = formValues(t, adm.get("/admin/monitoring/zadania/ii-8-1"), "form.settings-form")
	f.Set("unit", "Dział Pomocy Środowiskowej")
	f.Set("person_name", "Jan Kowalski")
	f.Set("person_email", "nie-adres")
	f.Set("targets.0.2026", "dużo")
	a := adm.post("/admin/monitoring/zadania/ii-8-1", f)
	if a.status != http.StatusUnprocessableEntity || a.doc.Find("#person_email").AttrOr("value", "") != "nie-adres" ||
		a.doc.Find("#targets-0-2026").AttrOr("value", "") != "dużo" || a.doc.Find(".error-summary li").Length() != 2 {
		t.Fatalf("bad settings: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	f.Set("person_email", "jan.kowalski@example.org")
	f.Set("targets.0.2026", "")
	if a := adm.post("/admin/monitoring/zadania/ii-8-1", f); a.status != http.StatusSeeOther {
		t.Fatalf("settings 8.1: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}

	// 9.2 is reported by its responsible account (or an administrator):
	// another editor reads the form, told so, and cannot save it; 8.1's
	// responsible person has no account, so any editor enters it.
	s.account(t, "inny@example.org", accounts.Editor)
	other := s.browser(t)
	other.signIn("inny@example.org", nil)
	if f := other.get("/admin/monitoring/2026-1/ii-9-2"); f.status != http.StatusOK || !strings.Contains(f.doc.Find(".note-box").Text(), "osoba za nie odpowiedzialna") {
		t.Errorf("another editor's form: %d, note %q", f.status, f.doc.Find(".note-box").Text())
	}
	if a := other.post("/admin/monitoring/2026-1/ii-9-2", url.Values{"status": {"opoznione"}, "action": {"draft"}}); a.status != http.StatusForbidden {
		t.Errorf("another editor saved 9.2's report: %d", a.status)
	}
	if f := other.get("/admin/monitoring/2026-1/ii-8-1"); strings.Contains(f.doc.Find(".note-box").Text(), "osoba za nie odpowiedzialna") {
		t.Error("8.1, whose responsible person has no account, is refused to editors")
	}

	// The report: errors next to their fields with the typing kept.
	form := ed.get("/admin/monitoring/2026-1/ii-9-2")
	if m := untranslated.FindString(form.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated text: %q", m)
	}
	if v := form.doc.Find("#values-0").AttrOr("value", ""); v == "" {
		t.Errorf("the live value of the bound indicator is not proposed")
	}
	r := formValues(t, form, "form.report-form")
	r.Set("status", "")
	r.Set("stages.0", "150")
	r.Set("values.0", "pięćdziesiąt")
	r.Set("spending.0.source", "budżet miasta")
	r.Set("spending.0.amount", "dużo")
	r.Set("action", "draft")
	a = ed.post("/admin/monitoring/2026-1/ii-9-2", r)
	if a.status != http.StatusUnprocessableEntity || a.doc.Find(".error-summary li").Length() != 4 {
		t.Fatalf("bad report: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	for id, want := range map[string]string{"#stages-0": "150", "#values-0": "pięćdziesiąt", "#spending-0-amount": "dużo", "#spending-0-source": "budżet miasta"} {
		if got := a.doc.Find(id).AttrOr("value", ""); got != want {
			t.Errorf("%s keeps %q, want %q", id, got, want)
		}
	}
	if !strings.Contains(a.doc.Find("#status-error").Text(), "Wybierz stan") {
		t.Errorf("status error: %q", a.doc.Find("#status-error").Text())
	}
	r.Set("status", "zgodnie_z_planem")
	r.Set("done", "Zebrano 52 formularze organizacji.")
	r.Set("stages.0", "10")
	r.Set("values.0", "52,50")
	r.Set("spending.0.amount", "1 200,00")
	if a := ed.post("/admin/monitoring/2026-1/ii-9-2", r); a.status != http.StatusSeeOther {
		t.Fatalf("draft: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	// A draft is private: nothing closed, nothing public.
	if p := s.get("/strategia/monitoring"); p.doc.Find(".monitoring-empty").Length() != 1 || strings.Contains(p.body, "52 formularze") {
		t.Errorf("a draft shows publicly")
	}
	if p := s.get("/strategia/monitoring?okres=2026-1"); p.status != http.StatusNotFound {
		t.Errorf("an open period is public: %d", p.status)
	}
	r = formValues(t, ed.get("/admin/monitoring/2026-1/ii-9-2"), "form.report-form")
	if r.Get("values.0") != "52,50" || r.Get("spending.0.amount") != "1200,00" {
		t.Errorf("the draft read back: %v", r)
	}
	stale := r.Get("version")
	r.Set("action", "confirm")
	if a := ed.post("/admin/monitoring/2026-1/ii-9-2", r); a.status != http.StatusSeeOther || !strings.Contains(a.location, "zatwierdzono") {
		t.Fatalf("confirm: %d %q", a.status, a.location)
	}
	r.Set("version", stale)
	r.Set("done", "Inaczej.")
	if a := ed.post("/admin/monitoring/2026-1/ii-9-2", r); a.status != http.StatusConflict || a.doc.Find("#done").Text() != "Inaczej." {
		t.Errorf("a save over a confirmed report: %d", a.status)
	}

	// 8.1 has no report and its period ended: a late reminder, once.
	if a := ed.post("/admin/monitoring/przypomnienia", url.Values{}); a.status != http.StatusForbidden {
		t.Errorf("an editor sent reminders: %d", a.status)
	}
	if a := adm.post("/admin/monitoring/przypomnienia", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("reminders: %d %s", a.status, a.doc.Find("main").Text())
	}
	var raw []byte
	select {
	case raw = <-k.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no reminder arrived at the SMTP server")
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if to := msg.Header.Get("To"); !strings.Contains(to, "jan.kowalski@example.org") || !strings.Contains(subject, "Spóźnione") ||
		!strings.Contains(subject, "8.1") || !strings.Contains(string(body), "https://bank.example.org/admin/monitoring/2026-1/ii-8-1") {
		t.Errorf("reminder: to %q, subject %q, body %q", to, subject, body)
	}
	adm.post("/admin/monitoring/przypomnienia", url.Values{})
	select {
	case <-k.got:
		t.Error("the reminder was sent twice")
	case <-time.After(300 * time.Millisecond):
	}
	dash := adm.get("/admin")
	if late := dash.doc.Find(".due-late").Text(); !strings.Contains(late, "8.1") || !strings.Contains(late, "Przypomnienie wysłano") {
		t.Errorf("dashboard late reports: %q", late)
	}

	// Closing: only an administrator; the snapshot and PDF are made now.
	closeForm := formValues(t, adm.get("/admin/monitoring/2026-1"), "form.close-period-form")
	if a := ed.post("/admin/monitoring/2026-1/zamknij", closeForm); a.status != http.StatusForbidden {
		t.Errorf("an editor closed the period: %d", a.status)
	}
	if a := adm.post("/admin/monitoring/2026-1/zamknij", closeForm); a.status != http.StatusSeeOther {
		t.Fatalf("close: %d %s", a.status, a.doc.Find("main").Text())
	}
	if a := adm.post("/admin/monitoring/2026-1/zamknij", closeForm); a.status != http.StatusConflict {
		t.Errorf("closing twice: %d", a.status)
	}

	pub := s.get("/strategia/monitoring")
	if got := pub.text("#period-title"); got != "I półrocze 2026" {
		t.Errorf("public period: %q", got)
	}
	summary := pub.text(".monitoring-summary")
	if !strings.Contains(summary, "zgodnie z planem") || !strings.Contains(summary, "brak zatwierdzonego sprawozdania") ||
		!strings.Contains(summary, "Dział Organizacji Pozarządowych MOPR") || strings.Contains(pub.body, "redaktor@example.org") ||
		strings.Contains(pub.body, "Jan Kowalski") {
		t.Errorf("summary: %q", summary)
	}
	if behind := pub.text(".monitoring-behind"); !strings.Contains(behind, "8.1") || strings.Contains(behind, "9.2") {
		t.Errorf("tasks needing attention: %q", behind)
	}
	if got := pub.text("#task-ii-9-2 ~ .table-scroll .target-table tbody tr:first-child"); !strings.Contains(got, "52,50") || !strings.Contains(got, "87,5%") {
		t.Errorf("value against target: %q", got)
	}
	if m := untranslated.FindString(pub.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated text: %q", m)
	}
	if en := s.get("/en/strategia/monitoring"); !strings.Contains(en.text(".monitoring-summary"), "on schedule") || !strings.Contains(en.body, "87.5%") {
		t.Errorf("English page: %q", en.text(".monitoring-summary"))
	}
	jsonBefore := s.get("/strategia/monitoring/2026-1.json").body
	var doc struct {
		Tasks []struct {
			Slug        string `json:"slug"`
			StatusLabel string `json:"status_label"`
			Indicators  []struct{ Value, Target, Share string }
		}
		Corrections []struct{ Reason string }
	}
	if err := json.Unmarshal([]byte(jsonBefore), &doc); err != nil || len(doc.Tasks) != 2 {
		t.Fatalf("JSON: %v %s", err, jsonBefore)
	}
	if ind := doc.Tasks[1].Indicators[0]; doc.Tasks[1].StatusLabel != "zgodnie z planem" || ind.Value != "52.50" || ind.Share != "87.5" {
		t.Errorf("JSON 9.2: %+v", doc.Tasks[1])
	}
	csv := s.get("/strategia/monitoring/2026-1.csv")
	if !strings.Contains(csv.body, "2026-1,9.2,") || !strings.Contains(csv.body, ",52.50,60,87.5") || !strings.Contains(csv.body, "wydatki,budżet miasta,,1200.00") {
		t.Errorf("CSV: %s", csv.body)
	}
	pdf := s.get("/strategia/monitoring/2026-1.pdf")
	if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") {
		t.Errorf("PDF: %d %q", pdf.status, pdf.header.Get("Content-Type"))
	}
	if again := s.get("/strategia/monitoring/2026-1.pdf"); again.body != pdf.body {
		t.Errorf("the council PDF is not the stored one")
	}

	// Later edits: the card and the targets change, a correction is made.
	c, _ := s.store.StrategyCard(ctx, "ii-9-2")
	c.Task.Title = "Tytuł zmieniony po zamknięciu"
	v, _ := s.store.TaskVersion(ctx, "ii-9-2")
	if err := s.store.UpdateTask(ctx, c, nil, v, "update", accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	f = formValues(t, adm.get("/admin/monitoring/zadania/ii-9-2"), "form.settings-form")
	f.Set("targets.0.2026", "100")
	if a := adm.post("/admin/monitoring/zadania/ii-9-2", f); a.status != http.StatusSeeOther {
		t.Fatalf("targets after closing: %d", a.status)
	}
	corr := formValues(t, ed.get("/admin/monitoring/2026-1/ii-9-2"), "form.report-form")
	corr.Set("values.0", "55")
	corr.Set("action", "correct")
	a = ed.post("/admin/monitoring/2026-1/ii-9-2", corr)
	if a.status != http.StatusUnprocessableEntity || a.doc.Find("#reason-error").Length() != 1 || a.doc.Find("#values-0").AttrOr("value", "") != "55" {
		t.Fatalf("a correction without a reason: %d", a.status)
	}
	corr.Set("reason", "Błąd w liczbie organizacji")
	if a := ed.post("/admin/monitoring/2026-1/ii-9-2", corr); a.status != http.StatusSeeOther || !strings.Contains(a.location, "skorygowano") {
		t.Fatalf("correction: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	jsonAfter := s.get("/strategia/monitoring/2026-1.json").body
	if err := json.Unmarshal([]byte(jsonAfter), &doc); err != nil {
		t.Fatal(err)
	}
	before, after := strings.Split(jsonBefore, `"corrections"`)[0], strings.Split(jsonAfter, `"corrections"`)[0]
	if before != after {
		t.Errorf("the frozen snapshot changed after later edits")
	}
	if len(doc.Corrections) != 1 || doc.Corrections[0].Reason != "Błąd w liczbie organizacji" {
		t.Errorf("corrections: %+v", doc.Corrections)
	}
	if got := s.get("/strategia/monitoring").text(".monitoring-corrections"); !strings.Contains(got, "Błąd w liczbie organizacji") || !strings.Contains(got, "55") {
		t.Errorf("the correction is not shown: %q", got)
	}
	task := s.get("/strategia/zadania/ii-9-2")
	if got := task.text(".task-monitoring"); !strings.Contains(got, "Dział Organizacji Pozarządowych MOPR") || !strings.Contains(got, "zgodnie z planem") ||
		!strings.Contains(got, "Błąd w liczbie organizacji") || !strings.Contains(got, "87,5%") {
		t.Errorf("task page monitoring: %q", got)
	}
	if task.doc.Find(".task-monitoring svg.chart title").Length() == 0 {
		t.Errorf("no chart of value against target")
	}

	// Every write left its revision and audit entry.
	var revisions int
	if err := s.store.Pool().QueryRow(ctx, `SELECT count(*) FROM revision WHERE entity = 'monitoring_report'`).Scan(&revisions); err != nil || revisions != 3 {
		t.Errorf("%d revisions of the report, want 3 (draft, confirmation, correction): %v", revisions, err)
	}
	for _, kind := range []string{accounts.AuditMonitoringPeriodOpen, accounts.AuditMonitoringReportConfirm,
		accounts.AuditMonitoringPeriodClose, accounts.AuditMonitoringReportCorrect, accounts.AuditMonitoringReminder} {
		if log, err := s.store.AuditLog(ctx, kind, "", 5); err != nil || len(log) == 0 {
			t.Errorf("no audit entry %s: %v", kind, err)
		}
	}
}

// A comparison of two closed periods, and what changed since the one
// before.
func TestMonitoringComparesPeriods(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	by := accounts.Audit{ActorEmail: "test"}
	render := func(*strategy.Snapshot) ([]byte, error) { return []byte("%PDF-1.7"), nil }
	for i, code := range []string{"2025-2", "2026-1"} {
		p, _ := strategy.ParsePeriod(code)
		if err := s.store.OpenPeriod(ctx, p, by); err != nil {
			t.Fatal(err)
		}
		status := []strategy.ReportStatus{strategy.StatusNotStarted, strategy.StatusDelayed}[i]
		rep := &strategy.Report{Period: code, Task: "ii-9-2", Status: status, Values: []string{[]string{"40", "48"}[i]}}
		if err := s.store.SaveReport(ctx, rep, 0, true, "", by); err != nil {
			t.Fatal(err)
		}
		if err := s.store.ClosePeriod(ctx, code, 1, monday1030, render, by); err != nil {
			t.Fatal(err)
		}
	}
	p := s.get("/strategia/monitoring?okres=2026-1&porownaj=2025-2")
	if got := p.text(".monitoring-changes"); !strings.Contains(got, "nierozpoczęte → opóźnione") || !strings.Contains(got, "40 → 48") {
		t.Errorf("changes since 2025-2: %q", got)
	}
	row := p.doc.Find(".monitoring-compare tbody tr").Last()
	if before, after := row.Find("td").First().Text(), row.Find("td").Last().Text(); before != "nierozpoczęte" || after != "opóźnione" {
		t.Errorf("comparison of 9.2: %q → %q", before, after)
	}
	if sel := p.doc.Find("#porownaj option[selected]").AttrOr("value", ""); sel != "2025-2" {
		t.Errorf("compared period selected: %q", sel)
	}
	if behind := p.text(".monitoring-behind"); !strings.Contains(behind, "opóźnione") {
		t.Errorf("a delayed task is not listed: %q", behind)
	}
	for _, bad := range []string{"?okres=2027-1", "?okres=x", "?okres=2026-1&porownaj=1999"} {
		if r := s.get("/strategia/monitoring" + bad); r.status != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
	if r := s.get("/strategia/monitoring/2027-1.csv"); r.status != http.StatusNotFound {
		t.Errorf("download of a period not closed: %d", r.status)
	}
	_ = store.Correction{}
}

// Without a mail server the reminders are listed on the dashboard with the
// person's address, and nothing claims to be sent.
func TestMonitoringRemindersWithoutMail(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	p, _ := strategy.ParsePeriod("2026-1")
	if err := s.store.OpenPeriod(context.Background(), p, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	err := s.store.SaveTaskSettings(context.Background(), "ii-8-1", store.MonitoringSettings{Responsibility: strategy.Responsibility{
		Unit: "Dział Pomocy Środowiskowej", PersonName: "Jan Kowalski", PersonEmail: "jan.kowalski@example.org"}}, 0, accounts.Audit{})
	if err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	dash := b.get("/admin")
	late := dash.doc.Find(".due-late")
	if late.Length() != 2 || !strings.Contains(dash.doc.Find(".due-reminders").Text(), "Serwer poczty nie jest skonfigurowany") {
		t.Fatalf("late reports on the dashboard: %d: %s", late.Length(), dash.doc.Find(".due-reminders").Text())
	}
	if href := dash.doc.Find(`.due-late a[href^="mailto:"]`).AttrOr("href", ""); href != "mailto:jan.kowalski@example.org" {
		t.Errorf("mailto link: %q", href)
	}
	if strings.Contains(dash.doc.Find(".due-reminders").Text(), "Przypomnienie wysłano") {
		t.Errorf("a reminder claims to be sent without a mail server")
	}
}
