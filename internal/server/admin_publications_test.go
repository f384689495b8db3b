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
	if a := adm.post("/admin/publikacje/2/przywroc", url.Values{}); a.status != http.StatusSeeOther {
		t.Fatalf("rollback: %d", a.status)
	}
	if got := s.get("/organizacje/" + org.Slug).text("h1"); got != oldName {
		t.Fatalf("public page after rollback shows %q", got)
	}
	if row := adm.get("/admin/publikacje").doc.Find("tbody tr").First().Text(); !strings.Contains(row, "Publikacja nr 4") ||
		!strings.Contains(row, "przywrócenie publikacji nr 2") {
		t.Errorf("rollback row = %q", row)
	}
	if a := adm.post("/admin/publikacje/99/przywroc", url.Values{}); a.status != http.StatusNotFound {
		t.Errorf("rollback to an unknown publication: %d", a.status)
	}
}
