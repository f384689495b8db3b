package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

// polishLetters are the letters Polish has and Ukrainian and English do
// not: a word with one, outside an element marked lang="pl", is Polish
// text left on a translated page — unless it is a proper name (an
// organisation's, a street's, a district's), which stays as it is.
var polishLetters = regexp.MustCompile(`[\p{L}]*[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ][\p{L}]*`)

// properNames are the words with Polish letters the directory's data and
// MOPR's site texts hold as names, which every language shows as written.
func properNames(t *testing.T, s *site) map[string]bool {
	t.Helper()
	ctx := context.Background()
	names := map[string]bool{}
	add := func(texts ...string) {
		for _, text := range texts {
			for _, w := range polishLetters.FindAllString(text, -1) {
				names[w] = true
			}
		}
	}
	err := s.live.EachMatch(ctx, directory.Query{}, func(o *directory.Organisation) error {
		add(o.Name, o.ShortName, o.Address.Street, o.Address.City, o.Website)
		add(o.Emails...)
		for _, c := range o.Contacts {
			add(c.Name, c.Function)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	vocab, err := s.live.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range vocab.Districts {
		add(d.Name)
	}
	texts, err := s.live.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	add(texts.Get(sitetext.MoprName), texts.Get(sitetext.MoprAddress), texts.Get(sitetext.CrisisName),
		texts.Get(sitetext.A11yContactName), texts.Get(sitetext.DPOName))
	for _, h := range texts.Helplines() {
		add(h.Name)
	}
	// The translators keep some official Polish names beside their
	// translation ("Prezes Urzędu Ochrony Danych Osobowych", the legal
	// forms): what a translated catalogue holds is its language's text.
	files, _ := filepath.Glob("../i18n/locales/*.json")
	for _, f := range files {
		if strings.HasSuffix(f, ".pl.json") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]any
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			switch m := m.(type) {
			case string:
				add(m)
			case map[string]any:
				for _, v := range m {
					if v, ok := v.(string); ok {
						add(v)
					}
				}
			}
		}
	}
	if len(files) < 10 {
		t.Fatalf("catalogue not found: %v", files)
	}
	return names
}

// polishLeft lists the words with Polish letters that a person reads in
// the page's body (text, labels in attributes) outside elements marked
// lang="pl", leaving out the proper names.
func polishLeft(doc *html.Node, names map[string]bool) []string {
	var found []string
	check := func(text string) {
		for _, w := range polishLetters.FindAllString(text, -1) {
			if !names[w] && !slices.Contains(found, w) {
				found = append(found, w)
			}
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "template":
				return
			case "head":
				// The title and description name an organisation or a task
				// by its own (Polish) text, which <head> cannot mark.
				return
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "lang" && a.Val == "pl":
					return
				case a.Key == "aria-label", a.Key == "title", a.Key == "alt", a.Key == "placeholder":
					check(a.Val)
				}
			}
		}
		if n.Type == html.TextNode {
			check(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

// Every public page in Ukrainian and English reads without Polish: what
// is left is the organisations' and MOPR's own texts, marked lang="pl",
// and proper names.
func TestNoPolishLeftOnTranslatedPages(t *testing.T) {
	s := newSite(t)
	names := properNames(t, s)
	task := s.get("/strategia").doc.Find(`a[href^="/strategia/zadania/"]`).First().AttrOr("href", "")
	if task == "" {
		t.Fatal("no task on /strategia")
	}
	paths := []string{
		"", "/organizacje", "/organizacje?q=" + url.QueryEscape("pomoc seniorom"), "/organizacje?kategoria=seniorzy&otwarte=tak&strona=1",
		"/organizacje?q=" + url.QueryEscape("bezdomnosc"), "/organizacje?q=zzzzqqq",
		"/organizacje/" + seniorsSlug, "/organizacje/bezpieczny-dom",
		"/strategia", task, "/strategia/monitoring",
		"/deklaracja-dostepnosci", "/prywatnosc", "/zglos", "/zglos/zmiana/" + seniorsSlug, "/zglos/dziekujemy?nr=ZG-1",
		"/osadz", "/osadz?q=seniorzy", "/osadz/organizacje/" + seniorsSlug, "/nie-ma-takiej-strony",
	}
	for _, lang := range []string{"uk", "en"} {
		for _, p := range paths {
			path := "/" + lang + p
			page := s.get(path)
			if page.doc == nil {
				t.Errorf("GET %s: %d, not a page", path, page.status)
				continue
			}
			if left := polishLeft(page.doc.Nodes[0], names); len(left) > 0 {
				t.Errorf("GET %s (%d): Polish outside lang=\"pl\": %s", path, page.status, strings.Join(left, ", "))
			}
		}
		// The form with errors: every message in the page's language.
		b := s.browser(t)
		form := fill(t, s, formValues(t, b.get("/"+lang+"/zglos"), "form.submit-form"))
		form.Set("name", "Fundacja Żółty Parasol")
		form.Set("address.postal_code", "64100")
		form.Set("hours.1.opens", "25")
		form.Set("website", "nie ma")
		bad := b.post("/"+lang+"/zglos", form)
		if bad.status != http.StatusUnprocessableEntity || bad.doc.Find(".field-error").Length() < 4 {
			t.Fatalf("%s: the form with errors: %d, %d errors", lang, bad.status, bad.doc.Find(".field-error").Length())
		}
		if left := polishLeft(bad.doc.Nodes[0], names); len(left) > 0 {
			t.Errorf("POST /%s/zglos with errors: Polish outside lang=\"pl\": %s", lang, strings.Join(left, ", "))
		}
	}
}
