package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/formguard"
	"github.com/mopr-leszno/portal/internal/submission"
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
	spam, _ := s.store.Submissions(t.Context(), submission.StatusSpam)
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
