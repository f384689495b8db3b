package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
)

var editorAudit = accounts.Audit{ActorEmail: "redaktor@example.org"}

func TestPublishAndRollBackFromTheAdminArea(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	s.account(t, "admin@example.org", accounts.Administrator)
	s.account(t, "redaktor@example.org", accounts.Editor)

	// An editor changes the working copy; the public does not see it.
	org, err := s.store.Organisation(ctx, "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	oldName := org.Name
	org.Name = "Razem dla Seniorów – nowa nazwa"
	if err := s.store.UpdateOrganisation(ctx, org, org.Version, editorAudit); err != nil {
		t.Fatal(err)
	}
	ed := s.browser(t)
	ed.signIn("redaktor@example.org", nil)
	list := ed.get("/admin/publikacje")
	if !strings.Contains(list.doc.Find("#pending-title").Parent().Text(), "Razem dla Seniorów – nowa nazwa") {
		t.Errorf("pending changes do not name the changed organisation: %q", list.doc.Find("#pending-title").Parent().Text())
	}
	if list.doc.Find("form[action='/admin/publikacje']").Length() != 0 {
		t.Error("an editor is offered the publish button")
	}
	if a := ed.post("/admin/publikacje", url.Values{"note": {"próba"}}); a.status != http.StatusForbidden {
		t.Errorf("editor published: %d", a.status)
	}
	if got := s.get("/organizacje/" + org.Slug).text("h1"); got != oldName {
		t.Fatalf("public page before publishing shows %q", got)
	}

	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)
	// A note is required; the error stands next to the field.
	bad := adm.post("/admin/publikacje", url.Values{"note": {"  "}})
	if bad.status != http.StatusUnprocessableEntity || bad.doc.Find("#note-error").Length() != 1 {
		t.Fatalf("publish without a note: %d, error %q", bad.status, bad.doc.Find(".field--error").Text())
	}
	if a := adm.post("/admin/publikacje", url.Values{"note": {"Nowa nazwa stowarzyszenia"}}); a.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", a.status)
	}
	if got := s.get("/organizacje/" + org.Slug).text("h1"); got != org.Name {
		t.Fatalf("public page after publishing shows %q", got)
	}
	list = adm.get("/admin/publikacje")
	row := list.doc.Find("tbody tr").First()
	if !strings.Contains(row.Text(), "Publikacja nr 3") || !strings.Contains(row.Text(), "bieżąca") ||
		!strings.Contains(row.Text(), "admin@example.org") || !strings.Contains(row.Text(), "zmienione: 1") {
		t.Errorf("newest publication row = %q", row.Text())
	}
	detail := adm.get("/admin/publikacje/3")
	if !strings.Contains(detail.doc.Find("main").Text(), "Nazwa") || !strings.Contains(detail.doc.Find("main").Text(), org.Name) {
		t.Errorf("publication detail lacks the changed field: %q", detail.doc.Find("main").Text())
	}

	// Roll back to publication 2: the old name is public again.
	if a := adm.post("/admin/publikacje/2/przywroc", url.Values{"potwierdzenie": {"tak"}}); a.status != http.StatusSeeOther {
		t.Fatalf("rollback: %d", a.status)
	}
	if got := s.get("/organizacje/" + org.Slug).text("h1"); got != oldName {
		t.Fatalf("public page after rollback shows %q", got)
	}
	if row := adm.get("/admin/publikacje").doc.Find("tbody tr").First().Text(); !strings.Contains(row, "Publikacja nr 4") ||
		!strings.Contains(row, "przywrócenie publikacji nr 2") {
		t.Errorf("rollback row = %q", row)
	}
	if a := adm.post("/admin/publikacje/99/przywroc", url.Values{"potwierdzenie": {"tak"}}); a.status != http.StatusNotFound {
		t.Errorf("rollback to an unknown publication: %d", a.status)
	}
}

// "Przywróć" asks first: the confirmation says what the rollback changes
// against the current publication, and a POST without it changes
// nothing. A publication with no organisations (number 1, the empty
// start) is made current only with the box that says the public directory
// will be empty ticked.
func TestRollbackAsksForConfirmation(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	s.account(t, "admin@example.org", accounts.Administrator)
	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)
	org, err := s.store.Organisation(ctx, "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	org.Name = "Razem dla Seniorów – nowa nazwa"
	if err := s.store.UpdateOrganisation(ctx, org, org.Version, editorAudit); err != nil {
		t.Fatal(err)
	}
	if _, err := s.publishNow(ctx, "nowa nazwa", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	found := func() int {
		return s.get("/organizacje?q=seniorow").doc.Find("main a[href^='/organizacje/stowarzyszenie-przykladowe-razem']").Length()
	}

	// The list offers a step, not the rollback itself.
	list := adm.get("/admin/publikacje")
	if list.doc.Find("form[method=post][action='/admin/publikacje/2/przywroc']").Length() != 0 ||
		list.doc.Find("form[method=get][action='/admin/publikacje/2/przywroc'] button").Length() != 1 {
		t.Fatal("the list rolls back in one click")
	}
	confirm := adm.get("/admin/publikacje/2/przywroc")
	if confirm.status != http.StatusOK || confirm.doc.Find("h1").Text() != "Przywrócić publikację nr 2?" {
		t.Fatalf("confirmation: %d %q", confirm.status, confirm.doc.Find("h1").Text())
	}
	main := confirm.doc.Find("main").Text()
	for _, want := range []string{"dodane: 0, zmienione: 1, usunięte: 0", "Stowarzyszenie Przykładowe „Razem dla Seniorów”", "po przywróceniu: 54"} {
		if !strings.Contains(main, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, main)
		}
	}
	if confirm.doc.Find("input[name=pusty]").Length() != 0 {
		t.Error("a publication with organisations asks to confirm an empty directory")
	}
	// A POST without the confirmation (a stale page, a hand-made request)
	// shows the confirmation and rolls nothing back.
	if a := adm.post("/admin/publikacje/2/przywroc", url.Values{}); a.status != http.StatusOK || a.doc.Find("h1").Text() != "Przywrócić publikację nr 2?" {
		t.Errorf("unconfirmed rollback: %d %q", a.status, a.doc.Find("h1").Text())
	}
	if got := s.get("/organizacje/" + org.Slug).text("h1"); got != org.Name {
		t.Fatalf("an unconfirmed rollback changed the public page: %q", got)
	}
	form := formValues(t, confirm, "form.rollback-form")
	if a := adm.post("/admin/publikacje/2/przywroc", form); a.status != http.StatusSeeOther {
		t.Fatalf("confirmed rollback: %d", a.status)
	}
	if got := s.get("/organizacje/" + org.Slug).text("h1"); got == org.Name {
		t.Fatal("the confirmed rollback did not happen")
	}

	// Publication 1 holds no organisation.
	empty := adm.get("/admin/publikacje/1/przywroc")
	main = empty.doc.Find("main").Text()
	for _, want := range []string{"usunięte: 54", "po przywróceniu: 0", "katalog publiczny będzie pusty"} {
		if !strings.Contains(main, want) {
			t.Errorf("empty confirmation lacks %q:\n%s", want, main)
		}
	}
	form = formValues(t, empty, "form.rollback-form")
	if form.Has("pusty") {
		t.Fatal("the empty-directory box is ticked in advance")
	}
	refused := adm.post("/admin/publikacje/1/przywroc", form)
	if refused.status != http.StatusUnprocessableEntity {
		t.Fatalf("rollback to an empty publication without the box: %d", refused.status)
	}
	if msg := refused.doc.Find("#pusty-error").Text(); !strings.Contains(msg, "Zaznacz") {
		t.Errorf("error at the box = %q", msg)
	}
	if refused.doc.Find(".error-summary a[href='#pusty']").Length() != 1 {
		t.Error("no summary link to the box")
	}
	if found() == 0 {
		t.Fatal("the public directory was emptied without the box")
	}
	form.Set("pusty", "tak")
	if a := adm.post("/admin/publikacje/1/przywroc", form); a.status != http.StatusSeeOther {
		t.Fatalf("rollback to an empty publication with the box: %d", a.status)
	}
	if found() != 0 {
		t.Error("the confirmed empty publication is not current")
	}
}

// Publishing an empty working copy (every organisation in the trash)
// asks to confirm that the public directory will be empty; the note stays
// when it is refused, and so does the ticked box when the note is missing.
func TestPublishingAnEmptyDirectoryNeedsConfirmation(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	s.account(t, "admin@example.org", accounts.Administrator)
	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)
	if adm.get("/admin/publikacje").doc.Find("input[name=pusty]").Length() != 0 {
		t.Error("a directory with organisations asks to confirm an empty one")
	}
	if _, err := s.store.DeleteExamples(ctx); err != nil {
		t.Fatal(err)
	}
	page := adm.get("/admin/publikacje")
	if !strings.Contains(page.doc.Find("form.org-form").Text(), "katalog publiczny będzie pusty") {
		t.Fatal("the publish form does not warn that the directory will be empty")
	}
	refused := adm.post("/admin/publikacje", url.Values{"note": {"Usunięcie przykładów"}})
	if refused.status != http.StatusUnprocessableEntity || !strings.Contains(refused.doc.Find("#pusty-error").Text(), "Zaznacz") {
		t.Fatalf("empty publish without the box: %d %q", refused.status, refused.doc.Find("#pusty-error").Text())
	}
	if refused.doc.Find("#note").Text() != "Usunięcie przykładów" {
		t.Errorf("the note was not kept: %q", refused.doc.Find("#note").Text())
	}
	if s.get("/organizacje?q=seniorow").doc.Find("main a[href^='/organizacje/stowarzyszenie-przykladowe-razem']").Length() == 0 {
		t.Fatal("the refused publication emptied the directory")
	}
	kept := adm.post("/admin/publikacje", url.Values{"note": {""}, "pusty": {"tak"}})
	if _, on := kept.doc.Find("#pusty").Attr("checked"); kept.status != http.StatusUnprocessableEntity || !on {
		t.Errorf("a missing note lost the ticked box: %d", kept.status)
	}
	if a := adm.post("/admin/publikacje", url.Values{"note": {"Usunięcie przykładów"}, "pusty": {"tak"}}); a.status != http.StatusSeeOther {
		t.Fatalf("empty publish with the box: %d", a.status)
	}
	if s.get("/organizacje?q=seniorow").doc.Find("main a[href^='/organizacje/stowarzyszenie-przykladowe-razem']").Length() != 0 {
		t.Error("the confirmed empty publication is not current")
	}
}
