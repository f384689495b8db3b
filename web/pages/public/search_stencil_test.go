package public

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// TestSearchPageIsTheSameFromAKeptFrame renders searches one after another
// with one memo of frames, across languages and publications, and checks
// each page against the same search rendered with a frame of its own: a
// kept frame must carry nothing of the search it was made for.
func TestSearchPageIsTheSameFromAKeptFrame(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 10, 30, 0, 0, time.UTC)
	search := func(text string, pub int, volunteers bool) *SearchPage {
		q := directory.Query{Text: text, Volunteers: volunteers, Page: 1, PerPage: 20}
		p := &SearchPage{
			Head:  components.Head{Title: "Wyszukiwarka " + text},
			Query: q,
			Results: directory.Results{Total: 1, Page: 1, PerPage: 20, Items: []directory.Summary{{
				Slug: "org-" + text, Name: "Organizacja " + text, LegalForm: directory.FormFoundation, City: "Leszno",
				Description: "Opis " + text, TakesVolunteers: volunteers,
			}}},
			Options: FilterOptions{Categories: []Option{
				{Value: "ubostwo", Plain: `<option value="ubostwo">Ubóstwo</option>`, AsSelected: `<option value="ubostwo" selected>Ubóstwo</option>`},
			}},
			Back: "?wroc=q%3D" + text,
			Downloads: Downloads{Query: "?q=" + text, Count: 1, Permalink: "https://bank.example/organizacje?q=" + text,
				Publication: directory.Publication{Number: pub, At: at.AddDate(0, 0, pub)}, LicenceName: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"},
		}
		if volunteers {
			p.Active = []ActiveFilter{{Label: "Wolontariat", RemoveURL: "/organizacje?q=" + text}}
			p.ClearURL = "/organizacje"
		}
		return p
	}
	render := func(ctx context.Context, p *SearchPage) string {
		var b strings.Builder
		if err := Search(p).Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	var memo components.StencilMemo
	var footers components.FooterMemo
	for i, c := range []struct {
		lang, text string
		pub        int
		volunteers bool
	}{
		{"pl", "pomoc", 1, false}, {"pl", "senior", 1, true}, {"uk", "pomoc", 1, true},
		{"uk", "dzieci", 1, false}, {"pl", "rodzina", 2, false}, {"en", "sport", 2, true}, {"pl", "pomoc", 1, false},
	} {
		ctx := i18n.With(context.Background(), cat.Lang(c.lang))
		ctx = components.WithAddress(ctx, components.Address{Path: "/organizacje", Query: "q=" + c.text})
		ctx = components.WithPublishedSiteTexts(ctx, nil, strings.Repeat("v", c.pub), &footers)
		kept := search(c.text, c.pub, c.volunteers)
		kept.Stencils = &memo
		got, want := render(ctx, kept), render(ctx, search(c.text, c.pub, c.volunteers))
		if got != want {
			t.Fatalf("search %d (%+v) from a kept frame differs:\n%s\nwant\n%s", i, c, got, want)
		}
		// The search's own parts: its result, its text in the field, the
		// downloads of exactly its results, its permalink to cite.
		for _, own := range []string{"Organizacja " + c.text, `value="` + c.text + `"`, `/organizacje.json?q=` + c.text + `"`,
			`organizacje.csv?q=` + c.text + `"`, `href="https://bank.example/organizacje?q=` + c.text + `"`} {
			if !strings.Contains(got, own) {
				t.Errorf("search %d (%+v) does not show %q", i, c, own)
			}
		}
	}
}
