package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/formguard"
	"github.com/mopr-leszno/portal/internal/store"
)

// fill makes the form look filled in over a minute, as a person would.
func fill(t *testing.T, s *site, form url.Values) url.Values {
	t.Helper()
	key, err := s.store.FormSecret(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	form.Set("stamp", formguard.Stamp(key, monday1030.Add(-time.Minute)))
	return form
}

func TestPublicSubmissionForm(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	page := b.get("/zglos")
	if page.status != http.StatusOK {
		t.Fatalf("GET /zglos: %d", page.status)
	}
	trap := page.doc.Find("input#fax")
	if trap.AttrOr("tabindex", "") != "-1" || trap.AttrOr("autocomplete", "") != "off" || !strings.Contains(page.doc.Find("label[for=fax]").Text(), "puste") {
		t.Error("no honeypot field as described")
	}
	if !strings.Contains(page.doc.Find(".rodo").Text(), "Administratorem") {
		t.Error("no information clause above the contact persons")
	}
	form := formValues(t, page, "form.submit-form")
	form.Set("name", "Fundacja Żółty Parasol")
	form.Set("description", "Pomagamy seniorom w zakupach.")
	form.Set("address.street", "ul. Słowiańska 3")
	form.Add("categories", "seniorzy")
	form.Set("contacts.0.name", "Ewa Nowak")
	form.Set("contacts.0.consent", "tak")

	// Sent back at once: asked to send again, nothing typed lost, nothing stored.
	fast := b.post("/zglos", form)
	if fast.status != http.StatusUnprocessableEntity || !strings.Contains(fast.doc.Find(".error-summary").Text(), "jeszcze raz") {
		t.Fatalf("too fast: %d %q", fast.status, fast.doc.Find(".error-summary").Text())
	}
	if v := fast.doc.Find("#name").AttrOr("value", ""); v != "Fundacja Żółty Parasol" {
		t.Errorf("name not kept: %q", v)
	}

	// Errors next to their fields, in Polish, input kept.
	form = fill(t, s, form)
	form.Set("address.postal_code", "64100")
	bad := b.post("/zglos", form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", bad.status)
	}
	if bad.doc.Find("#submitter_email-error").Length() != 1 || !strings.Contains(bad.doc.Find("#address-postal_code-error").Text(), "00-000") {
		t.Errorf("field errors: %q / %q", bad.doc.Find("#submitter_email-error").Text(), bad.doc.Find("#address-postal_code-error").Text())
	}
	if v := bad.doc.Find("#contacts-0-name").AttrOr("value", ""); v != "Ewa Nowak" {
		t.Errorf("contact not kept: %q", v)
	}
	if n, _ := s.store.FormsReceived(t.Context(), 2026); n != 0 {
		t.Errorf("%d forms stored before a valid one", n)
	}

	form.Set("address.postal_code", "64-100")
	form.Set("submitter_email", "ewa@example.org")
	ok := b.post("/zglos", form)
	if ok.status != http.StatusSeeOther || !strings.HasPrefix(ok.location, "/zglos/dziekujemy?nr=ZG-") {
		t.Fatalf("valid form: %d %q %s", ok.status, ok.location, ok.doc.Find(".error-summary").Text())
	}
	thanks := b.get(ok.location)
	ref := strings.TrimPrefix(ok.location, "/zglos/dziekujemy?nr=")
	if thanks.doc.Find(".reference").Text() != ref {
		t.Errorf("thank-you page shows %q, want %q", thanks.doc.Find(".reference").Text(), ref)
	}

	// A filled-in trap: thanked alike, kept as spam, not counted.
	form.Set("fax", "http://spam.example")
	if a := b.post("/zglos", form); a.status != http.StatusSeeOther {
		t.Errorf("honeypot: %d", a.status)
	}
	spam, _ := s.store.Submissions(t.Context(), store.StatusSpam)
	if len(spam) != 1 {
		t.Errorf("%d spam submissions kept", len(spam))
	}
	real, _ := s.store.Submissions(t.Context(), "")
	if len(real) != 1 || real[0].Payload.Contacts[0].Name != "Ewa Nowak" || !real[0].Payload.Contacts[0].Consent {
		t.Fatalf("real submissions: %d", len(real))
	}

	// Five a window per address; the sixth is refused.
	b.post("/zglos", form)
	if a := b.post("/zglos", form); a.status != http.StatusTooManyRequests {
		t.Errorf("sixth submission: %d, want 429", a.status)
	}
}

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
