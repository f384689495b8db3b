package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/server"
)

// One organisation found by several searches shows in each with its own
// link back to that search, the open-now line of the moment, and the words
// of the page's language.
func TestResultsShowEachSearchsOwnParts(t *testing.T) {
	var mu sync.Mutex
	now := monday1030
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newSite(t, func(d *server.Deps) { d.Now = clock })
	o := &directory.Organisation{
		Slug: "poniedzialkowa", Name: "Poniedziałkowa", LegalForm: directory.FormAssociation,
		Address:     directory.Address{City: "Leszno"},
		Description: "Pomoc w poniedziałki.", Categories: []string{"ubostwo"},
	}
	o.Hours[1].Intervals = []directory.Interval{{Opens: 9 * 60, Closes: 11*60 + 15}}
	if err := s.store.CreateOrganisations(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	s.publish()

	slot := regexp.MustCompile(`slot[A-Za-z0-9_-]{24}`)
	card := func(target string) (href, open, meta string) {
		t.Helper()
		p := s.get(target)
		if p.status != http.StatusOK {
			t.Fatalf("%s: status %d", target, p.status)
		}
		if slot.MatchString(p.body) {
			t.Fatalf("%s: a slot of a kept page was sent", target)
		}
		a := p.doc.Find(`li.result h3 a[href*="/poniedzialkowa"]`)
		if a.Length() != 1 {
			t.Fatalf("%s: %d results link the organisation, want 1", target, a.Length())
		}
		li := a.Closest("li.result")
		href, _ = a.Attr("href")
		return href, strings.Join(strings.Fields(li.Find(".open-line").Text()), " "), li.Find(".result__meta").Text()
	}
	for _, c := range []struct{ target, href string }{
		{"/organizacje?q=poniedzia%C5%82kowa", "/organizacje/poniedzialkowa?wroc=q%3Dponiedzia%25C5%2582kowa"},
		{"/organizacje?q=poniedzialkowa&kategoria=ubostwo", "/organizacje/poniedzialkowa?wroc=kategoria%3Dubostwo%26q%3Dponiedzialkowa"},
		{"/organizacje?q=poniedzia%C5%82kowa", "/organizacje/poniedzialkowa?wroc=q%3Dponiedzia%25C5%2582kowa"},
		{"/uk/organizacje?q=poniedzialkowa", "/uk/organizacje/poniedzialkowa?wroc=q%3Dponiedzialkowa"},
	} {
		href, open, _ := card(c.target)
		if href != c.href {
			t.Errorf("%s: the result links %q, want %q", c.target, href, c.href)
		}
		if open == "" {
			t.Errorf("%s: no open-now line", c.target)
		}
	}
	if _, open, _ := card("/organizacje?q=poniedzialkowa"); open != "Otwarte teraz, do 11:15" {
		t.Errorf("Monday 10:30: %q", open)
	}
	mu.Lock()
	now = monday1030.Add(10 * time.Hour) // 20:30, the same publication
	mu.Unlock()
	if _, open, _ := card("/organizacje?q=poniedzialkowa"); strings.Contains(open, "Otwarte teraz") || !strings.Contains(open, "9:00") {
		t.Errorf("Monday 20:30: %q, want closed until the next opening at 9:00", open)
	}
	if _, _, meta := card("/uk/organizacje?q=poniedzialkowa"); !strings.Contains(meta, "Громадське об’єднання") {
		t.Errorf("the Ukrainian result's legal form: %q", meta)
	}
	if _, _, meta := card("/en/organizacje?q=poniedzialkowa"); !strings.Contains(meta, "Association") {
		t.Errorf("the English result's legal form: %q", meta)
	}
}
