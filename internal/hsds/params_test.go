package hsds

import (
	"errors"
	"net/url"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/directory"
)

func TestParseList(t *testing.T) {
	p, err := ParseList(url.Values{
		"search": {" seniorzy "}, "page": {"2"}, "per_page": {"10"}, "full": {"true"}, "minimal": {"0"},
		"taxonomy_term_id": {"2F4B2B92-952B-5439-97C4-4AAD3F433089"}, "modified_after": {"2026-03-29"}, "format": {"NDJSON"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Search != "seniorzy" || p.Page != 2 || p.PerPage != 10 || !p.Full || p.Minimal || !p.NDJSON ||
		p.TaxonomyTermID != "2f4b2b92-952b-5439-97c4-4aad3f433089" ||
		!p.ModifiedAfter.Equal(time.Date(2026, 3, 29, 0, 0, 0, 0, directory.Warsaw)) {
		t.Errorf("%+v", p)
	}
	if d, _ := ParseList(url.Values{}); d.Page != 1 || d.PerPage != DefaultPerPage {
		t.Errorf("defaults: %+v", d)
	}
	for q, param := range map[string]string{
		"page=0": "page", "per_page=501": "per_page", "full=yes": "full", "organization_id=42": "organization_id",
		"modified_after=2026-13-01": "modified_after", "format=csv": "format",
	} {
		v, _ := url.ParseQuery(q)
		_, err := ParseList(v)
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != param {
			t.Errorf("%s: %v, want an error naming %s", q, err, param)
		}
	}
}

// FuzzParseList: any query either parses within the bounds or names the
// parameter it could not read; it never panics.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"", "page=2&per_page=10", "search=pomoc&full=true", "modified_after=2026-03-29T02:30:00",
		"taxonomy_id=2f4b2b92-952b-5439-97c4-4aad3f433089", "page=99999999999999999999", "per_page=-1", "format=ndjson", "search=%ff%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		p, err := ParseList(v)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param == "" || pe.Expected == "" {
				t.Fatalf("%q: %v", q, err)
			}
			return
		}
		if p.Page < 1 || p.Page > MaxPage || p.PerPage < 1 || p.PerPage > MaxPerPage {
			t.Fatalf("%q: page %d per_page %d", q, p.Page, p.PerPage)
		}
		if !utf8.ValidString(p.Search) || utf8.RuneCountInString(p.Search) > MaxSearch {
			t.Fatalf("%q: search %q", q, p.Search)
		}
		for _, id := range []string{p.TaxonomyTermID, p.TaxonomyID, p.OrganizationID, p.ParentID} {
			if id != "" {
				if u, err := uuid.Parse(id); err != nil || u.String() != id {
					t.Fatalf("%q: id %q is not a canonical UUID", q, id)
				}
			}
		}
	})
}
