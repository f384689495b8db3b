package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
)

func TestAdministratorErasesAPersonFromThePublicPages(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	s.account(t, "redaktor@example.org", accounts.Editor)
	const slug = "fundacja-przykladowa-cieply-posilek"
	if !strings.Contains(s.get("/organizacje/"+slug).body, "Katarzyna Wzorcowa") {
		t.Fatal("the consented contact person is not on the public page to begin with")
	}
	org, err := s.store.Organisation(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/organizacje/" + org.ID + "/rodo"
	etag := s.get("/organizacje/" + slug).header.Get("ETag")

	ed := s.browser(t)
	ed.signIn("redaktor@example.org", nil)
	if a := ed.post(path, url.Values{"name": {"Katarzyna Wzorcowa"}}); a.status != http.StatusForbidden {
		t.Errorf("an editor erased: %d", a.status)
	}

	adm := s.browser(t)
	adm.signIn("admin@example.org", s.code)
	// A name the organisation never had: the error stands next to the
	// field and the typed name stays.
	bad := adm.post(path, url.Values{"name": {"Nikt Taki"}})
	if bad.status != http.StatusUnprocessableEntity || bad.doc.Find("#name-error").Length() != 1 {
		t.Fatalf("unknown person: %d", bad.status)
	}
	if v, _ := bad.doc.Find("input#name").Attr("value"); v != "Nikt Taki" {
		t.Errorf("typed name not kept: %q", v)
	}
	done := adm.post(path, url.Values{"name": {"katarzyna wzorcowa"}})
	if done.status != http.StatusOK || !strings.Contains(done.doc.Find("[role=status]").Text(), "z publikacji 1") {
		t.Fatalf("erase: %d %q", done.status, done.doc.Find("[role=status]").Text())
	}
	if strings.Contains(done.body, "Wzorcowa") {
		t.Error("the confirmation repeats the erased name")
	}
	// Gone from the current publication at once, without publishing.
	if strings.Contains(s.get("/organizacje/"+slug).body, "Wzorcowa") {
		t.Error("the public page still shows the erased person")
	}
	if after := s.get("/organizacje/" + slug).header.Get("ETag"); after == etag {
		t.Error("the page's ETag did not change with the erasure: caches would keep the person")
	}
	if log := adm.get("/admin/dziennik"); strings.Contains(log.body, "Wzorcowa") {
		t.Error("the audit log names the erased person")
	}
}
