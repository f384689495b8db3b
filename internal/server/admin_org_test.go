package server_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/server"
)

// orgForm reads the organisation form as a browser would submit it.
func orgForm(t *testing.T, a answer) url.Values {
	t.Helper()
	return formValues(t, a, "form.org-form")
}

func TestEditOrganisationWithHistoryAndRestore(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	const slug = "stowarzyszenie-przykladowe-razem-dla-seniorow"
	org, err := s.store.Organisation(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	page := b.get("/admin/organizacje/" + org.ID)
	form := orgForm(t, page)

	// Saving the form unchanged keeps every field.
	if a := b.post("/admin/organizacje/"+org.ID, form); a.status != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d; errors: %s", a.status, a.doc.Find(".error-summary").Text())
	}
	same, _ := s.store.Organisation(t.Context(), slug)
	if !reflect.DeepEqual(same.Contacts, org.Contacts) || !reflect.DeepEqual(same.Hours, org.Hours) || same.Description != org.Description || !reflect.DeepEqual(same.Categories, org.Categories) {
		t.Errorf("an unchanged save changed the record:\n%+v\n%+v", org, same)
	}

	// An invalid postal code comes back next to its field with the input kept.
	form = orgForm(t, b.get("/admin/organizacje/"+org.ID))
	form.Set("address.postal_code", "64100")
	form.Set("name", "Nowa nazwa ÓŁ")
	bad := b.post("/admin/organizacje/"+org.ID, form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad postal code: %d", bad.status)
	}
	if got := strings.TrimSpace(bad.doc.Find("#address-postal_code-error").Text()); !strings.Contains(got, "00-000") {
		t.Errorf("postal code message = %q", got)
	}
	if v, _ := bad.doc.Find("#name").Attr("value"); v != "Nowa nazwa ÓŁ" {
		t.Errorf("typed name not kept: %q", v)
	}
	if bad.doc.Find(".error-summary a[href='#address-postal_code']").Length() != 1 {
		t.Error("no summary link to the field")
	}

	// A valid change is saved and shows in the history.
	form.Set("address.postal_code", "64-100")
	if a := b.post("/admin/organizacje/"+org.ID, form); a.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	// The public sees the change only once it is published; the staff's
	// preview shows it at once.
	if pub := s.get("/organizacje/" + slug); pub.text("h1") == "Nowa nazwa ÓŁ" {
		t.Error("an unpublished change is public")
	}
	if pre := b.get("/admin/podglad/organizacje/" + slug); pre.doc.Find("h1").Text() != "Nowa nazwa ÓŁ" || pre.doc.Find(".preview-banner").Length() != 1 {
		t.Errorf("preview shows %q", pre.doc.Find("h1").Text())
	}
	// The preview's list links to the preview's pages, never to the public ones.
	list := b.get("/admin/podglad/organizacje")
	if list.status != http.StatusOK || list.doc.Find(`a[href^="/admin/podglad/organizacje/`+slug+`"]`).Length() == 0 {
		t.Errorf("preview list: %d, no link to the preview of %s", list.status, slug)
	}
	if n := list.doc.Find(`main a[href^="/organizacje/"]`).Length(); n != 0 {
		t.Errorf("preview list has %d links to public organisation pages", n)
	}
	s.publish()
	if pub := s.get("/organizacje/" + slug); pub.text("h1") != "Nowa nazwa ÓŁ" {
		t.Errorf("public page shows %q", pub.text("h1"))
	}
	hist := b.get("/admin/organizacje/" + org.ID + "/historia")
	if !strings.Contains(hist.doc.Find(".history li").First().Text(), "Nowa nazwa ÓŁ") {
		t.Errorf("history lacks the change: %q", hist.doc.Find(".history li").First().Text())
	}
	// Restore the first version.
	restore := hist.doc.Find(".history li").Last().Find("form")
	action, _ := restore.Attr("action")
	version, _ := restore.Find("input[name=version]").Attr("value")
	if a := b.post(action, url.Values{"version": {version}}); a.status != http.StatusSeeOther {
		t.Fatalf("restore: %d", a.status)
	}
	s.publish()
	if pub := s.get("/organizacje/" + slug); pub.text("h1") != org.Name {
		t.Errorf("after restore the public page shows %q, want %q", pub.text("h1"), org.Name)
	}
}

// Two people edit the same record: the second save is refused, keeps the
// second person's input and says what changed meanwhile.
func TestConcurrentEditIsRefused(t *testing.T) {
	s := newSite(t)
	s.account(t, "a@example.org", accounts.Editor)
	s.account(t, "b@example.org", accounts.Editor)
	anna, ben := s.browser(t), s.browser(t)
	anna.signIn("a@example.org", nil)
	ben.signIn("b@example.org", nil)
	org, _ := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	path := "/admin/organizacje/" + org.ID
	fa, fb := orgForm(t, anna.get(path)), orgForm(t, ben.get(path))
	fa.Set("address.city", "Rydzyna")
	if a := anna.post(path, fa); a.status != http.StatusSeeOther {
		t.Fatalf("first save: %d", a.status)
	}
	fb.Set("description", "Opis Bena.")
	a := ben.post(path, fb)
	if a.status != http.StatusConflict {
		t.Fatalf("second save: %d, want 409", a.status)
	}
	if !strings.Contains(a.doc.Find(".error-summary").Text(), "Rydzyna") {
		t.Errorf("the conflict does not show Anna's change: %q", a.doc.Find(".error-summary").Text())
	}
	if got := a.doc.Find("#description").Text(); got != "Opis Bena." {
		t.Errorf("Ben's input lost: %q", got)
	}
	cur, _ := s.store.Organisation(t.Context(), org.Slug)
	if cur.Description == "Opis Bena." || cur.Address.City != "Rydzyna" {
		t.Errorf("the refused save changed the record: %q, %q", cur.Description, cur.Address.City)
	}
	// Saving again, knowingly, goes through.
	if a := ben.post(path, orgForm(t, a)); a.status != http.StatusSeeOther {
		t.Errorf("knowing save: %d", a.status)
	}
}

func TestDeleteToTrashAndBack(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	org, _ := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	form := b.get("/admin/organizacje/" + org.ID).doc.Find("form.danger-zone")
	action, _ := form.Attr("action")
	version, _ := form.Find("input[name=version]").Attr("value")
	if a := b.post(action, url.Values{"version": {version}}); a.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", a.status)
	}
	if p := s.get("/organizacje/" + org.Slug); p.status != http.StatusOK {
		t.Errorf("deleted organisation gone from the public before publishing: %d", p.status)
	}
	s.publish()
	if p := s.get("/organizacje/" + org.Slug); p.status != http.StatusNotFound {
		t.Errorf("deleted organisation still public: %d", p.status)
	}
	trash := b.get("/admin/kosz")
	if !strings.Contains(trash.doc.Find("table").Text(), org.Name) {
		t.Fatal("not in the trash")
	}
	// Only an administrator empties the trash.
	if a := b.post("/admin/kosz/oproznij", url.Values{}); a.status != http.StatusForbidden {
		t.Errorf("editor emptied the trash: %d", a.status)
	}
	if a := b.post("/admin/kosz/"+org.ID+"/przywroc", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("undelete: %d", a.status)
	}
	s.publish()
	if p := s.get("/organizacje/" + org.Slug); p.status != http.StatusOK {
		t.Errorf("restored organisation not public: %d", p.status)
	}
}

func TestNewOrganisation(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	form := orgForm(t, b.get("/admin/organizacje/nowa"))
	form.Set("name", "Fundacja Testowa")
	form.Set("description", "Pomagamy.")
	form.Add("categories", "ubostwo")
	form.Set("hours.1.0.opens", "8:00")
	form.Set("hours.1.0.closes", "24:00")
	a := b.post("/admin/organizacje/nowa", form)
	if a.status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	o, err := s.store.Organisation(t.Context(), "fundacja-testowa")
	if err != nil {
		t.Fatal(err)
	}
	if o.Hours[1].Intervals[0].Closes != 24*60 {
		t.Errorf("closes at %v, want 24:00 kept", o.Hours[1].Intervals[0].Closes)
	}
	// A time that is not a time is an error at that field, naming the day
	// and the field, and both ends come back as typed.
	form.Set("name", "Fundacja Druga")
	form.Set("slug", "")
	form.Set("hours.2.0.opens", "ósma")
	form.Set("hours.2.0.closes", "16:00")
	bad := b.post("/admin/organizacje/nowa", form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad time: %d", bad.status)
	}
	if msg := bad.doc.Find("#hours-2-0-opens-error").Text(); !strings.Contains(msg, "Wtorek: godzina otwarcia") {
		t.Errorf("the error at the field says %q, want the day and the field named", msg)
	}
	if v, _ := bad.doc.Find("#hours-2-0-opens").Attr("value"); v != "ósma" {
		t.Errorf("opens came back as %q, want what was typed", v)
	}
	if v, _ := bad.doc.Find("#hours-2-0-closes").Attr("value"); v != "16:00" {
		t.Errorf("closes came back as %q, want what was typed", v)
	}
}

func TestAdminListsFilterAndSort(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	if got := b.get("/admin/organizacje?filtr=prawdziwe").doc.Find("tbody tr").Length(); got != 0 {
		t.Errorf("%d real organisations listed, the demo has none", got)
	}
	if got := b.get("/admin/organizacje?filtr=przykladowe").doc.Find("tbody tr").Length(); got != 50 {
		t.Errorf("%d example organisations on the first page, want 50", got)
	}
	unverified := b.get("/admin/organizacje?filtr=nieweryfikowane")
	if n := unverified.doc.Find("tbody tr").Length(); n == 0 || n >= 50 {
		t.Errorf("%d unverified organisations", n)
	}
	byChange := b.get("/admin/organizacje?q=przyk%C5%82ad&sort=zmiana")
	if byChange.doc.Find("tbody tr").Length() == 0 {
		t.Error("search in the admin list found nothing")
	}
	if n := b.get("/admin/strategia?obszar=II-8").doc.Find("tbody tr").Length(); n != 1 {
		t.Errorf("%d tasks in area II.8, want 1", n)
	}
	tasks := b.get("/admin/strategia?sort=tytul")
	first, _ := tasks.doc.Find("tbody tr a").First().Attr("href")
	if first != "/admin/strategia/ii-9-2" { // "Bank …" before "Strategia …"
		t.Errorf("first task by title: %q", first)
	}
}

// Bad bytes in a form are a field error, never a 500; a huge form is 4xx.
func TestAdminFormsRefuseBadBytes(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	org, _ := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	form := orgForm(t, b.get("/admin/organizacje/"+org.ID))
	form.Set("name", "Zła\x00nazwa")
	form.Set("description", "Opis \xff\xfe")
	a := b.post("/admin/organizacje/"+org.ID, form)
	if a.status != http.StatusUnprocessableEntity || a.doc.Find("#name-error").Length() != 1 || a.doc.Find("#description-error").Length() != 1 {
		t.Errorf("NUL and invalid UTF-8: %d", a.status)
	}
	task := formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
	task.Set("task.title", "Tytuł\x00")
	if a := b.post("/admin/strategia/ii-9-2", task); a.status != http.StatusUnprocessableEntity {
		t.Errorf("NUL in a task title: %d", a.status)
	}
	huge := url.Values{"name": {strings.Repeat("a", 2<<20)}}
	if a := b.post("/admin/organizacje/"+org.ID, huge); a.status < 400 || a.status >= 500 {
		t.Errorf("a 2 MiB form: %d", a.status)
	}
	if a := b.post("/admin/logowanie", url.Values{"email": {"a\x00@example.org"}, "password": {"x\xff"}}); a.status >= 500 {
		t.Errorf("bad bytes at sign-in: %d", a.status)
	}
}

// Two saves of the same version at the same moment: one wins, the other
// is told of the edit conflict (409 with what changed), never that the
// page address is taken.
func TestSimultaneousSavesConflict(t *testing.T) {
	s := newSite(t)
	s.account(t, "a@example.org", accounts.Editor)
	s.account(t, "b@example.org", accounts.Editor)
	anna, ben := s.browser(t), s.browser(t)
	anna.signIn("a@example.org", nil)
	ben.signIn("b@example.org", nil)
	org, _ := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	path := "/admin/organizacje/" + org.ID
	for round := range 6 {
		fa, fb := orgForm(t, anna.get(path)), orgForm(t, ben.get(path))
		fa.Set("description", "Opis Anny "+strconv.Itoa(round))
		fb.Set("description", "Opis Bena "+strconv.Itoa(round))
		var wg sync.WaitGroup
		var ra, rb answer
		wg.Go(func() { ra = anna.post(path, fa) })
		wg.Go(func() { rb = ben.post(path, fb) })
		wg.Wait()
		got := []int{ra.status, rb.status}
		slices.Sort(got)
		if !slices.Equal(got, []int{http.StatusSeeOther, http.StatusConflict}) {
			loser := ra
			if ra.status == http.StatusSeeOther {
				loser = rb
			}
			t.Fatalf("round %d: statuses %v, want one 303 and one 409; the loser was told %q", round, got, loser.doc.Find(".error-summary").Text())
		}
	}
}

// An address whose id is not an organisation's id (not even a uuid) is a
// 404 on every page and action that takes one, before the store is asked.
func TestMalformedOrganisationIDIsNotFound(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)
	for _, id := range []string{"nie-ma", "00000000-0000-0000-0000-00000000000", "1"} {
		for _, c := range []struct{ method, path string }{
			{"GET", "/admin/organizacje/" + id},
			{"POST", "/admin/organizacje/" + id},
			{"GET", "/admin/organizacje/" + id + "/historia"},
			{"GET", "/admin/organizacje/" + id + "/formularz.pdf"},
			{"POST", "/admin/organizacje/" + id + "/historia/1/przywroc"},
			{"POST", "/admin/organizacje/" + id + "/usun"},
			{"POST", "/admin/kosz/" + id + "/przywroc"},
			{"POST", "/admin/weryfikacja/" + id + "/zweryfikowano"},
			{"POST", "/admin/weryfikacja/" + id + "/przypomnienie"},
			{"GET", "/admin/organizacje/" + id + "/link"},
			{"POST", "/admin/organizacje/" + id + "/link"},
			{"POST", "/admin/organizacje/" + id + "/link/uniewaznij"},
			{"GET", "/admin/organizacje/" + id + "/papierowy"},
			{"GET", "/admin/organizacje/" + id + "/rodo"},
			{"POST", "/admin/organizacje/" + id + "/rodo"},
		} {
			form := url.Values{"version": {"1"}, "name": {"Anna Nowak"}}
			if c.method == "GET" {
				form = nil
			}
			if a := b.send(c.method, c.path, form, nil); a.status != http.StatusNotFound {
				t.Errorf("%s %s: %d, want 404", c.method, c.path, a.status)
			}
		}
	}
}

// unavailableEditing is the store with its organisation writes failing as
// an unreachable database does.
type unavailableEditing struct{ server.Editing }

func (unavailableEditing) CreateOrganisation(context.Context, *directory.Organisation, accounts.Audit) error {
	return fault.Wrap(fault.Unavailable, errors.New("connection refused"))
}

func (unavailableEditing) UpdateOrganisation(context.Context, *directory.Organisation, int, accounts.Audit) error {
	return fault.Wrap(fault.Unavailable, errors.New("connection refused"))
}

// A save the database cannot take is the unavailable page (503), not a
// field error nor a flat 500, and its text is not shown.
func TestUnavailableStoreKeepsItsCode(t *testing.T) {
	s := newSite(t, func(d *server.Deps) { d.Editing = unavailableEditing{d.Editing} })
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	org, _ := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	path := "/admin/organizacje/" + org.ID
	form := orgForm(t, b.get(path))
	if a := b.post(path, form); a.status != http.StatusServiceUnavailable || strings.Contains(a.body, "connection refused") {
		t.Errorf("update: %d", a.status)
	}
	form.Set("slug", "nowa-organizacja-testowa")
	if a := b.post("/admin/organizacje/nowa", form); a.status != http.StatusServiceUnavailable || strings.Contains(a.body, "connection refused") {
		t.Errorf("create: %d", a.status)
	}
}
