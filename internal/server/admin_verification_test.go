package server_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/emersion/go-smtp"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/mail"
	"github.com/mopr-leszno/portal/internal/server"
)

// mailSite is newSite with a mail server (nil: none) and a fixed public
// address.
func mailSite(t *testing.T, mailer server.Mailer) *site {
	t.Helper()
	return newSite(t, func(d *server.Deps) {
		d.BaseURL = "https://bank.example.org"
		d.Mailer = mailer
	})
}

// publish makes the working copy public.
func (s *site) publish() {
	s.t.Helper()
	if _, err := s.publishNow(context.Background(), "test", accounts.Audit{ActorEmail: "test"}); err != nil {
		s.t.Fatal(err)
	}
}

// smtpSink is a real SMTP server on the loopback that keeps every message.
type smtpSink struct {
	addr string
	got  chan []byte
}

type sinkSession struct{ k *smtpSink }

func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err == nil {
		s.k.got <- b
	}
	return err
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	k := &smtpSink{got: make(chan []byte, 4)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return sinkSession{k}, nil }))
	srv.Domain = "sink.test"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return k
}

// staleAndFresh adds two organisations: one last verified two years ago,
// one verified a month ago.
func staleAndFresh(t *testing.T, s *site) (stale, fresh *directory.Organisation) {
	t.Helper()
	mk := func(slug, name, verified string) *directory.Organisation {
		d, _ := time.Parse(time.DateOnly, verified)
		o := &directory.Organisation{Slug: slug, Name: name, LegalForm: directory.FormAssociation,
			Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
			Description: "Organizacja " + name + ".", Categories: []string{"ubostwo"},
			Emails: []string{slug + "@example.org"}, VerifiedOn: &d}
		if err := s.store.CreateOrganisation(context.Background(), o, accounts.Audit{ActorEmail: "test"}); err != nil {
			t.Fatal(err)
		}
		return o
	}
	return mk("zapomniane-zrodlo", "Stowarzyszenie Zapomniane Źródło", "2024-10-01"),
		mk("swieza-zielen", "Fundacja Świeża Zieleń", "2026-10-01")
}

func TestVerificationListAndMarkVerified(t *testing.T) {
	s := newSite(t)
	stale, fresh := staleAndFresh(t, s)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	list := b.get("/admin/weryfikacja")
	if list.status != http.StatusOK {
		t.Fatalf("list: %d", list.status)
	}
	row := list.doc.Find("#org-" + stale.ID)
	if row.Length() != 1 {
		t.Fatalf("the organisation verified two years ago is not listed")
	}
	if got := row.Find(".verified-on").Text(); !strings.Contains(got, "2024-10-01") {
		t.Errorf("last verified = %q", got)
	}
	if got := row.Find(".email").Text(); !strings.Contains(got, "zapomniane-zrodlo@example.org") {
		t.Errorf("e-mail = %q", got)
	}
	if list.doc.Find("#org-"+fresh.ID).Length() != 0 {
		t.Error("the organisation verified a month ago is listed")
	}
	if list.doc.Find("form[action$='/przypomnienie'] button").First().Text() == "" {
		t.Error("no reminder button")
	}

	// The dashboard counts the same organisations and links to the list.
	n, err := s.store.CountStale(context.Background(), monday1030, 12)
	if err != nil {
		t.Fatal(err)
	}
	link := b.get("/admin").doc.Find("a[href='/admin/weryfikacja']").FilterFunction(func(_ int, a *goquery.Selection) bool {
		return strings.Contains(a.Text(), "do weryfikacji")
	})
	if got := strings.TrimSpace(link.Text()); !strings.HasPrefix(got, strconv.Itoa(n)+" organizac") {
		t.Errorf("dashboard says %q, want %d organisations to verify", got, n)
	}

	// A version the list no longer matches is refused.
	a := b.post("/admin/weryfikacja/"+stale.ID+"/zweryfikowano", url.Values{"version": {strconv.Itoa(stale.Version - 1)}})
	if a.status != http.StatusSeeOther || !strings.Contains(a.location, "konflikt") {
		t.Errorf("stale version: %d to %q", a.status, a.location)
	}
	version, _ := row.Find("input[name=version]").Attr("value")
	a = b.post("/admin/weryfikacja/"+stale.ID+"/zweryfikowano", url.Values{"version": {version}})
	if a.status != http.StatusSeeOther {
		t.Fatalf("zweryfikowano dziś: %d %s", a.status, a.body)
	}
	after := b.get(a.location)
	if after.doc.Find("#org-"+stale.ID).Length() != 0 {
		t.Error("still listed after zweryfikowano dziś")
	}
	if !strings.Contains(after.doc.Find("[role=status]").Text(), "Zapisano weryfikację") {
		t.Errorf("notice = %q", after.doc.Find("[role=status]").Text())
	}
	s.publish()
	pub := s.get("/organizacje/zapomniane-zrodlo")
	if got := pub.doc.Find(".verified").Text(); !strings.Contains(got, "Dane aktualne na: 23 listopada 2026") {
		t.Errorf("public page says %q, want the date of the check (23 listopada 2026)", got)
	}
	hist := b.get("/admin/organizacje/" + stale.ID + "/historia")
	if !strings.Contains(hist.doc.Text(), "Weryfikacja danych") {
		t.Error("the history does not show the verification")
	}
}

func TestPublicPageFallsBackToLastChange(t *testing.T) {
	s := newSite(t)
	o := &directory.Organisation{Slug: "niesprawdzona", Name: "Niesprawdzona", LegalForm: directory.FormAssociation,
		Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
		Description: "Organizacja.", Categories: []string{"ubostwo"}}
	if err := s.store.CreateOrganisation(context.Background(), o, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	s.publish()
	got := s.get("/organizacje/niesprawdzona").doc.Find(".verified").Text()
	want := "Dane aktualne na: " + strconv.Itoa(time.Now().In(directory.Warsaw).Day())
	if !strings.Contains(got, want) || !strings.Contains(got, "data ostatniej zmiany") {
		t.Errorf("public page says %q; want %q… with the date of the last change, saying so", got, want)
	}
}

func TestReminderWithoutMailServerIsMailtoLink(t *testing.T) {
	s := mailSite(t, nil)
	stale, _ := staleAndFresh(t, s)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	list := b.get("/admin/weryfikacja")
	if !strings.Contains(list.doc.Text(), "SMTP_URL") {
		t.Error("the list does not say mail is not configured")
	}
	a := b.post("/admin/weryfikacja/"+stale.ID+"/przypomnienie", url.Values{})
	if a.status != http.StatusOK {
		t.Fatalf("prepare reminder: %d", a.status)
	}
	href, ok := a.doc.Find("a.mailto").Attr("href")
	if !ok {
		t.Fatalf("no mailto link in %s", a.doc.Find("main").Text())
	}
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "mailto" || u.Opaque != "zapomniane-zrodlo@example.org" {
		t.Fatalf("mailto link %q (%v)", href, err)
	}
	if strings.Contains(u.RawQuery, "+") || strings.Contains(u.RawQuery, " ") {
		t.Errorf("spaces in the mailto link are not %%20: %q", u.RawQuery)
	}
	q := u.Query()
	if !strings.Contains(q.Get("subject"), "Stowarzyszenie Zapomniane Źródło") {
		t.Errorf("subject = %q", q.Get("subject"))
	}
	if !regexp.MustCompile(`https://bank\.example\.org/zglos/[A-Za-z0-9_-]{20,}`).MatchString(q.Get("body")) {
		t.Errorf("body has no update link: %q", q.Get("body"))
	}
	if !strings.Contains(q.Get("body"), "Dzień dobry") {
		t.Errorf("body = %q", q.Get("body"))
	}
	row := b.get("/admin/weryfikacja").doc.Find("#org-" + stale.ID + " .last-reminder").Text()
	if !strings.Contains(row, "przygotowane do wysłania na zapomniane-zrodlo@example.org") {
		t.Errorf("last reminder = %q", row)
	}
}

func TestReminderThroughSMTP(t *testing.T) {
	k := startSMTPSink(t)
	m, err := mail.New("smtp://"+k.addr, "MOPR Leszno <no-reply@mopr.example.org>")
	if err != nil {
		t.Fatal(err)
	}
	s := mailSite(t, m)
	stale, _ := staleAndFresh(t, s)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)

	a := b.post("/admin/weryfikacja/"+stale.ID+"/przypomnienie", url.Values{})
	if a.status != http.StatusSeeOther || !strings.Contains(a.location, "wyslano") {
		t.Fatalf("send reminder: %d to %q: %s", a.status, a.location, a.doc.Find("main").Text())
	}
	var raw []byte
	select {
	case raw = <-k.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no reminder arrived at the SMTP server")
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if to := msg.Header.Get("To"); !strings.Contains(to, "zapomniane-zrodlo@example.org") {
		t.Errorf("To = %q", to)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if !strings.Contains(subject, "Stowarzyszenie Zapomniane Źródło") {
		t.Errorf("Subject = %q", subject)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if !regexp.MustCompile(`https://bank\.example\.org/zglos/[A-Za-z0-9_-]{20,}`).Match(body) || !strings.Contains(string(body), "Dzień dobry") {
		t.Errorf("body = %q", body)
	}

	after := b.get(a.location)
	if !strings.Contains(after.doc.Find("[role=status]").Text(), "Wysłano przypomnienie") {
		t.Errorf("notice = %q", after.doc.Find("[role=status]").Text())
	}
	if row := after.doc.Find("#org-" + stale.ID + " .last-reminder").Text(); !strings.Contains(row, "wysłane na zapomniane-zrodlo@example.org") {
		t.Errorf("last reminder = %q", row)
	}
	log, err := s.store.AuditLog(context.Background(), accounts.AuditVerificationReminder, "", 5)
	if err != nil || len(log) != 1 || log[0].ActorEmail != "redaktor@example.org" {
		t.Errorf("audit: %+v %v", log, err)
	}
}

func TestReminderWhenMailServerIsDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	m, err := mail.New("smtp://"+addr, "no-reply@mopr.example.org")
	if err != nil {
		t.Fatal(err)
	}
	s := mailSite(t, m)
	stale, _ := staleAndFresh(t, s)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	a := b.post("/admin/weryfikacja/"+stale.ID+"/przypomnienie", url.Values{})
	if a.status != http.StatusBadGateway || !strings.Contains(a.doc.Find("[role=alert]").Text(), "Nie udało się wysłać") {
		t.Errorf("with the mail server down: %d, %q", a.status, a.doc.Find("[role=alert]").Text())
	}
	if row := a.doc.Find("#org-" + stale.ID + " .last-reminder").Text(); !strings.Contains(row, "nie wysyłano") {
		t.Errorf("a failed reminder was recorded: %q", row)
	}
}

// VERIFY_MONTHS is one rule: with 6 months, data checked 8 months ago is
// not verified both in the verification list and in the admin list's
// filter, and data checked 4 months ago is verified in both.
func TestVerifyMonthsGovernsTheAdminListFilter(t *testing.T) {
	s := newSite(t, func(d *server.Deps) { d.VerifyMonths = 6 })
	ctx := t.Context()
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	old, err := s.store.Organisation(ctx, "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := s.store.Organisation(ctx, "fundacja-przykladowa-cieply-posilek")
	if err != nil {
		t.Fatal(err)
	}
	for slug, on := range map[string]time.Time{old.Slug: monday1030.AddDate(0, -8, 0), fresh.Slug: monday1030.AddDate(0, -4, 0)} {
		if _, err := s.store.Pool().Exec(ctx, `UPDATE organisation SET verified_on = $2 WHERE slug = $1`, slug, on.Format(time.DateOnly)); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/admin/weryfikacja", "/admin/organizacje?filtr=nieweryfikowane"} {
		main := b.get(path).doc.Find("main").Text()
		if !strings.Contains(main, old.Name) {
			t.Errorf("%s: verified 8 months ago, not listed with VERIFY_MONTHS=6", path)
		}
		if strings.Contains(main, fresh.Name) {
			t.Errorf("%s: verified 4 months ago, listed with VERIFY_MONTHS=6", path)
		}
	}
}
