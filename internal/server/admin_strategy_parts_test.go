package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// auditKinds counts the audit log's entries by kind.
func auditKinds(t *testing.T, s *site) map[string]int {
	t.Helper()
	log, err := s.store.AuditLog(context.Background(), "", "", 500)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range log {
		out[e.Kind]++
	}
	return out
}

// created follows the redirect of a create and returns the new address.
func created(t *testing.T, a answer, what string) string {
	t.Helper()
	if a.status != http.StatusSeeOther {
		t.Fatalf("%s: %d %s", what, a.status, a.doc.Find(".error-summary").Text())
	}
	u, _ := url.Parse(a.location)
	return u.Path
}

// Staff build a new document, goal and area, add a task under it, see it
// on the public pages, retire the goal (it leaves them, history kept) and
// bring it back; a second form with an old version is refused with what
// changed; numbers already used are explained with the first free one.
func TestStrategyPartsLifecycle(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	structure := b.get("/admin/strategia/struktura")
	if structure.status != http.StatusOK || !strings.Contains(structure.doc.Find("main").Text(), "Strategia rozwoju Leszna") {
		t.Fatalf("structure: %d", structure.status)
	}
	if m := untranslated.FindString(structure.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated on the structure: %q", m)
	}

	// A document named like an existing one is explained next to the name.
	dup := b.post("/admin/strategia/dokumenty/nowy", url.Values{"name": {"Strategia rozwoju Leszna"}})
	if dup.status != http.StatusUnprocessableEntity || dup.doc.Find("#name-error").Length() != 1 {
		t.Fatalf("duplicate document: %d", dup.status)
	}
	doc := created(t, b.post("/admin/strategia/dokumenty/nowy", url.Values{"name": {"Strategia 2030"}}), "document")
	docID := strings.TrimPrefix(doc, "/admin/strategia/dokumenty/")

	// The goal form suggests the first free number, I in a new document.
	goalForm := b.get("/admin/strategia/cele/nowy?w=" + docID)
	if v, _ := goalForm.doc.Find("#number").Attr("value"); v != "I" {
		t.Errorf("suggested goal number %q, want I", v)
	}
	// Bad input comes back next to its field with everything typed.
	bad := b.post("/admin/strategia/cele/nowy?w="+docID, url.Values{"number": {"siedem"}, "name": {"Rodzina"}, "lead": {"Prezydent"}})
	if bad.status != http.StatusUnprocessableEntity || bad.doc.Find("#number-error").Length() != 1 {
		t.Fatalf("bad goal number: %d", bad.status)
	}
	for id, want := range map[string]string{"#number": "siedem", "#name": "Rodzina", "#lead": "Prezydent"} {
		if v, _ := bad.doc.Find(id).Attr("value"); v != want {
			t.Errorf("%s kept %q, want %q", id, v, want)
		}
	}
	if m := untranslated.FindString(bad.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated on the goal form: %q", m)
	}
	// "3" is written as the strategy writes it.
	goal := created(t, b.post("/admin/strategia/cele/nowy?w="+docID, url.Values{"number": {"3"}, "name": {"Rodzina w centrum"}, "lead": {"Prezydent"}}), "goal")
	if got := b.get(goal); !strings.Contains(got.doc.Find("#number").AttrOr("value", ""), "III") {
		t.Errorf("goal number not written in Roman numerals: %q", got.doc.Find("#number").AttrOr("value", ""))
	}
	goalID := strings.TrimPrefix(goal, "/admin/strategia/cele/")
	taken := b.post("/admin/strategia/cele/nowy?w="+docID, url.Values{"number": {"III"}, "name": {"Inny cel"}})
	if taken.status != http.StatusUnprocessableEntity || !strings.Contains(taken.text("#number-taken"), "Rodzina w centrum") ||
		!strings.Contains(taken.text("#number-taken"), "IV") {
		t.Errorf("taken goal number: %d %q", taken.status, taken.text("#number-taken"))
	}
	area := created(t, b.post("/admin/strategia/obszary/nowy?w="+goalID, url.Values{"number": {"1"}, "name": {"Wsparcie rodzin"}, "lead": {"MOPR"}}), "area")
	areaID := strings.TrimPrefix(area, "/admin/strategia/obszary/")

	// A task under the new area: number suggested, then its card's form.
	nt := b.get(area + "/nowe-zadanie")
	if v, _ := nt.doc.Find("#task-number").Attr("value"); v != "1" {
		t.Errorf("suggested task number %q", v)
	}
	badTask := b.post(area+"/nowe-zadanie", url.Values{"task.number": {"1"}, "task.title": {"Asystent rodziny"}, "task.years": {"2030-2024"}})
	if badTask.status != http.StatusUnprocessableEntity || badTask.doc.Find("#task-years-error").Length() != 1 {
		t.Fatalf("bad years: %d", badTask.status)
	}
	if v, _ := badTask.doc.Find("#task-title").Attr("value"); v != "Asystent rodziny" {
		t.Errorf("title not kept: %q", v)
	}
	taskPath := created(t, b.post(area+"/nowe-zadanie", url.Values{"task.number": {"1"}, "task.title": {"Asystent rodziny"}, "task.years": {"2024–2026"}}), "task")
	if taskPath != "/admin/strategia/iii-1-1" {
		t.Fatalf("task address %q", taskPath)
	}
	again := b.post(area+"/nowe-zadanie", url.Values{"task.number": {"1"}, "task.title": {"Drugie"}, "task.years": {"2024"}})
	if again.status != http.StatusUnprocessableEntity || !strings.Contains(again.text("#number-taken"), "Asystent rodziny") {
		t.Errorf("taken task number: %d", again.status)
	}
	card := b.get(taskPath)
	if got := card.doc.Find("#task-years").AttrOr("value", ""); got != "2024 2025 2026" {
		t.Errorf("years %q", got)
	}
	form := formValues(t, card, "form.task-form")
	form.Set("task.description", "Asystent pracuje z rodziną w domu.")
	form.Set("stages.0.description", "Zatrudnienie asystentów")
	form.Set("stages.0.years.2024.planned", "50")
	if a := b.post(taskPath, form); a.status != http.StatusSeeOther {
		t.Fatalf("task card save: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	pub := s.get("/strategia")
	if !strings.Contains(pub.body, "Asystent rodziny") || !strings.Contains(pub.body, "Rodzina w centrum") {
		t.Fatal("the new task is not on the public strategy page")
	}
	if a := s.get("/strategia/zadania/iii-1-1"); a.status != http.StatusOK || !strings.Contains(a.body, "Asystent pracuje") {
		t.Errorf("public task page: %d", a.status)
	}

	// Two people edit the goal: the second, older form is refused, keeps
	// its typing and says what changed.
	g1 := formValues(t, b.get(goal), "form.part-form")
	g2 := formValues(t, b.get(goal), "form.part-form")
	g1.Set("name", "Rodzina w centrum uwagi")
	if a := b.post(goal, g1); a.status != http.StatusSeeOther {
		t.Fatalf("goal edit: %d", a.status)
	}
	g2.Set("lead", "Zastępca Prezydenta")
	stale := b.post(goal, g2)
	if stale.status != http.StatusConflict || !strings.Contains(stale.doc.Find(".error-summary").Text(), "Rodzina w centrum uwagi") {
		t.Errorf("stale goal form: %d %q", stale.status, stale.doc.Find(".error-summary").Text())
	}
	if v, _ := stale.doc.Find("#lead").Attr("value"); v != "Zastępca Prezydenta" {
		t.Errorf("stale form lost the typing: %q", v)
	}

	// Retiring the goal takes it and its task off the public pages.
	gf := formValues(t, b.get(goal), "form[action$='/wycofaj']")
	if a := b.post(goal+"/wycofaj", gf); a.status != http.StatusSeeOther {
		t.Fatalf("retire: %d", a.status)
	}
	if strings.Contains(s.get("/strategia").body, "Asystent rodziny") {
		t.Error("a task of a retired goal is still public")
	}
	if a := s.get("/strategia/zadania/iii-1-1"); a.status != http.StatusNotFound {
		t.Errorf("task of a retired goal: %d", a.status)
	}
	// Staff still see and edit it, marked.
	list := b.get("/admin/strategia")
	if !strings.Contains(list.doc.Find(`a[href="/admin/strategia/iii-1-1"]`).Parent().Text(), "wycofane") {
		t.Error("the admin list does not mark the retired task")
	}
	// History: create, update, retire, each with its actor; restore the
	// first version.
	hist := b.get(goal + "/historia")
	items := hist.doc.Find(".history > li")
	if items.Length() != 3 || !strings.Contains(items.First().Text(), "Wycofanie") || !strings.Contains(items.First().Text(), "redaktor@example.org") {
		t.Fatalf("goal history: %d entries: %s", items.Length(), items.Text())
	}
	if m := untranslated.FindString(hist.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated in the history: %q", m)
	}
	restore := items.Last().Find("form")
	if a := b.post(restore.AttrOr("action", ""), url.Values{"version": {restore.Find("input[name=version]").AttrOr("value", "")}}); a.status != http.StatusSeeOther {
		t.Fatalf("restore: %d", a.status)
	}
	if got := b.get(goal).doc.Find("#name").AttrOr("value", ""); got != "Rodzina w centrum" {
		t.Errorf("restored name %q", got)
	}
	uf := formValues(t, b.get(goal), "form[action$='/przywroc']")
	if a := b.post(goal+"/przywroc", uf); a.status != http.StatusSeeOther {
		t.Fatalf("unretire: %d", a.status)
	}
	if !strings.Contains(s.get("/strategia").body, "Asystent rodziny") {
		t.Error("the task did not come back with its goal")
	}
	_ = areaID
	kinds := auditKinds(t, s)
	for k, n := range map[string]int{accounts.AuditStrategyPartCreate: 3, accounts.AuditStrategyPartUpdate: 1,
		accounts.AuditStrategyPartRetire: 1, accounts.AuditStrategyPartUnretire: 1, accounts.AuditStrategyPartRestore: 1,
		accounts.AuditStrategyCreate: 1} {
		if kinds[k] != n {
			t.Errorf("audit %s: %d entries, want %d", k, kinds[k], n)
		}
	}
}

// A task goes to the trash and leaves the public pages; an editor takes
// it back; only an administrator empties the trash, and the history stays.
func TestStrategyTaskTrash(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	stale := formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-delete-form")
	form := formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
	form.Set("task.implementer", "MOPR Leszno")
	if a := b.post("/admin/strategia/ii-9-2", form); a.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", a.status)
	}
	// A delete button from before the edit is refused.
	if a := b.post("/admin/strategia/ii-9-2/usun", stale); a.status != http.StatusConflict {
		t.Errorf("stale delete: %d", a.status)
	}
	del := formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-delete-form")
	if a := b.post("/admin/strategia/ii-9-2/usun", del); a.status != http.StatusSeeOther || a.location != "/admin/strategia/kosz?info=usunieto" {
		t.Fatalf("delete: %d %s", a.status, a.location)
	}
	if a := s.get("/strategia/zadania/ii-9-2"); a.status != http.StatusNotFound {
		t.Errorf("a trashed task's public page: %d", a.status)
	}
	if strings.Contains(s.get("/strategia").body, "/strategia/zadania/ii-9-2") || strings.Contains(s.get("/strategia.json").body, `"ii-9-2"`) {
		t.Error("the trashed task is still listed publicly")
	}
	if a := b.get("/admin/strategia/ii-9-2"); a.status != http.StatusNotFound {
		t.Errorf("a trashed task's form: %d", a.status)
	}
	trash := b.get("/admin/strategia/kosz")
	if !strings.Contains(trash.text(".task-trash"), "II.9.2") {
		t.Fatalf("trash: %q", trash.text("main"))
	}
	if trash.doc.Find(`form[action="/admin/strategia/kosz/oproznij"]`).Length() != 0 {
		t.Error("an editor is offered to empty the trash")
	}
	if a := b.post("/admin/strategia/kosz/oproznij", url.Values{}); a.status != http.StatusForbidden {
		t.Errorf("an editor emptied the trash: %d", a.status)
	}
	if a := b.post("/admin/strategia/kosz/ii-9-2/przywroc", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("undelete: %d", a.status)
	}
	if a := s.get("/strategia/zadania/ii-9-2"); a.status != http.StatusOK || !strings.Contains(a.body, "MOPR Leszno") {
		t.Errorf("restored task: %d", a.status)
	}
	hist := b.get("/admin/strategia/ii-9-2/historia").text(".history")
	for _, want := range []string{"Przeniesienie do kosza", "Przywrócenie z kosza"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q", want)
		}
	}

	// The administrator empties the trash: the task is gone for good,
	// its revisions stay.
	del = formValues(t, b.get("/admin/strategia/ii-8-1"), "form.task-delete-form")
	if a := b.post("/admin/strategia/ii-8-1/usun", del); a.status != http.StatusSeeOther {
		t.Fatalf("delete 8.1: %d", a.status)
	}
	ab := s.browser(t)
	ab.signIn("admin@example.org", s.code)
	if a := ab.post("/admin/strategia/kosz/oproznij", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("empty: %d", a.status)
	}
	if a := ab.get("/admin/strategia/kosz"); a.doc.Find(".task-trash").Length() != 0 {
		t.Error("the trash is not empty")
	}
	var revs int
	if err := s.store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM revision WHERE entity = 'strategy_task'
		AND snapshot->'task'->>'slug' = 'ii-8-1'`).Scan(&revs); err != nil || revs < 2 {
		t.Errorf("revisions of the deleted task: %d %v", revs, err)
	}
	kinds := auditKinds(t, s)
	for k, n := range map[string]int{accounts.AuditStrategyDelete: 2, accounts.AuditStrategyUndelete: 1, accounts.AuditStrategyTrashEmptied: 1} {
		if kinds[k] != n {
			t.Errorf("audit %s: %d, want %d", k, kinds[k], n)
		}
	}
}

func (a answer) text(sel string) string {
	return strings.Join(strings.Fields(a.doc.Find(sel).Text()), " ")
}
