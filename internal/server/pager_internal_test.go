package server

import (
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
)

// TestPagerLinksAreTheSearchsPages checks that each of the pager's links is
// the search's own address on that page (searchURL), whatever parameters
// come before and after the page number.
func TestPagerLinksAreTheSearchsPages(t *testing.T) {
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
			if page > 1 && (p.Prev != page-1 || p.URL(p.Prev) != at(page-1)) {
				t.Errorf("%+v: prev %d %q, want %q", q, p.Prev, p.URL(p.Prev), at(page-1))
			}
			if page < 41 && (p.Next != page+1 || p.URL(p.Next) != at(page+1)) {
				t.Errorf("%+v: next %d %q, want %q", q, p.Next, p.URL(p.Next), at(page+1))
			}
			numbers := 0
			for _, l := range p.Links {
				if l.Gap {
					continue
				}
				numbers++
				if p.URL(l.Number) != at(l.Number) {
					t.Errorf("%+v: page %d links %q, want %q", q, l.Number, p.URL(l.Number), at(l.Number))
				}
			}
			if numbers < 3 {
				t.Errorf("%+v on page %d: %d numbered links", q, page, numbers)
			}
		}
	}
}
