package server_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/mail"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/submission"
)

const seniorsSlug = "stowarzyszenie-przykladowe-razem-dla-seniorow"

// translate gives the demo organisation slug a Ukrainian description and
// hours note (no English) and publishes it.
func translate(t *testing.T, s *site, slug, descUK, noteUK string) *directory.Organisation {
	t.Helper()
	ctx := context.Background()
	o, err := s.store.Organisation(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	o.DescriptionUK, o.HoursNote, o.HoursNoteUK = descUK, "Po wcześniejszym umówieniu.", noteUK
	if err := s.store.UpdateOrganisation(ctx, o, o.Version, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.publishNow(ctx, "test", accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestTranslatedDescriptionShown(t *testing.T) {
	s := newSite(t)
	cat := catalogue(t)
	o := translate(t, s, seniorsSlug, "Допомагаємо літнім людям з покупками та ковдрами.", "За попереднім записом.")

	uk := s.get("/uk/organizacje/" + seniorsSlug)
	scope := uk.doc.Find(`section[aria-labelledby="scope-title"]`)
	if got := strings.TrimSpace(scope.Find(`p[lang="uk"]`).Text()); got != o.DescriptionUK {
		t.Errorf("Ukrainian page: description %q, want the Ukrainian one", got)
	}
	if strings.Contains(scope.Text(), strings.Fields(o.Description)[0]+" "+strings.Fields(o.Description)[1]) || scope.Find(".content-note").Length() != 0 {
		t.Error("Ukrainian page: the Polish description or its note is shown beside the translation")
	}
	hours := uk.doc.Find(`section[aria-labelledby="hours-title"]`)
	if got := strings.TrimSpace(hours.Find(`p[lang="uk"]`).Text()); got != o.HoursNoteUK {
		t.Errorf("Ukrainian page: hours note %q", got)
	}
	if got := uk.doc.Find(`meta[name=description]`).AttrOr("content", ""); !strings.Contains(got, "Допомагаємо") {
		t.Errorf("Ukrainian page: meta description %q", got)
	}

	// English was not given: the Polish text, marked and noted.
	en := s.get("/en/organizacje/" + seniorsSlug)
	scope = en.doc.Find(`section[aria-labelledby="scope-title"]`)
	if got := strings.TrimSpace(scope.Find(`p[lang="pl"]`).First().Text()); got == "" || !strings.HasPrefix(o.Description, got) {
		t.Errorf("English page: description %q, want the Polish one", got)
	}
	if got := strings.TrimSpace(scope.Find(".content-note").Text()); got != cat.Lang("en").T("content_in_polish") {
		t.Errorf("English page: note %q", got)
	}
	hours = en.doc.Find(`section[aria-labelledby="hours-title"]`)
	if hours.Find(`p[lang="pl"]`).Text() != o.HoursNote || hours.Find(".content-note").Length() != 1 {
		t.Errorf("English page: hours note %q not the Polish one with its note", hours.Find(`p[lang="pl"]`).Text())
	}

	// The Polish page is as it was: no translation, no note.
	pl := s.get("/organizacje/" + seniorsSlug)
	if pl.doc.Find(".content-note").Length() != 0 || strings.Contains(pl.body, "Допомагаємо") {
		t.Error("the Polish page shows the translation or a note")
	}

	// A Ukrainian word of the translation finds it; the result shows the
	// Ukrainian description.
	res := s.get("/uk/organizacje?q=" + url.QueryEscape("ковдрами"))
	items := res.doc.Find(".result")
	if items.Length() != 1 || !strings.Contains(items.Find(".result__name a").AttrOr("href", ""), seniorsSlug) {
		t.Fatalf("search for a Ukrainian word: %d results", items.Length())
	}
	if d := items.Find(`.result__description[lang="uk"]`).Text(); !strings.Contains(d, "Допомагаємо") {
		t.Errorf("result description %q", d)
	}
	// Stems as the Polish ones do: a word's start finds it too.
	if n := s.get("/uk/organizacje?q=" + url.QueryEscape("ковдри")).doc.Find(".result").Length(); n != 1 {
		t.Errorf("search for ковдри: %d results", n)
	}
	if d := s.get("/en/organizacje?q=" + url.QueryEscape("ковдрами")).doc.Find(`.result__description[lang="pl"]`); d.Length() != 1 {
		t.Error("English result without the Polish description marked")
	}
	// The embed follows the language as the pages do.
	if e := s.get("/uk/osadz/organizacje/" + seniorsSlug); e.status != http.StatusOK || !strings.Contains(e.doc.Find(`p[lang="uk"]`).Text(), "Допомагаємо") {
		t.Errorf("the Ukrainian embed (%d) does not show the translation", e.status)
	}
	if e := s.get("/en/osadz/organizacje/" + seniorsSlug); e.doc.Find(".content-note").Length() != 2 {
		t.Errorf("the English embed has %d notes, want the description's and the hours note's", e.doc.Find(".content-note").Length())
	}
}

func TestSiteTextsFallBackToPolish(t *testing.T) {
	s := newSite(t)
	cat := catalogue(t)
	ctx := context.Background()
	st, err := s.store.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	polish := st.Texts.Get(sitetext.A11yBuilding)
	if polish == "" {
		t.Fatal("the demo has no statement text")
	}
	// Nothing translated: the Polish text, marked, with the note.
	for _, lang := range []string{"uk", "en"} {
		p := s.get("/" + lang + "/deklaracja-dostepnosci")
		sec := p.doc.Find("#a11y-architektura").NextUntil("h2")
		if !strings.Contains(sec.Filter(`[lang="pl"]`).Text(), strings.Split(polish, "\n")[0]) {
			t.Errorf("%s: the building's text is not the Polish one marked lang=pl: %q", lang, sec.Text())
		}
		if got := strings.TrimSpace(sec.Filter(".content-note").Text()); got != cat.Lang(lang).T("sitetext_in_polish") {
			t.Errorf("%s: note %q", lang, got)
		}
	}
	if p := s.get("/deklaracja-dostepnosci"); p.doc.Find(".content-note").Length() != 0 {
		t.Error("the Polish statement carries a note")
	}

	// Staff translate it into English: English shows it, Ukrainian still
	// falls back.
	next := sitetext.Texts{}
	for k, v := range st.Texts {
		next[k] = v
	}
	next[sitetext.TranslationKey(sitetext.A11yBuilding, "en")] = "A step-free entrance from Słowiańska Street."
	next[sitetext.TranslationKey(sitetext.ControllerName, "en")] = "The Director of the Municipal Family Support Centre"
	if errs := next.Validate(); errs != nil {
		t.Fatal(errs)
	}
	if err := s.store.SaveSiteTexts(ctx, next, st.Version, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.publishNow(ctx, "test", accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	en := s.get("/en/deklaracja-dostepnosci")
	sec := en.doc.Find("#a11y-architektura").NextUntil("h2")
	if !strings.Contains(sec.Text(), "A step-free entrance") || sec.Filter(".content-note").Length() != 0 || sec.Find(`[lang="pl"]`).Length() != 0 {
		t.Errorf("English statement: %q", sec.Text())
	}
	uk := s.get("/uk/deklaracja-dostepnosci")
	if uk.doc.Find("#a11y-architektura").NextUntil("h2").Filter(".content-note").Length() != 1 {
		t.Error("the Ukrainian statement lost its note")
	}
	privacy := s.get("/en/prywatnosc")
	if !strings.Contains(privacy.doc.Find("main").Text(), "The Director of the Municipal Family Support Centre") {
		t.Error("the English privacy page does not name the controller in English")
	}
}

// An organisation that writes in English gets its moderation diff with
// labels, and MOPR's later reminder and pre-filled form in English.
func TestSubmissionLanguageIsRemembered(t *testing.T) {
	k := startSMTPSink(t)
	m, err := mail.New("smtp://"+k.addr, "MOPR Leszno <no-reply@mopr.example.org>")
	if err != nil {
		t.Fatal(err)
	}
	s := mailSite(t, m)
	ctx := context.Background()
	anon := s.browser(t)
	page := anon.get("/en/zglos/zmiana/" + seniorsSlug)
	if page.status != http.StatusOK {
		t.Fatalf("GET the English report form: %d", page.status)
	}
	if l := page.doc.Find("textarea#description_en").AttrOr("lang", ""); l != "en" {
		t.Errorf("the English description's box has lang %q", l)
	}
	form := fill(t, s, formValues(t, page, "form.submit-form"))
	form.Set("description_en", "We help older people with shopping.")
	form.Set("submitter_email", "ewa@example.org")
	if a := anon.post("/en/zglos/zmiana/"+seniorsSlug, form); a.status != http.StatusSeeOther {
		t.Fatalf("report: %d: %s", a.status, a.doc.Find(".error-summary").Text())
	}
	subs, err := s.store.Submissions(ctx, submission.StatusNew)
	if err != nil || len(subs) != 1 {
		t.Fatalf("%d submissions, %v", len(subs), err)
	}
	if subs[0].Language != "en" || subs[0].Payload.DescriptionEN != "We help older people with shopping." {
		t.Errorf("submission in %q with %q", subs[0].Language, subs[0].Payload.DescriptionEN)
	}

	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	mod := b.get("/admin/zgloszenia/" + itoa(subs[0].ID))
	row := mod.doc.Find("table.changes tr").FilterFunction(func(_ int, r *goquery.Selection) bool {
		return strings.Contains(r.Text(), "We help older people")
	})
	if !strings.Contains(row.Text(), "Opis działalności po angielsku") {
		t.Errorf("the diff does not label the English description: %q", row.Text())
	}
	if facts := mod.doc.Find("dl.facts").Text(); !strings.Contains(facts, "Język formularza") || !strings.Contains(facts, "angielski") {
		t.Errorf("the submission does not say its form was English: %q", facts)
	}

	org, err := s.store.Organisation(ctx, seniorsSlug)
	if err != nil {
		t.Fatal(err)
	}
	a := b.post("/admin/weryfikacja/"+org.ID+"/przypomnienie", url.Values{})
	if a.status != http.StatusSeeOther {
		t.Fatalf("send reminder: %d", a.status)
	}
	var raw []byte
	select {
	case raw = <-k.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no reminder arrived")
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	en := catalogue(t).Lang("en")
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if want := en.T("verify_mail_subject", map[string]string{"Name": org.Name}); subject != want {
		t.Errorf("Subject %q, want the English %q", subject, want)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if !regexp.MustCompile(`https://bank\.example\.org/en/zglos/[A-Za-z0-9_-]{20,}`).Match(body) || strings.Contains(string(body), "Dzień dobry") {
		t.Errorf("body not English with an English link: %q", body)
	}

	resp, err := b.c.Get(b.base + "/admin/organizacje/" + org.ID + "/formularz.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	pdf, _ := io.ReadAll(resp.Body)
	text := pdfText(t, pdf)
	if !strings.Contains(text, "https://bank.example.org/en/zglos") || strings.Contains(text, "Obszary pomocy") {
		t.Error("the pre-filled form is not in English")
	}
}

// The feed of publications reads in Ukrainian under /uk, linking to the
// Ukrainian pages; the Polish one is as it was.
func TestFeedInUkrainian(t *testing.T) {
	s := newSite(t)
	translate(t, s, seniorsSlug, "Допомагаємо.", "")
	uk := catalogue(t).Lang("uk")
	p := s.get("/uk/publikacje.atom")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("GET /uk/publikacje.atom: %d %q", p.status, p.header.Get("Content-Type"))
	}
	var feed struct {
		Title string `xml:"title"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			Title   string `xml:"title"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(p.body), &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Title != uk.T("embed_feed_title") || len(feed.Entries) < 2 {
		t.Fatalf("feed %q with %d entries", feed.Title, len(feed.Entries))
	}
	if want := uk.T("embed_feed_entry_title", map[string]int{"Number": len(feed.Entries)}); feed.Entries[0].Title != want {
		t.Errorf("entry %q, want %q", feed.Entries[0].Title, want)
	}
	if !strings.Contains(feed.Entries[0].Content, "http://example.com/uk/organizacje/"+seniorsSlug) ||
		!strings.Contains(feed.Entries[0].Content, uk.T("field_description_uk")) {
		t.Errorf("the entry does not link the Ukrainian page or name the changed field in Ukrainian: %s", feed.Entries[0].Content)
	}
	for _, l := range feed.Links {
		if l.Rel == "self" && l.Href != "http://example.com/uk/publikacje.atom" {
			t.Errorf("self link %q", l.Href)
		}
	}
	if page := s.get("/uk/organizacje"); page.doc.Find(`a[href="/uk/publikacje.atom"]`).Length() != 1 {
		t.Error("the Ukrainian list does not link the Ukrainian feed")
	}
	if pl := s.get("/publikacje.atom"); !strings.Contains(pl.body, "Publikacja nr "+strconv.Itoa(len(feed.Entries))) {
		t.Error("the Polish feed changed")
	}
}
