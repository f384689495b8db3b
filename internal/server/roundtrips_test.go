package server_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// roundTrips returns how many statements the store sent to PostgreSQL
// while do ran.
func (s *site) roundTrips(do func()) int64 {
	s.trips.Reset()
	do()
	return s.trips.Reset()
}

// An admin save of the organisation form costs a fixed, small number of
// round trips (it was about 30 when children were written row by row and
// the record re-read by slug several times).
func TestAdminSaveRoundTrips(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	org, err := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/organizacje/" + org.ID
	form := orgForm(t, b.get(path))
	form.Set("description", "Nowy opis.")
	var a answer
	n := s.roundTrips(func() { a = b.post(path, form) })
	if a.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	t.Logf("admin save: %d round trips", n)
}

// Accepting a submitted update costs a fixed, small number of round trips.
func TestModerationAcceptRoundTrips(t *testing.T) {
	s := newSite(t)
	ctx := t.Context()
	org, err := s.store.Organisation(ctx, "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.store.IssueUpdateToken(ctx, uuid.MustParse(org.ID), accounts.Audit{ActorEmail: "test"})
	if err != nil {
		t.Fatal(err)
	}
	public := s.browser(t)
	form := fill(t, s, formValues(t, public.get("/zglos/"+token), "form.submit-form"))
	form.Set("name", org.Name+" w Lesznie")
	form.Set("address.street", "ul. Zmieniona 1")
	form.Set("submitter_email", "zarzad@example.org")
	if a := public.post("/zglos/"+token, form); a.status != http.StatusSeeOther {
		t.Fatalf("update sent: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	href := b.get("/admin/zgloszenia").doc.Find("table.submissions tbody a").First().AttrOr("href", "")
	accept := formValues(t, b.get(href), "form.accept-form")
	if len(accept["fields"]) != 2 {
		t.Fatalf("fields offered: %v", accept["fields"])
	}
	var a answer
	n := s.roundTrips(func() { a = b.post(href+"/przyjmij", accept) })
	if a.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	after, err := s.store.Organisation(ctx, org.Slug)
	if err != nil || after.Name != org.Name+" w Lesznie" {
		t.Fatalf("after accept: %v %+v", err, after)
	}
	t.Logf("moderation accept: %d round trips", n)
}
