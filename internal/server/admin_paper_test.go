package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/submission"
)

func TestPaperFormForANewOrganisation(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	page := b.get("/admin/zgloszenia/nowe")
	if page.status != http.StatusOK || page.doc.Find("input#fax").Length() != 0 || page.doc.Find("#received_on").Length() != 1 {
		t.Fatalf("paper form: %d, trap %d, date %d", page.status, page.doc.Find("input#fax").Length(), page.doc.Find("#received_on").Length())
	}
	form := formValues(t, page, "form.submit-form")
	form.Set("name", "Fundacja z Papieru")
	form.Set("address.street", "ul. Papierowa 1")
	form.Set("description", "Pomagamy na papierze.")
	form.Add("categories", "seniorzy")
	form.Set("submitter_name", "Jan Nowak") // no e-mail: optional on paper
	form.Set("received_on", monday1030.AddDate(0, 0, 1).Format(time.DateOnly))
	future := b.post("/admin/zgloszenia/nowe", form)
	if future.status != http.StatusUnprocessableEntity || future.doc.Find("#received_on-error").Length() != 1 ||
		future.doc.Find("#submitter_email-error").Length() != 0 {
		t.Fatalf("received tomorrow: %d %q", future.status, future.doc.Find(".error-summary").Text())
	}
	if v := future.doc.Find("#name").AttrOr("value", ""); v != "Fundacja z Papieru" {
		t.Errorf("name not kept: %q", v)
	}
	form.Set("received_on", "2026-01-05")
	ok := b.post("/admin/zgloszenia/nowe", form)
	if ok.status != http.StatusSeeOther || !strings.HasPrefix(ok.location, "/admin/zgloszenia/") {
		t.Fatalf("paper form: %d %q %s", ok.status, ok.location, ok.doc.Find(".error-summary").Text())
	}
	subs, _ := s.store.Submissions(t.Context(), "")
	if len(subs) != 1 {
		t.Fatalf("%d submissions", len(subs))
	}
	sub := subs[0]
	if sub.Channel != submission.ChannelPaper || sub.Kind != submission.KindNew || sub.ReceivedOn.Format(time.DateOnly) != "2026-01-05" ||
		sub.EnteredBy != "redaktor@example.org" || sub.SubmitterName != "Jan Nowak" {
		t.Errorf("paper submission: %+v", sub)
	}
}
