package server_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/alexedwards/scs/pgxstore"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/server"
	"github.com/mopr-leszno/portal/internal/store"
)

// hangBound is how long a request may take in the fault tests before it
// counts as hanging: far above the limits the tests set (about 3 s), so
// that only a hang fails, never a slow machine.
const hangBound = 45 * time.Second

// lockedLog collects the server's log lines.
type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.b.String(), s)
}

// proxiedSite is the site with everything that uses the database going
// through a proxy the test cuts and stalls, with short limits. The public
// directory reads the publication loaded in memory, as an instance does.
func proxiedSite(t *testing.T) (*site, *dbtest.Proxy, *lockedLog) {
	t.Helper()
	var deps *server.Deps
	s := newSite(t, func(d *server.Deps) { deps = d })
	cfg := s.store.Pool().Config().ConnConfig
	proxy := dbtest.NewProxy(t, cfg.ConnString())
	ps, err := store.Connect(context.Background(), proxy.ConnString(), store.WithLimits(store.Limits{
		Connect: time.Second, Acquire: time.Second, Statement: time.Second, Lock: time.Second,
		IdleInTransaction: 5 * time.Second, ClientCheck: time.Second, Job: time.Minute, MaxConns: 4,
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ps.Close)
	log := &lockedLog{}
	d := *deps
	d.Logger = slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d.Preview, d.Publishing, d.Erasing, d.Strategy = ps.Preview(), ps, ps, ps
	d.Accounts, d.Editing, d.Submissions, d.StrategyEditing = ps, ps, ps, ps
	d.Sessions = server.NewSessions(pgxstore.NewWithCleanupInterval(ps.Pool(), 0), false)
	d.Ready = ps.Ping
	s.h = server.New(d)
	return s, proxy, log
}

// timed runs get and fails the test if it hangs.
func timed[T any](t *testing.T, what string, get func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- get() }()
	select {
	case v := <-done:
		return v
	case <-time.After(hangBound):
		t.Fatalf("%s: no answer within %s", what, hangBound)
		panic("unreachable")
	}
}

// assertUnavailable checks the 503 a visitor gets while the database is
// away: the site's page in Polish, Retry-After, no internals.
func assertUnavailable(t *testing.T, what string, p page) {
	t.Helper()
	if p.status != http.StatusServiceUnavailable {
		t.Errorf("%s: %d, want 503", what, p.status)
		return
	}
	if ra := p.header.Get("Retry-After"); ra == "" || strings.Trim(ra, "0123456789") != "" {
		t.Errorf("%s: Retry-After = %q, want seconds", what, ra)
	}
	if p.doc == nil || p.text("h1") != "Usługa chwilowo niedostępna" || p.doc.Find("header, nav").Length() == 0 {
		t.Errorf("%s: not the site's unavailable page: %.300s", what, p.body)
	}
	for _, leak := range []string{"pgx", "SQLSTATE", "dial", "connect", "127.0.0.1", "timeout", "deadline"} {
		if strings.Contains(p.body, leak) {
			t.Errorf("%s: page shows %q", what, leak)
		}
	}
}

// signedIn returns a session cookie of an editor, signed in while the
// database answers.
func signedIn(t *testing.T, s *site) string {
	t.Helper()
	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	u := b.base + "/admin"
	req, _ := http.NewRequest("GET", u, nil)
	var cookies []string
	for _, c := range b.c.Jar.Cookies(req.URL) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	return strings.Join(cookies, "; ")
}

func (s *site) getWith(target, cookie string) page {
	s.t.Helper()
	return s.doWith(http.MethodGet, target, cookie)
}

func (s *site) doWith(method, target, cookie string) page {
	s.t.Helper()
	req, _ := http.NewRequest(method, "http://example.com"+target, nil)
	req.Header.Set("Cookie", cookie)
	return s.serve(req)
}

// A database that goes away under requests: the admin area and the forms
// answer 503 with Retry-After, the directory keeps answering from memory,
// the cause is logged once, not per request, and everything recovers by
// itself once the database is back.
func TestDatabaseCutGives503AndRecovers(t *testing.T) {
	s, proxy, log := proxiedSite(t)
	cookie := signedIn(t, s)
	if p := s.getWith("/admin/organizacje", cookie); p.status != http.StatusOK {
		t.Fatalf("before the cut: /admin/organizacje %d", p.status)
	}

	proxy.Cut()
	const storm = 20
	var wg sync.WaitGroup
	pages := make(chan page, storm)
	for range storm {
		wg.Go(func() {
			pages <- timed(t, "admin page while cut", func() page { return s.getWith("/admin/organizacje", cookie) })
		})
	}
	wg.Wait()
	close(pages)
	for p := range pages {
		assertUnavailable(t, "/admin/organizacje while cut", p)
	}
	signIn, _ := http.NewRequest("POST", "http://example.com/admin/logowanie",
		strings.NewReader(url.Values{"email": {"redaktor@example.org"}, "password": {testPassword}}.Encode()))
	signIn.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	assertUnavailable(t, "signing in while cut", s.serve(signIn))
	assertUnavailable(t, "an update link while cut", s.get("/zglos/abcdefghijklmnopqrstuvwxyz0123456789ABCDEF"))
	assertUnavailable(t, "/strategia while cut", s.get("/strategia"))
	for _, path := range []string{"/organizacje", "/organizacje?q=seniorzy", "/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow", "/organizacje.csv", "/osadz", "/healthz"} {
		if p := s.get(path); p.status != http.StatusOK {
			t.Errorf("%s while cut: %d, want 200 (it needs no database)", path, p.status)
		}
	}
	if p := s.get("/readyz"); p.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz while cut: %d, want 503", p.status)
	}
	// Some twenty-five failures, one or two causes (refused, or dropped
	// while connected): a line per cause, not per request.
	if n := log.count("service unavailable"); n < 1 || n > 4 {
		t.Errorf("%d log lines for %d failed requests, want one per cause", n, storm+3)
	}

	proxy.Restore()
	recovered := false
	for deadline := time.Now().Add(hangBound); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if p := s.getWith("/admin/organizacje", cookie); p.status == http.StatusOK {
			recovered = true
			break
		}
	}
	if !recovered {
		t.Fatal("the admin area did not recover after the database came back")
	}
	if p := s.get("/readyz"); p.status != http.StatusOK {
		t.Errorf("/readyz after the database came back: %d", p.status)
	}
}

// A database that stops answering (frozen, or a network that drops
// packets): requests fail with 503 within the limits instead of hanging,
// and the portal recovers when it answers again.
func TestDatabaseStallGives503NotAHang(t *testing.T) {
	s, proxy, _ := proxiedSite(t)
	cookie := signedIn(t, s)
	if p := s.getWith("/admin/organizacje", cookie); p.status != http.StatusOK {
		t.Fatalf("before the stall: %d", p.status)
	}
	proxy.Stall()
	var wg sync.WaitGroup
	for _, path := range []string{"/admin/organizacje", "/admin/organizacje", "/admin/weryfikacja", "/admin/publikacje", "/admin/strategia", "/admin/zgloszenia"} {
		wg.Go(func() {
			assertUnavailable(t, path+" while stalled", timed(t, path+" while stalled", func() page { return s.getWith(path, cookie) }))
		})
	}
	wg.Go(func() {
		p := timed(t, "/readyz while stalled", func() page { return s.get("/readyz") })
		if p.status != http.StatusServiceUnavailable {
			t.Errorf("/readyz while stalled: %d", p.status)
		}
	})
	wg.Wait()
	for _, path := range []string{"/organizacje?q=seniorzy", "/organizacje/stowarzyszenie-przykladowe-razem-dla-seniorow", "/organizacje.csv"} {
		if p := timed(t, path+" while stalled", func() page { return s.get(path) }); p.status != http.StatusOK {
			t.Errorf("%s while stalled: %d", path, p.status)
		}
	}
	proxy.Restore()
	for deadline := time.Now().Add(hangBound); ; time.Sleep(200 * time.Millisecond) {
		if p := s.getWith("/admin/organizacje", cookie); p.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the admin area did not recover after the stall")
		}
	}
}

// serve answers req through the site's handler, as do does.
func (s *site) serve(req *http.Request) page {
	s.t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	p := page{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	if strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.body))
		if err != nil {
			s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		p.doc = doc
	}
	return p
}
