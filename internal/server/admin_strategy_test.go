package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// untranslated finds catalogue IDs shown instead of their text.
var untranslated = regexp.MustCompile(`\b(field|err|hint|metric|revision|audit)_[a-z_]+\b`)

// formValues reads the form sel as a browser would submit it unchanged:
// checked boxes only, the selected option (or the first), textareas' text.
func formValues(t *testing.T, a answer, sel string) url.Values {
	t.Helper()
	v := url.Values{}
	form := a.doc.Find(sel)
	if form.Length() != 1 {
		t.Fatalf("no form %s (status %d)", sel, a.status)
	}
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		switch {
		case name == "":
		case s.Is("textarea"):
			v.Add(name, s.Text())
		case s.Is("select"):
			val, _ := s.Find("option[selected]").Attr("value")
			if s.Find("option[selected]").Length() == 0 {
				val, _ = s.Find("option").First().Attr("value")
			}
			v.Add(name, val)
		case s.AttrOr("type", "") == "checkbox" || s.AttrOr("type", "") == "radio":
			if _, on := s.Attr("checked"); on {
				v.Add(name, s.AttrOr("value", ""))
			}
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

func TestEditStrategyTask(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	list := b.get("/admin/strategia")
	if list.doc.Find(`a[href="/admin/strategia/ii-9-2"]`).Length() != 1 {
		t.Fatal("task 9.2 not listed")
	}
	page := b.get("/admin/strategia/ii-9-2")
	if m := untranslated.FindString(page.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated text on the form: %q", m)
	}
	form := formValues(t, page, "form.task-form")

	// Saving unchanged keeps the card as it was.
	before := s.get("/strategia/zadania/ii-9-2.json").body
	if a := b.post("/admin/strategia/ii-9-2", form); a.status != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	if after := s.get("/strategia/zadania/ii-9-2.json").body; after != before {
		t.Errorf("an unchanged save changed the card:\n%s\n---\n%s", before, after)
	}

	// Bad input comes back next to its field, input kept.
	form = formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
	form.Set("stages.0.years.2011.actual", "150")
	form.Set("indicators.0.values.2013", "pięćdziesiąt")
	form.Set("task.total_cost", "dwa tysiące")
	bad := b.post("/admin/strategia/ii-9-2", form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d", bad.status)
	}
	for id, want := range map[string]string{
		"#stages-0-years-2011-actual": "150", "#indicators-0-values-2013": "pięćdziesiąt", "#task-total_cost": "dwa tysiące",
	} {
		if v, _ := bad.doc.Find(id).Attr("value"); v != want {
			t.Errorf("%s keeps %q, want %q", id, v, want)
		}
	}
	if n := bad.doc.Find(".error-summary li").Length(); n != 3 {
		t.Errorf("%d errors in the summary, want 3: %s", n, bad.doc.Find(".error-summary").Text())
	}
	if m := untranslated.FindString(bad.doc.Find("main").Text()); m != "" {
		t.Errorf("untranslated text: %q", m)
	}

	// A real change: the 2013 value, a partner linked to the directory, and
	// the live metric unbound.
	form = formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
	form.Set("indicators.0.values.2013", "55")
	form.Set("partners.1.organisation", "stowarzyszenie-przykladowe-razem-dla-seniorow")
	form.Set("indicators.0.metric", "")
	if a := b.post("/admin/strategia/ii-9-2", form); a.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	pub := s.get("/strategia/zadania/ii-9-2")
	if got := pub.text(".indicator-table tbody tr td:nth-child(5)"); !strings.HasPrefix(got, "55") {
		t.Errorf("public 2013 value = %q", got)
	}
	if href, _ := pub.doc.Find("#partners-title + .table-scroll table a").Attr("href"); href != "/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow" {
		t.Errorf("partner link = %q", href)
	}
	// History and restore of the imported version.
	hist := b.get("/admin/strategia/ii-9-2/historia")
	if !strings.Contains(hist.doc.Find(".history li").First().Text(), "55") {
		t.Errorf("history: %q", hist.doc.Find(".history li").First().Text())
	}
	restore := hist.doc.Find(".history li").Last().Find("form")
	action, _ := restore.Attr("action")
	version, _ := restore.Find("input[name=version]").Attr("value")
	if a := b.post(action, url.Values{"version": {version}}); a.status != http.StatusSeeOther {
		t.Fatalf("restore: %d", a.status)
	}
	if got := s.get("/strategia/zadania/ii-9-2").text(".indicator-table tbody tr td:nth-child(5)"); !strings.HasPrefix(got, "54") {
		t.Errorf("after restore the 2013 value = %q", got)
	}
	// The goal's title is shared by the area's tasks: a stale form of
	// another task must not undo a change made through this one.
	f81 := formValues(t, b.get("/admin/strategia/ii-8-1"), "form.task-form")
	f92 := formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
	f81.Set("goal.title", "Nowy tytuł celu")
	if a := b.post("/admin/strategia/ii-8-1", f81); a.status != http.StatusSeeOther {
		t.Fatalf("goal title via 8.1: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	f92.Set("task.implementer", "MOPR")
	if a := b.post("/admin/strategia/ii-9-2", f92); a.status != http.StatusSeeOther {
		t.Fatalf("stale 9.2 form that does not touch the goal: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	if got := s.get("/strategia").text("h2#cel-II"); !strings.Contains(got, "Nowy tytuł celu") {
		t.Errorf("the goal title was undone: %q", got)
	}
	f92 = formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
	f81.Set("goal.title", "Jeszcze inny tytuł")
	f81.Set("version", f81.Get("version")) // stale: 8.1 is at a newer version now
	if a := b.post("/admin/strategia/ii-8-1", f81); a.status != http.StatusConflict {
		t.Errorf("stale goal edit: %d", a.status)
	}
	_ = f92

	// A stale form is refused with what changed.
	if a := b.post("/admin/strategia/ii-9-2", form); a.status != http.StatusConflict || !strings.Contains(a.doc.Find(".error-summary").Text(), "Ktoś inny") {
		t.Errorf("stale save: %d", a.status)
	}
}
