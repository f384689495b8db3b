package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/argon2id"
	"github.com/pquerna/otp/totp"

	"github.com/mopr-leszno/portal/internal/accounts"
)

const (
	testPassword = "zielone-jabłko-na-rowerze"
	totpSecret   = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

// browser is an HTTP client with cookies and no automatic redirects, over
// the real server.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (s *site) browser(t *testing.T) *browser {
	t.Helper()
	srv := httptest.NewServer(s.h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type answer struct {
	status   int
	location string
	body     string
	doc      *goquery.Document
}

func (b *browser) send(method, path string, form url.Values, header map[string]string) answer {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(raw)}
	a.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(a.body))
	return a
}

func (b *browser) get(path string) answer { b.t.Helper(); return b.send("GET", path, nil, nil) }
func (b *browser) post(path string, form url.Values) answer {
	b.t.Helper()
	return b.send("POST", path, form, nil)
}

// account creates a staff account with testPassword; an administrator also
// gets two-factor sign-in with totpSecret.
func (s *site) account(t *testing.T, email string, role accounts.Role) *accounts.User {
	t.Helper()
	ctx := context.Background()
	hash, err := accounts.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &accounts.User{Email: email, Role: role, PasswordHash: hash}
	if err := s.store.CreateUser(ctx, u, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	if role == accounts.Administrator {
		if err := s.store.EnableTOTP(ctx, u.ID, totpSecret, 0, []string{accounts.HashRecoveryCode("aaaaa-bbbbb")}, accounts.Audit{}); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// signIn goes through the sign-in form (and the code form for an
// administrator) and fails the test unless it ends on /admin.
func (b *browser) signIn(email string, code func() string) {
	b.t.Helper()
	a := b.post("/admin/logowanie", url.Values{"email": {email}, "password": {testPassword}})
	if a.status == http.StatusSeeOther && a.location == "/admin/logowanie/kod" {
		a = b.post("/admin/logowanie/kod", url.Values{"code": {code()}})
	}
	if a.status != http.StatusSeeOther || a.location != "/admin" {
		b.t.Fatalf("sign-in of %s ended with %d to %q", email, a.status, a.location)
	}
}

func (s *site) code() string {
	c, err := totp.GenerateCode(totpSecret, monday1030)
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// Every admin route: anonymous → the sign-in page; an editor on an
// administrator's route → 403; the right role → through.
func TestAdminRoutesCheckRoles(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	editorUser := s.account(t, "redaktor@example.org", accounts.Editor)
	anon := s.browser(t)
	editor := s.browser(t)
	editor.signIn("redaktor@example.org", nil)
	administrator := s.browser(t)
	administrator.signIn("admin@example.org", s.code)
	demo, err := s.store.Organisation(t.Context(), "fundacja-przykladowa-cieply-posilek")
	if err != nil {
		t.Fatal(err)
	}
	demoID := demo.ID

	routes := []struct {
		method, path string
		role         accounts.Role
		form         url.Values
	}{
		{"GET", "/admin", accounts.Editor, nil},
		{"GET", "/admin/haslo", accounts.Editor, nil},
		{"GET", "/admin/2fa", accounts.Editor, nil},
		{"GET", "/admin/organizacje", accounts.Editor, nil},
		{"GET", "/admin/organizacje/nowa", accounts.Editor, nil},
		{"GET", "/admin/kosz", accounts.Editor, nil},
		{"GET", "/admin/strategia", accounts.Editor, nil},
		{"GET", "/admin/strategia/ii-9-2", accounts.Editor, nil},
		{"GET", "/admin/strategia/ii-9-2/historia", accounts.Editor, nil},
		{"GET", "/admin/strategia/struktura", accounts.Editor, nil},
		{"GET", "/admin/strategia/kosz", accounts.Editor, nil},
		{"GET", "/admin/strategia/cele/nowy?w=1", accounts.Editor, nil},
		{"GET", "/admin/strategia/cele/1/historia", accounts.Editor, nil},
		{"POST", "/admin/strategia/kosz/oproznij", accounts.Administrator, url.Values{}},
		{"GET", "/admin/publikacje", accounts.Editor, nil},
		{"GET", "/admin/publikacje/1", accounts.Editor, nil},
		{"GET", "/admin/podglad/organizacje", accounts.Editor, nil},
		{"GET", "/admin/zgloszenia", accounts.Editor, nil},
		{"GET", "/admin/zgloszenia/nowe", accounts.Editor, nil},
		{"GET", "/admin/weryfikacja", accounts.Editor, nil},
		{"GET", "/admin/osadzanie", accounts.Editor, nil},
		{"POST", "/admin/kosz/oproznij", accounts.Administrator, url.Values{}},
		{"POST", "/admin/publikacje", accounts.Administrator, url.Values{"note": {"test"}}},
		{"GET", "/admin/publikacje/1/przywroc", accounts.Administrator, nil},
		{"POST", "/admin/publikacje/1/przywroc", accounts.Administrator, url.Values{}},
		{"GET", "/admin/organizacje/" + demoID + "/rodo", accounts.Administrator, nil},
		{"GET", "/admin/uzytkownicy", accounts.Administrator, nil},
		{"POST", "/admin/uzytkownicy", accounts.Administrator, url.Values{"email": {"nowy@example.org"}, "role": {"redaktor"}}},
		{"POST", "/admin/uzytkownicy/" + itoa(editorUser.ID) + "/blokada", accounts.Administrator, url.Values{"disabled": {"nie"}}},
		{"GET", "/admin/dziennik", accounts.Administrator, nil},
		// Last: it ends the editor's sessions.
		{"POST", "/admin/uzytkownicy/" + itoa(editorUser.ID) + "/reset", accounts.Administrator, url.Values{}},
	}
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			if a := anon.send(rt.method, rt.path, rt.form, nil); a.status != http.StatusSeeOther || a.location != "/admin/logowanie" {
				t.Errorf("anonymous: %d to %q, want a redirect to the sign-in page", a.status, a.location)
			}
			if rt.role == accounts.Administrator {
				if a := editor.send(rt.method, rt.path, rt.form, nil); a.status != http.StatusForbidden {
					t.Errorf("editor: %d, want 403", a.status)
				}
			}
			a := administrator.send(rt.method, rt.path, rt.form, nil)
			if a.status != http.StatusOK && a.status != http.StatusSeeOther {
				t.Errorf("administrator: %d", a.status)
			}
			if a.status == http.StatusSeeOther && strings.HasPrefix(a.location, "/admin/logowanie") {
				t.Errorf("administrator sent to sign in")
			}
		})
	}
	// The editor route table must stay the editor's: the reset above ended
	// the editor's sessions.
	if a := editor.get("/admin"); a.location != "/admin/logowanie" {
		t.Errorf("after a forced reset the editor's session still works: %d %q", a.status, a.location)
	}
}

func TestSignInFailuresLookAlike(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	wrongUser := b.post("/admin/logowanie", url.Values{"email": {"nikt@example.org"}, "password": {testPassword}})
	wrongPassword := b.post("/admin/logowanie", url.Values{"email": {"redaktor@example.org"}, "password": {"zle-haslo-zle-haslo"}})
	if wrongUser.status != http.StatusUnauthorized || wrongPassword.status != http.StatusUnauthorized ||
		wrongUser.doc.Find(".error-summary").Text() != wrongPassword.doc.Find(".error-summary").Text() {
		t.Errorf("wrong user %d %q, wrong password %d %q: want the same answer",
			wrongUser.status, wrongUser.doc.Find(".error-summary").Text(), wrongPassword.status, wrongPassword.doc.Find(".error-summary").Text())
	}
	if v, _ := wrongPassword.doc.Find("#email").Attr("value"); v != "redaktor@example.org" {
		t.Errorf("the e-mail typed is not kept: %q", v)
	}
	// And the address is throttled: after ten sign-in requests in a
	// minute, 429 whatever the e-mail.
	for i := 3; i <= 10; i++ {
		if a := b.post("/admin/logowanie", url.Values{"email": {"x" + strconv.Itoa(i) + "@example.org"}, "password": {"y"}}); a.status == http.StatusTooManyRequests {
			t.Errorf("attempt %d throttled already", i)
		}
	}
	if a := b.post("/admin/logowanie", url.Values{"email": {"x11@example.org"}, "password": {"y"}}); a.status != http.StatusTooManyRequests {
		t.Errorf("eleventh attempt: %d, want 429", a.status)
	}
	log, err := s.store.AuditLog(context.Background(), accounts.AuditLoginFailed, "", 100)
	if err != nil || len(log) != 10 {
		t.Errorf("audit log has %d failed logins, %v; want 10", len(log), err)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	a := b.send("POST", "/admin/logowanie", url.Values{"email": {"redaktor@example.org"}, "password": {testPassword}},
		map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	if a.status != http.StatusForbidden || !strings.Contains(a.doc.Find("h1").Text(), "Żądanie odrzucone") {
		t.Errorf("cross-origin sign-in: %d %q", a.status, a.doc.Find("h1").Text())
	}
	if c := a.doc.Find("footer .mopr-contact").Text(); !strings.Contains(c, "Miejski Ośrodek Pomocy Rodzinie") {
		t.Errorf("the refusal's footer without MOPR's contact: %q", c)
	}
}

func TestAdministratorNeedsTheSecondFactor(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	a := b.post("/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {testPassword}})
	if a.location != "/admin/logowanie/kod" {
		t.Fatalf("after the password: %d to %q", a.status, a.location)
	}
	if a := b.get("/admin"); a.location != "/admin/logowanie" {
		t.Errorf("the password alone opened the admin area: %d %q", a.status, a.location)
	}
	if a := b.post("/admin/logowanie/kod", url.Values{"code": {"000000"}}); a.status != http.StatusUnauthorized {
		t.Errorf("a wrong code: %d", a.status)
	}
	// A recovery code works once.
	if a := b.post("/admin/logowanie/kod", url.Values{"code": {"AAAAA-BBBBB"}}); a.location != "/admin" {
		t.Fatalf("recovery code: %d %q", a.status, a.location)
	}
	c := s.browser(t)
	c.post("/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {testPassword}})
	if a := c.post("/admin/logowanie/kod", url.Values{"code": {"aaaaa-bbbbb"}}); a.status != http.StatusUnauthorized {
		t.Errorf("a used recovery code worked again: %d", a.status)
	}
	// The authenticator's code works, but only once.
	code := s.code()
	if a := c.post("/admin/logowanie/kod", url.Values{"code": {code}}); a.location != "/admin" {
		t.Fatalf("code: %d %q", a.status, a.location)
	}
	d := s.browser(t)
	d.post("/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {testPassword}})
	if a := d.post("/admin/logowanie/kod", url.Values{"code": {code}}); a.status != http.StatusUnauthorized {
		t.Errorf("a replayed code worked: %d", a.status)
	}
}

// A new administrator sets up two-factor sign-in before anything else and
// gets recovery codes once.
func TestAdministratorWithoutTOTPMustSetItUp(t *testing.T) {
	s := newSite(t)
	hash, _ := accounts.HashPassword(testPassword)
	u := &accounts.User{Email: "nowy@example.org", Role: accounts.Administrator, PasswordHash: hash}
	if err := s.store.CreateUser(context.Background(), u, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	b := s.browser(t)
	b.signIn("nowy@example.org", nil)
	if a := b.get("/admin/uzytkownicy"); a.location != "/admin/2fa" {
		t.Fatalf("before 2FA: %d to %q", a.status, a.location)
	}
	setup := b.get("/admin/2fa")
	secret := strings.TrimSpace(setup.doc.Find("code.secret").Text())
	if src, _ := setup.doc.Find("img").Attr("src"); !strings.HasPrefix(src, "data:image/png;base64,") || secret == "" {
		t.Fatalf("setup page: img %q, secret %q", src, secret)
	}
	if a := b.post("/admin/2fa", url.Values{"code": {"123456"}}); a.status != http.StatusUnprocessableEntity || a.doc.Find(".field-error").Length() != 1 {
		t.Errorf("wrong confirmation code: %d", a.status)
	}
	// The page above made a new secret; confirm with the current one.
	setup = b.get("/admin/2fa")
	secret = strings.TrimSpace(setup.doc.Find("code.secret").Text())
	code, _ := totp.GenerateCode(secret, monday1030)
	if a := b.post("/admin/2fa", url.Values{"code": {code}}); a.location != "/admin/2fa" {
		t.Fatalf("confirm: %d %q", a.status, a.location)
	}
	done := b.get("/admin/2fa")
	if n := done.doc.Find(".recovery-codes li").Length(); n != 10 {
		t.Errorf("%d recovery codes shown, want 10", n)
	}
	if again := b.get("/admin/2fa"); again.doc.Find(".recovery-codes li").Length() != 0 {
		t.Error("recovery codes shown twice")
	}
	if a := b.get("/admin/uzytkownicy"); a.status != http.StatusOK {
		t.Errorf("after 2FA: %d", a.status)
	}
}

// Changing the password keeps what was typed on error, and on success ends
// every session of the account.
func TestPasswordChange(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b, other := s.browser(t), s.browser(t)
	b.signIn("redaktor@example.org", nil)
	other.signIn("redaktor@example.org", nil)

	a := b.post("/admin/haslo", url.Values{"current": {testPassword}, "new": {"haslo123"}, "repeat": {"inne"}})
	if a.status != http.StatusUnprocessableEntity {
		t.Fatalf("weak password accepted: %d", a.status)
	}
	errs := map[string]string{}
	a.doc.Find(".field--error").Each(func(_ int, f *goquery.Selection) {
		id, _ := f.Find("input").Attr("id")
		errs[id] = strings.TrimSpace(f.Find(".field-error").Text())
	})
	if !strings.Contains(errs["new"], "12 znaków") || !strings.Contains(errs["repeat"], "nie są takie same") || errs["current"] != "" {
		t.Errorf("field errors = %v", errs)
	}
	if a.doc.Find(".error-summary a[href='#new']").Length() != 1 {
		t.Error("no error summary linking to the field")
	}

	next := "nowe-długie-hasło-do-panelu"
	if a := b.post("/admin/haslo", url.Values{"current": {testPassword}, "new": {next}, "repeat": {next}}); a.location != "/admin/logowanie" {
		t.Fatalf("change: %d %q", a.status, a.location)
	}
	if a := other.get("/admin"); a.location != "/admin/logowanie" {
		t.Errorf("another session survived the password change: %d %q", a.status, a.location)
	}
	if a := b.post("/admin/logowanie", url.Values{"email": {"redaktor@example.org"}, "password": {next}}); a.location != "/admin" {
		t.Errorf("sign-in with the new password: %d %q", a.status, a.location)
	}
}

func TestAdministratorCreatesAnAccount(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)
	bad := b.post("/admin/uzytkownicy", url.Values{"email": {"to nie adres"}, "name": {"Ewa"}, "role": {"redaktor"}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad e-mail: %d", bad.status)
	}
	if v, _ := bad.doc.Find("#email").Attr("value"); v != "to nie adres" {
		t.Errorf("typed e-mail not kept: %q", v)
	}
	if a := b.post("/admin/uzytkownicy", url.Values{"email": {"Ewa@Example.org"}, "name": {"Ewa"}, "role": {"redaktor"}}); a.location != "/admin/uzytkownicy" {
		t.Fatalf("create: %d %q", a.status, a.location)
	}
	list := b.get("/admin/uzytkownicy")
	password := strings.TrimSpace(list.doc.Find(".note-box code.secret").Text())
	if len(password) != 20 {
		t.Fatalf("generated password %q not shown", password)
	}
	// The new person signs in with it and must choose their own.
	c := s.browser(t)
	if a := c.post("/admin/logowanie", url.Values{"email": {"ewa@example.org"}, "password": {password}}); a.location != "/admin" {
		t.Fatalf("new account sign-in: %d %q", a.status, a.location)
	}
	if a := c.get("/admin"); a.location != "/admin/haslo" {
		t.Errorf("a generated password need not be changed: %d %q", a.status, a.location)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDisablingEndsSessionsAndSignIns(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	ed := s.account(t, "redaktor@example.org", accounts.Editor)
	admin, editor := s.browser(t), s.browser(t)
	admin.signIn("admin@example.org", s.code)
	editor.signIn("redaktor@example.org", nil)
	if a := admin.post("/admin/uzytkownicy/"+itoa(ed.ID)+"/blokada", url.Values{"disabled": {"tak"}}); a.location != "/admin/uzytkownicy" {
		t.Fatalf("disable: %d %q", a.status, a.location)
	}
	if a := editor.get("/admin"); a.location != "/admin/logowanie" {
		t.Errorf("a disabled account's session still works: %d %q", a.status, a.location)
	}
	if a := editor.post("/admin/logowanie", url.Values{"email": {"redaktor@example.org"}, "password": {testPassword}}); a.status != http.StatusUnauthorized {
		t.Errorf("a disabled account signed in: %d", a.status)
	}
	// An administrator cannot lock themselves out.
	me, _ := s.store.UserByEmail(context.Background(), "admin@example.org")
	if a := admin.post("/admin/uzytkownicy/"+itoa(me.ID)+"/blokada", url.Values{"disabled": {"tak"}}); a.status != http.StatusForbidden {
		t.Errorf("self-disable: %d", a.status)
	}
}

// A hash made with older, weaker parameters is upgraded at sign-in.
func TestSignInUpgradesOldHashes(t *testing.T) {
	s := newSite(t)
	old := accounts.Params
	old.Iterations = 1
	hash, err := argon2id.CreateHash(testPassword, &old)
	if err != nil {
		t.Fatal(err)
	}
	u := &accounts.User{Email: "stary@example.org", Role: accounts.Editor, PasswordHash: hash}
	if err := s.store.CreateUser(t.Context(), u, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	s.browser(t).signIn("stary@example.org", nil)
	got, _ := s.store.UserByEmail(t.Context(), "stary@example.org")
	if accounts.NeedsRehash(got.PasswordHash) || got.PasswordHash == hash {
		t.Errorf("hash not upgraded: %s", got.PasswordHash)
	}
}

func TestAuditLogFilters(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	s.account(t, "redaktor@example.org", accounts.Editor)
	s.browser(t).signIn("redaktor@example.org", nil)
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)
	page := b.get("/admin/dziennik?rodzaj=login&kto=redaktor")
	rows := page.doc.Find("tbody tr")
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "redaktor@example.org") {
		t.Errorf("logins of redaktor: %d rows: %q", rows.Length(), rows.Text())
	}
	if n := b.get("/admin/dziennik?rodzaj=user_created").doc.Find("tbody tr").Length(); n != 2 {
		t.Errorf("%d account creations, want 2", n)
	}
}

// The code step belongs to the password step: a password change in
// between ends it, and a throttled try uses up no recovery code.
func TestCodeStepIsBoundToThePasswordStep(t *testing.T) {
	s := newSite(t)
	u := s.account(t, "admin@example.org", accounts.Administrator)
	ctx := t.Context()
	b := s.browser(t)
	if a := b.post("/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {testPassword}}); a.location != "/admin/logowanie/kod" {
		t.Fatalf("password step: %d %q", a.status, a.location)
	}
	hash, _ := accounts.HashPassword("inne-bardzo-dlugie-haslo")
	if err := s.store.SetPassword(ctx, u.ID, hash, false, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	if a := b.post("/admin/logowanie/kod", url.Values{"code": {s.code()}}); a.location != "/admin/logowanie" {
		t.Errorf("code after a password change: %d %q", a.status, a.location)
	}

	c := s.browser(t)
	c.post("/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {"inne-bardzo-dlugie-haslo"}})
	if _, err := s.store.Pool().Exec(ctx, `INSERT INTO signin_pair (name_key, address, failures, last_failure_at, wait_until)
		VALUES ($1, '127.0.0.1', 5, now(), now() + interval '5 minutes')`, accounts.SignInKey(u.Email)); err != nil {
		t.Fatal(err)
	}
	if a := c.post("/admin/logowanie/kod", url.Values{"code": {"aaaaa-bbbbb"}}); a.status != http.StatusTooManyRequests ||
		!strings.Contains(a.doc.Find(".error-summary").Text(), "za 5 minut") {
		t.Errorf("code while throttled: %d %q", a.status, a.doc.Find(".error-summary").Text())
	}
	if ok, _ := s.store.UseRecoveryCode(ctx, u.ID, accounts.HashRecoveryCode("aaaaa-bbbbb")); !ok {
		t.Error("the locked attempt used up the recovery code")
	}
}

func TestLogoutIsAudited(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	if a := b.post("/admin/wyloguj", url.Values{}); a.location != "/admin/logowanie" {
		t.Fatalf("logout: %d %q", a.status, a.location)
	}
	if log, _ := s.store.AuditLog(t.Context(), accounts.AuditLogout, "", 10); len(log) != 1 || log[0].Target != "redaktor@example.org" {
		t.Errorf("logout audit: %+v", log)
	}
	// An unknown e-mail is audited without what was typed.
	b.post("/admin/logowanie", url.Values{"email": {"moje-tajne-haslo@example.org"}, "password": {"x"}})
	if log, _ := s.store.AuditLog(t.Context(), accounts.AuditLoginFailed, "", 10); len(log) == 0 || log[0].Target != "" {
		t.Errorf("failed login of an unknown e-mail records %+v", log)
	}
}
