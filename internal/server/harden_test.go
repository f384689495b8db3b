package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/server"
)

// A body over the limit gets 413 whether its length is declared or it
// comes in chunks, on the public form as on an admin form.
func TestBodyOverTheLimitIs413(t *testing.T) {
	s := newSite(t)
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	big := "note=" + strings.Repeat("a", 2<<20)
	for _, path := range []string{"/zglos", "/admin/publikacje", "/admin/logowanie"} {
		for _, chunked := range []bool{false, true} {
			var body io.Reader = strings.NewReader(big)
			if chunked {
				// No length known in advance: the client sends chunks.
				body = io.MultiReader(body)
			}
			req, err := http.NewRequest("POST", b.base+path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if chunked != (req.ContentLength <= 0) {
				t.Fatalf("chunked %v but ContentLength %d", chunked, req.ContentLength)
			}
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatalf("%s chunked=%v: %v", path, chunked, err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "Za dużo danych") {
				t.Errorf("%s chunked=%v: %d, want 413 with its page", path, chunked, resp.StatusCode)
			}
		}
	}
	// Under the limit, chunked, the form still works as before.
	req, _ := http.NewRequest("POST", b.base+"/admin/logowanie",
		io.MultiReader(strings.NewReader(url.Values{"email": {"nikt@example.org"}, "password": {"x"}}.Encode())))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a small chunked sign-in: %d, want 401", resp.StatusCode)
	}
}

// Every admin response is kept out of caches, the sign-in and code pages
// and error pages included.
func TestEveryAdminResponseIsNoStore(t *testing.T) {
	s := newSite(t)
	s.account(t, "admin@example.org", accounts.Administrator)
	anon, b := s.browser(t), s.browser(t)
	check := func(who string, rsp *http.Response, path string) {
		t.Helper()
		if got := rsp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: %d with Cache-Control %q, want no-store", who, path, rsp.StatusCode, got)
		}
	}
	do := func(br *browser, method, path string, form url.Values) *http.Response {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, br.base+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rsp, err := br.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		rsp.Body.Close()
		return rsp
	}
	for _, path := range []string{"/admin/logowanie", "/admin/logowanie/kod", "/admin", "/admin/nie-ma-takiej-strony"} {
		check("anonymous", do(anon, "GET", path, nil), path)
	}
	check("anonymous", do(anon, "POST", "/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {"zle"}}), "POST /admin/logowanie")
	rsp := do(b, "POST", "/admin/logowanie", url.Values{"email": {"admin@example.org"}, "password": {testPassword}})
	check("signing in", rsp, "POST /admin/logowanie")
	check("signing in", do(b, "GET", "/admin/logowanie/kod", nil), "/admin/logowanie/kod")
	check("signing in", do(b, "POST", "/admin/logowanie/kod", url.Values{"code": {"000000"}}), "POST /admin/logowanie/kod")
	b.post("/admin/logowanie/kod", url.Values{"code": {s.code()}})
	for _, path := range []string{"/admin", "/admin/organizacje", "/admin/uzytkownicy", "/admin/nie-ma-takiej-strony"} {
		check("administrator", do(b, "GET", path, nil), path)
	}
	// The public pages keep their own caching.
	if got := do(anon, "GET", "/strategia", nil).Header.Get("Cache-Control"); got == "no-store" {
		t.Errorf("a public page is no-store")
	}
}

// HSTS is sent when the portal's address is https, and only then.
func TestStrictTransportSecurityFollowsBaseURL(t *testing.T) {
	plain := newSite(t).browser(t)
	tls := newSite(t, func(d *server.Deps) { d.BaseURL = "https://bank.mopr.leszno.pl" }).browser(t)
	for _, path := range []string{"/", "/organizacje", "/admin/logowanie", "/nie-ma"} {
		req, _ := http.NewRequest("GET", tls.base+path, nil)
		rsp, err := tls.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		rsp.Body.Close()
		if got := rsp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("https BASE_URL, %s: Strict-Transport-Security %q", path, got)
		}
		req, _ = http.NewRequest("GET", plain.base+path, nil)
		if rsp, err = plain.c.Do(req); err != nil {
			t.Fatal(err)
		}
		rsp.Body.Close()
		if got := rsp.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("no BASE_URL, %s: Strict-Transport-Security %q, want none", path, got)
		}
	}
}
