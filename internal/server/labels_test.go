package server_test

import (
	"encoding/csv"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
)

// codes are what the record stores and a person must never read: the
// codes of the update below, office hours by day number, and the form's
// field keys.
var codes = regexp.MustCompile(`\b(stowarzyszenie|koscielna-osoba-prawna|zatorze|stare-miasto|bezdomnosc|ubostwo|pomoc-rzeczowa|pomoc-zywnosciowa|wejscie-bez-barier)\b|(^|\n)\s*[1-7]: |\b(legal_form|address\.district|short_name|target_groups|accessibility)\b`)

// An organisation's update changes a legal form, a district, categories,
// an accessibility feature, a language and office hours: the moderation
// diff, the decision and the history show each by the name the form
// gives it ("Stowarzyszenie", "Zatorze", "Bezdomność", "poniedziałek
// 07:15–13:45"), never its code, and label the fields in Polish.
func TestStaffReadLabelsNotCodes(t *testing.T) {
	s := newSite(t)
	ctx := t.Context()
	const slug = "caritas-przykladowej-parafii-sw-mikolaja"
	org, err := s.store.Organisation(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.store.IssueUpdateToken(ctx, uuid.MustParse(org.ID), accounts.Audit{ActorEmail: "test"})
	if err != nil {
		t.Fatal(err)
	}
	public := s.browser(t)
	form := fill(t, s, formValues(t, public.get("/zglos/"+token), "form.submit-form"))
	form.Set("legal_form", "stowarzyszenie")
	form.Set("address.district", "zatorze")
	form["categories"] = []string{"bezdomnosc", "pomoc-rzeczowa"}
	form["accessibility"] = []string{"wejscie-bez-barier"}
	form["languages"] = []string{"pl", "uk"}
	form.Set("hours.1.0.opens", "07:15")
	form.Set("hours.1.0.closes", "13:45")
	form.Set("submitter_email", "caritas@example.org")
	if a := public.post("/zglos/"+token, form); a.status != http.StatusSeeOther {
		t.Fatalf("update sent: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}

	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	href := b.get("/admin/zgloszenia").doc.Find("table.submissions tbody a").First().AttrOr("href", "")
	detail := b.get(href)
	diff := detail.doc.Find("table.changes tbody").Text()
	for _, want := range []string{"Forma prawna", "Kościelna osoba prawna", "Stowarzyszenie", "Osiedle", "Stare Miasto", "Zatorze",
		"Obszary pomocy", "Bezdomność", "Pomoc rzeczowa (odzież, meble, sprzęt)", "Wejście bez barier",
		"Języki obsługi", "ukraiński", "poniedziałek 07:15–13:45"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the moderation diff lacks %q:\n%s", want, diff)
		}
	}
	if m := codes.FindString(diff); m != "" {
		t.Errorf("the moderation diff shows the code %q:\n%s", m, diff)
	}

	accept := formValues(t, detail, "form.accept-form")
	accept.Set("all", "tak")
	if a := b.post(href+"/przyjmij", accept); a.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", a.status, a.doc.Find(".error-summary").Text())
	}
	decision := b.get(href).doc.Find("dl.facts").Text()
	if !strings.Contains(decision, "Przyjęte pola: Forma prawna, Osiedle") {
		t.Errorf("the decision does not name the fields taken:\n%s", decision)
	}
	if m := codes.FindString(decision); m != "" {
		t.Errorf("the decision shows the code %q:\n%s", m, decision)
	}

	history := b.get("/admin/organizacje/" + org.ID + "/historia").doc.Find(".history li").First().Text()
	for _, want := range []string{"Zatorze", "Bezdomność", "poniedziałek 07:15–13:45", "Stowarzyszenie"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q:\n%s", want, history)
		}
	}
	if m := codes.FindString(history); m != "" {
		t.Errorf("the history shows the code %q:\n%s", m, history)
	}
}

// The CSV download names what it holds as the pages do: no code of a
// list (every vocabulary slug with a hyphen, every accessibility code),
// office hours by the day's name, and the page address in the directory
// in a column that cannot be taken for the website.
func TestCSVShowsNamesNotCodes(t *testing.T) {
	s := newSite(t)
	p := s.get("/organizacje.csv")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	vocab, err := s.live.Vocabulary(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, c := range vocab.Categories {
		slugs = append(slugs, c.Slug)
	}
	for _, g := range vocab.TargetGroups {
		slugs = append(slugs, g.Slug)
	}
	for _, d := range vocab.Districts {
		slugs = append(slugs, d.Slug)
	}
	slugs = append(slugs, directory.AccessibilityFeatures...)
	for _, lf := range directory.LegalForms {
		slugs = append(slugs, string(lf))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	url, hours, district := col["Adres w Banku danych"], col["Godziny urzędowania"], col["Osiedle"]
	if url != 2 || hours == 0 || district == 0 {
		t.Fatalf("header %q", rows[0])
	}
	seenHours := false
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[url], "http://example.com/organizacje/") {
			t.Errorf("%s: address in the directory %q", row[0], row[url])
		}
		for i, cell := range row {
			if i == url || cell == "" || strings.Contains(cell, "://") || strings.Contains(cell, "@") {
				continue // addresses may hold anything
			}
			for _, code := range slugs {
				if (strings.Contains(code, "-") && strings.Contains(cell, code)) || cell == code {
					t.Errorf("%s, column %q: the code %q in %q", row[0], rows[0][i], code, cell)
				}
			}
		}
		if regexp.MustCompile(`(^|\n)[1-7]: `).MatchString(row[hours]) {
			t.Errorf("%s: hours by day number: %q", row[0], row[hours])
		}
		seenHours = seenHours || strings.HasPrefix(row[hours], "poniedziałek ")
		if row[district] != "" && vocab.DistrictName(row[district]) != row[district] {
			t.Errorf("%s: district %q is a code", row[0], row[district])
		}
	}
	if !seenHours {
		t.Error("no organisation's hours start with poniedziałek")
	}
}
