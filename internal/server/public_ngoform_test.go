package server_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/submission"
)

// The online form is found from the home page, the footer of every page
// and every organisation's page.
func TestTheFormIsLinked(t *testing.T) {
	s := newSite(t)
	home := s.get("/")
	if home.doc.Find(`main a[href="/zglos"]`).Length() == 0 {
		t.Error("the home page does not link to the online form")
	}
	for _, path := range []string{"/", "/organizacje", "/strategia", "/prywatnosc", "/deklaracja-dostepnosci"} {
		if p := s.get(path); p.doc.Find(`footer.site-footer a[href="/zglos"]`).Length() != 1 {
			t.Errorf("%s: no link to the form in the footer", path)
		}
	}
	slug := firstDemoSlug(t, s)
	org := s.get("/organizacje/" + slug)
	link := org.doc.Find(`a[href="/zglos/zmiana/` + slug + `"]`)
	if link.Length() != 1 || !strings.Contains(link.Text(), "Zgłoś zmianę") {
		t.Errorf("the organisation page has no update request link: %q", link.Text())
	}
}

func firstDemoSlug(t *testing.T, s *site) string {
	t.Helper()
	res, err := s.live.Search(t.Context(), directory.Query{})
	if err != nil || len(res.Items) == 0 {
		t.Fatalf("no organisations: %v", err)
	}
	return res.Items[0].Slug
}

// Anyone may ask for a change of an organisation's data; the request waits
// in the moderation queue as an update of that organisation.
func TestAnyoneReportsAChange(t *testing.T) {
	s := newSite(t)
	slug := firstDemoSlug(t, s)
	shown, err := s.live.Organisation(t.Context(), slug)
	if err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	page := b.get("/zglos/zmiana/" + slug)
	if page.status != http.StatusOK {
		t.Fatalf("GET: %d", page.status)
	}
	if v := page.doc.Find("#name").AttrOr("value", ""); v != shown.Name {
		t.Errorf("the form is filled in with %q, want the published name %q", v, shown.Name)
	}
	if !strings.Contains(page.doc.Find("h1").Text(), "Zgłoś zmianę") || !strings.Contains(page.doc.Find(".lead").Text(), shown.Name) {
		t.Errorf("heading %q / %q does not name the organisation", page.doc.Find("h1").Text(), page.doc.Find(".lead").Text())
	}
	if b.get("/zglos/zmiana/nie-ma-takiej").status != http.StatusNotFound {
		t.Error("an unknown organisation is not a 404")
	}
	form := fill(t, s, formValues(t, page, "form.submit-form"))
	form.Set("submitter_email", "mieszkanka@example.org")
	form.Set("website", "nowa-nadzieja.pl")
	ok := b.post("/zglos/zmiana/"+slug, form)
	if ok.status != http.StatusSeeOther {
		t.Fatalf("POST: %d %s", ok.status, ok.doc.Find(".error-summary").Text())
	}
	subs, err := s.store.Submissions(t.Context(), "")
	if err != nil || len(subs) != 1 {
		t.Fatalf("%d submissions, %v", len(subs), err)
	}
	sub := subs[0]
	if sub.Kind != submission.KindUpdate || sub.OrganisationID != shown.ID || sub.Payload.Website != "https://nowa-nadzieja.pl" {
		t.Errorf("stored %s about %q with website %q; want an update of %s with https:// added", sub.Kind, sub.OrganisationID, sub.Payload.Website, shown.ID)
	}
	// Staff see which organisation it is about.
	s.account(t, "redaktor@example.org", accounts.Editor)
	staff := s.browser(t)
	staff.signIn("redaktor@example.org", nil)
	detail := staff.get("/admin/zgloszenia/" + itoa(sub.ID))
	if detail.doc.Find(`a[href="/admin/organizacje/`+shown.ID+`"]`).Text() != shown.Name {
		t.Errorf("the moderation page does not name %q", shown.Name)
	}
	// The thanks say whom to ask, and how.
	thanks := b.get(ok.location)
	contact := thanks.doc.Find("main .mopr-contact")
	if !strings.Contains(contact.Text(), "Miejski Ośrodek Pomocy Rodzinie") || contact.Find(`a[href^="tel:"]`).Length() != 1 || contact.Find(`a[href^="mailto:"]`).Length() != 1 {
		t.Errorf("the thank-you page gives no way to reach MOPR: %q", contact.Text())
	}
}

// People type times, websites and languages as they are used to; the form
// understands them.
func TestTheFormIsForgiving(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	page := b.get("/zglos")
	for _, want := range []string{"pl", "pso", "uk"} {
		box := page.doc.Find(`input[type=checkbox][name=languages][value="` + want + `"]`)
		if box.Length() != 1 {
			t.Fatalf("no box for language %s", want)
		}
		label := page.doc.Find(`label[for="` + box.AttrOr("id", "") + `"]`).Text()
		if label == "" || label == want {
			t.Errorf("language %s is labelled %q, want its Polish name", want, label)
		}
	}
	if page.doc.Find(`input[name=languages][type=text]`).Length() != 0 {
		t.Error("languages are still typed as codes")
	}
	form := fill(t, s, formValues(t, page, "form.submit-form"))
	form.Set("name", "Stowarzyszenie Nowa Nadzieja")
	form.Set("description", "Pomoc w kryzysie.")
	form.Add("categories", "seniorzy")
	form.Set("submitter_email", "biuro@example.org")
	form.Set("website", "nowa-nadzieja.pl")
	form["languages"] = []string{"pl", "pso"}
	form.Set("hours.1.0.opens", "9")
	form.Set("hours.1.0.closes", "15.30")
	form.Set("hours.1.note", "po wcześniejszym telefonie")
	form.Set("hours.6.0.opens", "930")
	form.Set("hours.6.0.closes", "12,00")
	// Tuesday to Friday as Monday, but Thursday has its own hours.
	form.Set("hours.weekdays_same", "tak")
	form.Set("hours.4.0.opens", "12:00")
	form.Set("hours.4.0.closes", "18:00")
	ok := b.post("/zglos", form)
	if ok.status != http.StatusSeeOther {
		t.Fatalf("POST: %d %s", ok.status, ok.doc.Find(".error-summary").Text())
	}
	subs, _ := s.store.Submissions(t.Context(), "")
	if len(subs) != 1 {
		t.Fatalf("%d submissions", len(subs))
	}
	o := subs[0].Payload
	if o.Website != "https://nowa-nadzieja.pl" || !slices.Equal(o.Languages, []string{"pl", "pso"}) {
		t.Errorf("website %q, languages %v", o.Website, o.Languages)
	}
	iv := func(d int) string {
		var out []string
		for _, i := range o.Hours[d].Intervals {
			out = append(out, i.Opens.String()+"-"+i.Closes.String())
		}
		return strings.Join(out, ",")
	}
	for d, want := range map[int]string{1: "09:00-15:30", 2: "09:00-15:30", 3: "09:00-15:30", 4: "12:00-18:00", 5: "09:00-15:30", 6: "09:30-12:00", 7: ""} {
		if got := iv(d); got != want {
			t.Errorf("day %d: %q, want %q", d, got, want)
		}
	}
	if o.Hours[5].Note != "po wcześniejszym telefonie" || o.Hours[4].Note != "" {
		t.Errorf("notes: Friday %q, Thursday %q", o.Hours[5].Note, o.Hours[4].Note)
	}
}

// Errors name the day and the field, come in the order of the form, and
// required fields are marked.
func TestFormErrorsReadInOrder(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	page := b.get("/zglos")
	for _, id := range []string{"name", "description", "address-city", "submitter_email"} {
		label := page.doc.Find(`label[for="` + id + `"]`)
		if !strings.Contains(label.Text(), "wymagane") || page.doc.Find("#"+id).AttrOr("required", "x") == "x" {
			t.Errorf("%s is not marked as required: %q", id, label.Text())
		}
	}
	if !strings.Contains(page.doc.Find("#categories legend").Text(), "wymagane") {
		t.Error("the categories are not marked as required")
	}
	form := fill(t, s, formValues(t, page, "form.submit-form"))
	form.Set("name", "")
	form.Set("address.postal_code", "64100")
	form.Set("hours.2.0.opens", "8")
	form.Set("hours.2.0.closes", "ósma")
	form.Set("hours.1.0.closes", "16")
	form.Set("contacts.0.email", "nie-email")
	bad := b.post("/zglos", form)
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", bad.status)
	}
	var got []string
	bad.doc.Find(".error-summary li a").Each(func(_ int, a *goquery.Selection) {
		got = append(got, a.AttrOr("href", ""))
	})
	want := []string{"#submitter_email", "#name", "#address-postal_code", "#contacts-0-name", "#contacts-0-email", "#description", "#categories", "#hours-1-0-opens", "#hours-2-0-closes"}
	if !slices.Equal(got, want) {
		t.Errorf("the summary lists %v, want the form's order %v", got, want)
	}
	summary := bad.doc.Find(".error-summary").Text()
	for _, words := range []string{"Wtorek: godzina zamknięcia", "Poniedziałek: godzina otwarcia"} {
		if !strings.Contains(summary, words) {
			t.Errorf("the summary does not say %q: %s", words, summary)
		}
	}
	for _, a := range got {
		if bad.doc.Find(a).Length() != 1 {
			t.Errorf("the summary links to %s, which the form does not have", a)
		}
	}
	if msg := bad.doc.Find("#hours-2-0-closes-error").Text(); !strings.Contains(msg, "Wtorek: godzina zamknięcia") {
		t.Errorf("the error at the field says %q", msg)
	}
	for id, want := range map[string]string{"hours-2-0-opens": "8", "hours-2-0-closes": "ósma", "hours-1-0-closes": "16"} {
		if v := bad.doc.Find("#"+id).AttrOr("value", ""); v != want {
			t.Errorf("%s came back as %q, want %q", id, v, want)
		}
	}
}
