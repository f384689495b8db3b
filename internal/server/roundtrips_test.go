package server_test

import (
	"net/http"
	"net/url"
	"strconv"
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
// round trips, whatever the number of contact persons and office hours
// (it was 36 when the record was re-read by slug three times and the
// child tables cleared one by one).
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
	save := func(edit func(url.Values)) int64 {
		form := orgForm(t, b.get(path))
		edit(form)
		var a answer
		n := s.roundTrips(func() { a = b.post(path, form) })
		if a.status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", a.status, a.doc.Find(".error-summary").Text())
		}
		return n
	}
	small := save(func(f url.Values) { f.Set("description", "Nowy opis.") })
	large := save(func(f url.Values) {
		for _, i := range []string{"0", "1", "2", "3"} {
			if f.Get("contacts."+i+".name") == "" {
				f.Set("contacts."+i+".name", "Osoba "+i)
			}
		}
		for d := 1; d <= 7; d++ {
			day := "hours." + strconv.Itoa(d)
			f.Set(day+".0.opens", "08:00")
			f.Set(day+".0.closes", "12:00")
			f.Set(day+".1.opens", "13:00")
			f.Set(day+".1.closes", "16:00")
			f.Set(day+".note", "po umówieniu")
		}
	})
	t.Logf("admin save: %d round trips (%d with more contacts and hours)", small, large)
	// Two for the session and the user, BEGIN, lock and load, write and
	// reload, revision and audit, COMMIT, the session's save.
	if small > 8 || large != small {
		t.Errorf("admin save: %d round trips, and %d with more rows; want at most 8 either way", small, large)
	}
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
	// The admin save's eight, the submission's lock, and its update with
	// the audit entry (it was 39).
	if n > 10 {
		t.Errorf("moderation accept: %d round trips, want at most 10", n)
	}
}
