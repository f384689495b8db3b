package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
)

func TestFilledDataFormIsForStaffOnly(t *testing.T) {
	s := newSite(t)
	org, err := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/organizacje/" + org.ID + "/formularz.pdf"

	anon := s.browser(t)
	if a := anon.get(path); a.status != http.StatusSeeOther || a.location != "/admin/logowanie" {
		t.Errorf("anonymous: %d to %q, want a redirect to the sign-in page", a.status, a.location)
	}

	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	if a := b.get("/admin/organizacje/" + org.ID); a.doc.Find(`a[href="`+path+`"]`).Length() != 1 {
		t.Errorf("the edit page does not link to %s", path)
	}
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("editor: %d", resp.StatusCode)
	}
	for k, want := range map[string]string{
		"Content-Type":        "application/pdf",
		"Content-Disposition": "inline; filename=formularz-" + org.Slug + ".pdf",
		"Cache-Control":       "private, no-store",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	text := pdfText(t, body)
	for _, want := range []string{org.Name, org.Address.Street, org.Address.PostalCode, org.Address.City} {
		if want == "" || !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the filled form lacks %q", want)
		}
	}

	if a := b.get("/admin/organizacje/00000000-0000-0000-0000-000000000000/formularz.pdf"); a.status != http.StatusNotFound {
		t.Errorf("an unknown organisation: %d, want 404", a.status)
	}
}
