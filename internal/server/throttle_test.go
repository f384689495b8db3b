package server_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/server"
)

// Sign-in throttling slows down whoever guesses, never locks the owner out
// (ASVS V2.2.1): wrong passwords from one address make that address wait,
// growing, while the owner elsewhere signs in; many addresses guessing one
// account make the addresses the owner never used wait, not the owner's.
func TestSignInThrottleSlowsTheGuesserNotTheOwner(t *testing.T) {
	s := newSite(t, func(d *server.Deps) { d.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	from := func(addr, email, password string) answer {
		t.Helper()
		return b.send("POST", "/admin/logowanie", url.Values{"email": {email}, "password": {password}},
			map[string]string{"X-Forwarded-For": addr})
	}
	owner := func(addr string) {
		t.Helper()
		a := from(addr, "redaktor@example.org", testPassword)
		if a.status != http.StatusSeeOther || a.location != "/admin" {
			t.Fatalf("the owner at %s: %d %q %s", addr, a.status, a.location, a.doc.Find(".error-summary").Text())
		}
		b.post("/admin/wyloguj", url.Values{})
	}
	owner("192.0.2.7") // the owner's usual address

	// Five wrong passwords from one address: that address waits a minute,
	// the right password included, and is told so.
	for i := 1; i <= 5; i++ {
		if a := from("198.51.100.66", "redaktor@example.org", "zle-haslo-"+strconv.Itoa(i)); a.status != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, a.status)
		}
	}
	a := from("198.51.100.66", "redaktor@example.org", testPassword)
	if a.status != http.StatusTooManyRequests || a.doc.Find("#email").AttrOr("value", "") != "redaktor@example.org" ||
		!strings.Contains(a.doc.Find(".error-summary").Text(), "za 1 minutę") {
		t.Errorf("sixth try from the guessing address: %d %q", a.status, a.doc.Find(".error-summary").Text())
	}
	// Retry-After says the same, in seconds, for clients that read it.
	req, _ := http.NewRequest("POST", b.base+"/admin/logowanie",
		strings.NewReader(url.Values{"email": {"redaktor@example.org"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "198.51.100.66")
	rsp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rsp.Body.Close()
	if after, _ := strconv.Atoi(rsp.Header.Get("Retry-After")); rsp.StatusCode != http.StatusTooManyRequests || after < 1 || after > 60 {
		t.Errorf("throttled: %d with Retry-After %q, want 429 and at most a minute", rsp.StatusCode, rsp.Header.Get("Retry-After"))
	}
	// An unknown e-mail is answered the same way: the throttle tells
	// nobody which accounts exist.
	for i := 1; i <= 5; i++ {
		from("198.51.100.67", "nikt@example.org", "zle-haslo")
	}
	if u := from("198.51.100.67", "nikt@example.org", "zle-haslo"); u.status != a.status ||
		u.doc.Find(".error-summary").Text() != a.doc.Find(".error-summary").Text() {
		t.Errorf("unknown e-mail throttled: %d %q; account: %d %q", u.status, u.doc.Find(".error-summary").Text(), a.status, a.doc.Find(".error-summary").Text())
	}
	// The owner, elsewhere, is not affected.
	owner("192.0.2.7")
	owner("203.0.113.5") // a new address, too: the account as a whole is not locked

	// The wait grows: once it has run out, one more wrong password and
	// the address waits two minutes.
	if _, err := s.store.Pool().Exec(t.Context(), `UPDATE signin_pair SET wait_until = now() - interval '1 second'
		WHERE address = '198.51.100.66'`); err != nil {
		t.Fatal(err)
	}
	if a := from("198.51.100.66", "redaktor@example.org", "zle-haslo-6"); a.status != http.StatusUnauthorized {
		t.Errorf("after the wait, a wrong password: %d, want it checked (401)", a.status)
	}
	a = from("198.51.100.66", "redaktor@example.org", testPassword)
	if a.status != http.StatusTooManyRequests || !strings.Contains(a.doc.Find(".error-summary").Text(), "za 2 minuty") {
		t.Errorf("after a seventh failure: %d %q, want a wait of 2 minutes", a.status, a.doc.Find(".error-summary").Text())
	}

	// Guessing from many addresses, a few tries each: after 20 failures
	// of the account in all, addresses the owner never signed in from
	// wait; the owner's own addresses do not.
	for i := range 20 {
		from("10.9.0."+strconv.Itoa(i+1), "redaktor@example.org", "zle-haslo")
	}
	a = from("10.9.1.1", "redaktor@example.org", testPassword)
	if a.status != http.StatusTooManyRequests || a.doc.Find(".error-summary").Length() != 1 {
		t.Errorf("a new address after 20 failures of the account: %d, want 429", a.status)
	}
	owner("192.0.2.7")
	owner("203.0.113.5")
	// And the wait runs out: the new address gets its try.
	if _, err := s.store.Pool().Exec(t.Context(), `UPDATE signin_name SET wait_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	owner("10.9.1.1")

	// Every refused and failed try is in the audit log, with its address.
	log, err := s.store.AuditLog(t.Context(), accounts.AuditLoginFailed, "", 500)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]int{}
	for _, e := range log {
		reasons[e.Detail["reason"].(string)]++
		if e.IP == "" {
			t.Errorf("a failed sign-in without its address: %+v", e)
		}
	}
	// Checked: 6 wrong passwords from the first address, then 14 of the 20
	// addresses until the account had 20 failures; refused unchecked: the
	// other 6 of them and the five tries above.
	if reasons["throttled"] != 11 || reasons["password"] != 20 || reasons["unknown"] != 5 {
		t.Errorf("audited failures by reason: %v", reasons)
	}
}
