package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
)

// The directory's first page is rendered once per publication, language
// and open-now window and sent again as it was: every response still gets
// its own nonce, and a new publication shows at once.
func TestFirstPageIsStoredPerPublication(t *testing.T) {
	s := newSite(t)
	nonce := regexp.MustCompile(`'nonce-([^']+)'`)
	inBody := regexp.MustCompile(`nonce="([^"]*)"`)
	var bodies []string
	for range 2 {
		p := s.get("/organizacje")
		if p.status != http.StatusOK || p.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("status %d, type %q", p.status, p.header.Get("Content-Type"))
		}
		m := nonce.FindStringSubmatch(p.header.Get("Content-Security-Policy"))
		for _, n := range inBody.FindAllStringSubmatch(p.body, -1) {
			if n[1] != m[1] {
				t.Errorf("a nonce of %q in the page under a CSP nonce of %q", n[1], m[1])
			}
		}
		if strings.Contains(p.body, "slot") && regexp.MustCompile(`nonce="slot`).MatchString(p.body) {
			t.Error("the stored page's nonce slot was sent")
		}
		bodies = append(bodies, inBody.ReplaceAllString(p.body, ""))
	}
	if bodies[0] != bodies[1] {
		t.Error("the first page differs between two requests of one state")
	}

	ctx := context.Background()
	names := s.publishedNames()
	o, err := s.store.Organisation(ctx, slugOf(t, s, names[0]))
	if err != nil {
		t.Fatal(err)
	}
	o.Name = "Aaaa Nowa Nazwa Pierwszej"
	if err := s.store.UpdateOrganisation(ctx, o, o.Version, accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	if p := s.get("/organizacje"); strings.Contains(p.body, o.Name) {
		t.Fatal("an unpublished change shows")
	}
	if _, err := s.publishNow(ctx, "zmiana", accounts.Audit{ActorEmail: "test"}); err != nil {
		t.Fatal(err)
	}
	if p := s.get("/organizacje"); !strings.Contains(p.body, o.Name) {
		t.Error("the new publication's first page does not show the change")
	}
	if p := s.get("/osadz"); p.status != http.StatusOK || !strings.Contains(p.body, o.Name) {
		t.Errorf("the embed's first page: %d, shows the change: %v", p.status, strings.Contains(p.body, o.Name))
	}
}

// slugOf is the slug of the published organisation named name.
func slugOf(t *testing.T, s *site, name string) string {
	t.Helper()
	res, err := s.live.Search(context.Background(), directoryQuery(name))
	if err != nil || len(res.Items) == 0 {
		t.Fatalf("no organisation named %q: %v", name, err)
	}
	return res.Items[0].Slug
}

func directoryQuery(text string) directory.Query {
	return directory.Query{Text: text, PerPage: 1}
}

// An organisation's page is kept once per state and sent to everyone, yet
// each reader gets the link back to the search they came from and a
// language switch that keeps their own address.
func TestOrganisationPageKeepsEachReadersOwnParts(t *testing.T) {
	s := newSite(t)
	slug := slugOf(t, s, s.publishedNames()[0])
	path := "/organizacje/" + slug
	type visit struct{ query, back, uk string }
	visits := []visit{
		{"", "/organizacje", "/uk" + path},
		{"wroc=q%3Dpomoc", "/organizacje?q=pomoc", "/uk" + path + "?wroc=q%3Dpomoc"},
		{"wroc=q%3Ddzieci%26kategoria%3Dubostwo", "/organizacje?kategoria=ubostwo&q=dzieci",
			"/uk" + path + "?wroc=q%3Ddzieci%26kategoria%3Dubostwo"},
		{"utm_source=gazeta", "/organizacje", "/uk" + path + "?utm_source=gazeta"},
		{"", "/organizacje", "/uk" + path},
		{"wroc=q%3Dpomoc", "/organizacje?q=pomoc", "/uk" + path + "?wroc=q%3Dpomoc"},
	}
	for _, v := range visits {
		target := path
		if v.query != "" {
			target += "?" + v.query
		}
		p := s.get(target)
		if p.status != http.StatusOK {
			t.Fatalf("%s: status %d", target, p.status)
		}
		back, _ := p.doc.Find(".breadcrumbs a").Attr("href")
		if back != v.back {
			t.Errorf("%s: back link %q, want %q", target, back, v.back)
		}
		uk, _ := p.doc.Find(`.lang-switch a[hreflang="uk"]`).Attr("href")
		if uk != v.uk {
			t.Errorf("%s: Ukrainian link %q, want %q", target, uk, v.uk)
		}
		if strings.Contains(p.body, "slot") && regexp.MustCompile(`slot[A-Za-z0-9_-]{24}`).MatchString(p.body) {
			t.Errorf("%s: a slot of the kept page was sent", target)
		}
	}
}
