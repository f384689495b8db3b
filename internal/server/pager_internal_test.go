package server

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// pageURL is the address of page n as p keeps it in parts.
func pageURL(p public.Pager, n int) string {
	if n <= 1 {
		return p.First
	}
	return p.Before + strconv.Itoa(n) + p.After
}

// TestPagerLinksAreTheSearchsPages checks that each of the pager's links is
// the search's own address on that page (searchURL), whatever parameters
// come before and after the page number: as the pager keeps it (pageURL)
// and as it writes it into the page.
func TestPagerLinksAreTheSearchsPages(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := i18n.With(context.Background(), cat.Lang("pl"))
	href := regexp.MustCompile(`href="([^"]*)"`)
	queries := []directory.Query{
		{},
		{Text: "pomoc rodzinie & <dzieci>"},
		{Volunteers: true},
		{District: "zatorze", Category: "ubostwo", TargetGroup: "seniorzy", OpenNow: true, Interns: true, Text: "żółć", Volunteers: true},
		{Text: "x", Volunteers: true},
		{Interns: true},
	}
	for _, q := range queries {
		for _, page := range []int{1, 2, 3, 7, 40, 41} {
			q.Page = page
			res := directory.Results{Total: 41 * 20, PerPage: 20, Page: page}
			p := pager("/organizacje", q, res)
			at := func(n int) string {
				qq := q
				qq.Page = n
				return searchURL("/organizacje", qq)
			}
			if page > 1 && (p.Prev != page-1 || pageURL(p, p.Prev) != at(page-1)) {
				t.Errorf("%+v: prev %d %q, want %q", q, p.Prev, pageURL(p, p.Prev), at(page-1))
			}
			if page < 41 && (p.Next != page+1 || pageURL(p, p.Next) != at(page+1)) {
				t.Errorf("%+v: next %d %q, want %q", q, p.Next, pageURL(p, p.Next), at(page+1))
			}
			numbers := 0
			for _, l := range p.Links {
				if l.Gap {
					continue
				}
				numbers++
				if pageURL(p, l.Number) != at(l.Number) {
					t.Errorf("%+v: page %d links %q, want %q", q, l.Number, pageURL(p, l.Number), at(l.Number))
				}
			}
			if numbers < 3 {
				t.Errorf("%+v on page %d: %d numbered links", q, page, numbers)
			}
			// Written: the previous page, the numbers, the next page.
			var want, got []string
			if p.Prev != 0 {
				want = append(want, at(page-1))
			}
			for _, l := range p.Links {
				if !l.Gap {
					want = append(want, at(l.Number))
				}
			}
			if p.Next != 0 {
				want = append(want, at(page+1))
			}
			var buf bytes.Buffer
			if err := p.Render(ctx, &buf); err != nil {
				t.Fatal(err)
			}
			for _, m := range href.FindAllStringSubmatch(buf.String(), -1) {
				got = append(got, html.UnescapeString(m[1]))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%+v on page %d writes links %q, want %q", q, page, got, want)
			}
		}
	}
}
