package server_test

import (
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/server"
)

// postForms are the forms of a page that send with POST: the address
// each sends to and the values it holds as served.
func postForms(a answer) (actions []string, values []url.Values) {
	a.doc.Find(`form[method="post"]`).Each(func(_ int, form *goquery.Selection) {
		v := url.Values{}
		form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
			name, _ := s.Attr("name")
			switch {
			case name == "":
			case s.Is("textarea"):
				v.Add(name, s.Text())
			case s.Is("select"):
				opt := s.Find("option[selected]")
				if opt.Length() == 0 {
					opt = s.Find("option").First()
				}
				v.Add(name, opt.AttrOr("value", ""))
			case s.AttrOr("type", "") == "checkbox" || s.AttrOr("type", "") == "radio":
				if _, on := s.Attr("checked"); on {
					v.Add(name, s.AttrOr("value", ""))
				}
			default:
				v.Add(name, s.AttrOr("value", ""))
			}
		})
		actions = append(actions, form.AttrOr("action", ""))
		values = append(values, v)
	})
	return actions, values
}

// Every field of every form, hidden ones included, given a NUL byte or a
// byte that is not UTF-8: the answer is a 4xx, never a server error (such
// text reaching PostgreSQL fails with SQLSTATE 22021, a 500 before).
func TestNoFormAnswers500ToBadBytes(t *testing.T) {
	s := newSite(t, func(d *server.Deps) { d.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	s.account(t, "admin@example.org", accounts.Administrator)
	other := s.account(t, "redaktor@example.org", accounts.Editor)
	public := s.browser(t)
	sent := fill(t, s, formValues(t, public.get("/zglos"), "form.submit-form"))
	sent.Set("name", "Fundacja Próbna")
	sent.Set("description", "Pomagamy seniorom w zakupach.")
	sent.Set("address.street", "ul. Słowiańska 3")
	sent.Set("address.postal_code", "64-100")
	sent.Add("categories", "seniorzy")
	sent.Set("submitter_email", "zarzad@example.org")
	if a := public.post("/zglos", sent); a.status != http.StatusSeeOther {
		t.Fatalf("a submission to moderate: %d", a.status)
	}
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)
	submission := b.get("/admin/zgloszenia").doc.Find("table.submissions tbody a").First().AttrOr("href", "")
	org, err := s.store.Organisation(t.Context(), "fundacja-przykladowa-cieply-posilek")
	if err != nil {
		t.Fatal(err)
	}
	editor := s.browser(t)
	editor.signIn("redaktor@example.org", nil)
	_ = other

	type page struct {
		by   *browser
		path string
	}
	pages := []page{
		{public, "/zglos"},
		{s.browser(t), "/admin/logowanie"},
		{editor, "/admin/2fa"},
		{editor, "/admin/haslo"},
		{b, "/admin/organizacje/nowa"},
		{b, "/admin/organizacje/" + org.ID},
		{b, "/admin/organizacje/" + org.ID + "/papierowy"},
		{b, "/admin/organizacje/" + org.ID + "/rodo"},
		{b, "/admin/organizacje/" + org.ID + "/link"},
		{b, "/admin/organizacje/" + org.ID + "/historia"},
		{b, "/admin/strategia/ii-9-2"},
		{b, "/admin/strategia/ii-9-2/historia"},
		{b, "/admin/zgloszenia/nowe"},
		{b, submission},
		{b, "/admin/uzytkownicy"},
		{b, "/admin/publikacje"},
		{b, "/admin/weryfikacja"},
		{b, "/admin/kosz"},
	}
	tried, client := 0, 0
	for _, p := range pages {
		got := p.by.get(p.path)
		if got.status != http.StatusOK {
			t.Errorf("GET %s: %d", p.path, got.status)
			continue
		}
		actions, forms := postForms(got)
		for i := range actions {
			action := actions[i]
			if action == "" {
				action = p.path
			}
			if action == "/admin/wyloguj" || strings.HasSuffix(action, "/reset") {
				continue // would end the session this test uses
			}
			names := slices.Sorted(maps.Keys(forms[i]))
			for _, name := range names {
				for _, bad := range []string{"\x00", "\xff"} {
					v := url.Values{}
					for k, vs := range forms[i] {
						v[k] = slices.Clone(vs)
					}
					if v.Has("stamp") {
						v = fill(t, s, v)
					}
					if len(v[name]) == 0 {
						v[name] = []string{""}
					}
					v[name][0] += bad
					// Each post from its own address: the throttles of
					// the public form and the sign-in stay out of it.
					client++
					a := p.by.send("POST", action, v, map[string]string{"X-Forwarded-For": "10.1." + strconv.Itoa(client/250) + "." + strconv.Itoa(client%250)})
					tried++
					if a.status >= 500 {
						t.Errorf("POST %s (form of %s) with %q in %s: %d", action, p.path, bad, name, a.status)
					}
					if a.status == http.StatusTooManyRequests {
						t.Fatalf("POST %s: throttled; the test no longer tries what it should", action)
					}
					if a.status == http.StatusSeeOther || a.status == http.StatusConflict || a.status == http.StatusOK {
						// Saved (or refused as stale): the next try needs
						// the page as it is now, with its new version.
						if again := p.by.get(p.path); again.status == http.StatusOK {
							if _, fresh := postForms(again); len(fresh) == len(forms) {
								forms = fresh
							}
						}
					}
				}
			}
		}
	}
	if tried < 200 {
		t.Errorf("only %d posts tried: the pages lost their forms?", tried)
	}
}

// The task form's hidden copies of the shared goal and area texts, sent
// back damaged: the form comes back (422) with everything typed, a
// message at the visible field the copy belongs to, and fresh copies, so
// that sending it again saves.
func TestTaskFormHiddenFieldsAreValidated(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	for _, c := range []struct{ field, bad string }{
		{"goal.title", "\x00"}, {"goal.lead", "\xff"}, {"area.name", "a\x00b"}, {"area.coordinator", "\xffx"},
	} {
		form := formValues(t, b.get("/admin/strategia/ii-9-2"), "form.task-form")
		form.Set("task.implementer", "Nowy realizator")
		form.Set("was."+c.field, form.Get("was."+c.field)+c.bad)
		a := b.post("/admin/strategia/ii-9-2", form)
		if a.status != http.StatusUnprocessableEntity {
			t.Fatalf("damaged was.%s: %d, want 422 with the form", c.field, a.status)
		}
		id := strings.ReplaceAll(c.field, ".", "-")
		if msg := a.doc.Find("#" + id + "-error").Text(); !strings.Contains(msg, "Sprawdź jego treść") {
			t.Errorf("damaged was.%s: message at #%s is %q", c.field, id, msg)
		}
		if a.doc.Find(".error-summary a[href='#"+id+"']").Length() != 1 {
			t.Errorf("damaged was.%s: the summary does not link to the field", c.field)
		}
		if v := a.doc.Find("#task-implementer").AttrOr("value", a.doc.Find("#task-implementer").Text()); v != "Nowy realizator" {
			t.Errorf("damaged was.%s: typed implementer not kept: %q", c.field, v)
		}
		again := formValues(t, a, "form.task-form")
		if !cleanForm(again) {
			t.Errorf("damaged was.%s: the form came back with the damage in it", c.field)
		}
		if a := b.post("/admin/strategia/ii-9-2", again); a.status != http.StatusSeeOther {
			t.Fatalf("damaged was.%s: sending the returned form again: %d %s", c.field, a.status, a.doc.Find(".error-summary").Text())
		}
	}
	card, err := s.store.StrategyCard(t.Context(), "ii-9-2")
	if err != nil || card.Task.Implementer != "Nowy realizator" {
		t.Errorf("after the second send: implementer %q, %v", card.Task.Implementer, err)
	}
}

func cleanForm(v url.Values) bool {
	for _, vs := range v {
		for _, s := range vs {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return false
			}
		}
	}
	return true
}

// A new account's e-mail is checked as typed (0xFF is refused, not stored
// as U+FFFD after lower-casing) and its role must be one of the list:
// each mistake comes back next to its field, in Polish, with the input
// kept, and nothing is created.
func TestNewAccountRefusesBadEmailAndUnknownRole(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	b := s.browser(t)
	b.signIn("admin@example.org", s.code)
	for _, c := range []struct {
		email, role, field, msg string
	}{
		{"Ew\xffa@Example.org", "redaktor", "email", "niedozwolone znaki"},
		{"ewa\x00@example.org", "redaktor", "email", "niedozwolone znaki"},
		{"ewa@example.org", "szef", "role", "Wybierz rolę z listy"},
		{"ewa@example.org", "", "role", "Wybierz rolę z listy"},
		{"ewa@example.org", "Administrator", "role", "Wybierz rolę z listy"},
	} {
		a := b.post("/admin/uzytkownicy", url.Values{"email": {c.email}, "name": {"Ewa Nowak"}, "role": {c.role}})
		if a.status != http.StatusUnprocessableEntity {
			t.Errorf("%q as %q: %d, want 422", c.email, c.role, a.status)
			continue
		}
		if msg := a.doc.Find("#" + c.field + "-error").Text(); !strings.Contains(msg, c.msg) {
			t.Errorf("%q as %q: message at %s is %q, want %q", c.email, c.role, c.field, msg, c.msg)
		}
		if a.doc.Find(".error-summary a[href='#"+c.field+"']").Length() != 1 {
			t.Errorf("%q as %q: the summary does not link to %s", c.email, c.role, c.field)
		}
		if v := a.doc.Find("#name").AttrOr("value", ""); v != "Ewa Nowak" {
			t.Errorf("%q as %q: the name typed is not kept: %q", c.email, c.role, v)
		}
	}
	users, err := s.store.Users(t.Context())
	if err != nil || len(users) != 1 {
		t.Errorf("after refused forms: %d accounts (%v), want only the administrator", len(users), err)
	}
	// The right role works, and the form remembers it when the e-mail is wrong.
	a := b.post("/admin/uzytkownicy", url.Values{"email": {"zle"}, "role": {"administrator"}})
	if v := a.doc.Find("#role option[selected]").AttrOr("value", ""); v != "administrator" {
		t.Errorf("the role chosen is not kept: %q", v)
	}
	if a := b.post("/admin/uzytkownicy", url.Values{"email": {"Ewa@Example.org"}, "role": {"administrator"}}); a.status != http.StatusSeeOther {
		t.Fatalf("a valid account: %d", a.status)
	}
	if u, err := s.store.UserByEmail(t.Context(), "ewa@example.org"); err != nil || u.Role != accounts.Administrator {
		t.Errorf("created: %+v, %v", u, err)
	}
}
