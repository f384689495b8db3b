package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/mopr-leszno/portal/internal/accounts"
)

func TestUpdateLinkAndModeration(t *testing.T) {
	s := newSite(t)
	ctx := t.Context()
	const slug = "stowarzyszenie-przykladowe-razem-dla-seniorow"
	org, err := s.store.Organisation(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.store.IssueUpdateToken(ctx, uuid.MustParse(org.ID), accounts.Audit{ActorEmail: "test"})
	if err != nil {
		t.Fatal(err)
	}
	public := s.browser(t)
	if a := public.get("/zglos/" + token + "x"); a.status != http.StatusNotFound || !strings.Contains(a.doc.Find("h1").Text(), "nie działa") {
		t.Errorf("wrong token: %d %q", a.status, a.doc.Find("h1").Text())
	}
	page := public.get("/zglos/" + token)
	if v := page.doc.Find("#name").AttrOr("value", ""); page.status != http.StatusOK || v != org.Name {
		t.Fatalf("update form: %d, name %q", page.status, v)
	}
	form := fill(t, s, formValues(t, page, "form.submit-form"))
	form.Set("name", org.Name+" w Lesznie")
	form.Set("address.street", "ul. Zmieniona 1")
	form.Set("submitter_email", "zarzad@example.org")
	if a := public.post("/zglos/"+token, form); a.status != http.StatusSeeOther {
		t.Fatalf("update sent: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}

	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	list := b.get("/admin/zgloszenia")
	link := list.doc.Find("table.submissions tbody a").First()
	if link.Length() == 0 || !strings.Contains(list.doc.Find("table.submissions").Text(), "aktualizacja") {
		t.Fatalf("queue: %s", list.doc.Find("main").Text())
	}
	href := link.AttrOr("href", "")
	detail := b.get(href)
	changed := map[string]bool{}
	for _, f := range formValues(t, detail, "form.accept-form")["fields"] {
		changed[f] = true
	}
	if len(changed) != 2 || !changed["name"] || !changed["address.street"] {
		t.Fatalf("diff shows %v, want name and street", changed)
	}

	// Rejecting needs a reason.
	if a := b.post(href+"/odrzuc", url.Values{"reason": {" "}}); a.status != http.StatusUnprocessableEntity || a.doc.Find("#reason-error").Length() != 1 {
		t.Errorf("reject without reason: %d", a.status)
	}
	// Accepting only the name changes only the name.
	accept := formValues(t, detail, "form.accept-form")
	accept["fields"] = []string{"name"}
	if a := b.post(href+"/przyjmij", accept); a.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	after, _ := s.store.OrganisationByID(ctx, uuid.MustParse(org.ID))
	if after.Name != org.Name+" w Lesznie" || after.Address.Street != org.Address.Street {
		t.Errorf("after accepting the name: %q, street %q", after.Name, after.Address.Street)
	}
	if got := b.get(href).doc.Find("dd.status").Text(); got != "przyjęta" {
		t.Errorf("status shown %q", got)
	}

	// Rotating the link stops the old one.
	if a := b.post("/admin/organizacje/"+org.ID+"/link", url.Values{}); a.status != http.StatusOK || !strings.Contains(a.doc.Find(".token-link").Text(), "/zglos/") {
		t.Fatalf("new link: %d", a.status)
	}
	if a := public.get("/zglos/" + token); a.status != http.StatusNotFound {
		t.Errorf("rotated token: %d", a.status)
	}
}

// "Accept all" takes what the page showed as changed, and the store
// decides it on the record it locks: the handler reads nothing more than
// for chosen fields.
func TestAcceptAllTakesWhatThePageShowed(t *testing.T) {
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
	accept.Del("fields") // nothing ticked: "all" alone decides
	accept.Set("all", "tak")
	var a answer
	n := s.roundTrips(func() { a = b.post(href+"/przyjmij", accept) })
	if a.status != http.StatusSeeOther {
		t.Fatalf("accept all: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	after, err := s.store.OrganisationByID(ctx, uuid.MustParse(org.ID))
	if err != nil || after.Name != org.Name+" w Lesznie" || after.Address.Street != "ul. Zmieniona 1" || after.Description != org.Description {
		t.Fatalf("after accepting all: %v %+v", err, after)
	}
	subs, _ := s.store.Submissions(ctx, "")
	if len(subs) != 1 || !slices.Equal(subs[0].AcceptedFields, []string{"name", "address.street"}) {
		t.Errorf("accepted fields: %v", subs[0].AcceptedFields)
	}
	t.Logf("accept all: %d round trips", n)
	if n > 10 {
		t.Errorf("accept all: %d round trips, want at most 10, as for chosen fields", n)
	}
}
