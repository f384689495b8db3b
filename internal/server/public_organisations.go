package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

const (
	perPage = 20
	// maxPage bounds the page number an address may ask for (a page past
	// the last one redirects to the last); any page of the publication's
	// index costs the same as the first.
	maxPage = 1 << 20
	// maxQueryText bounds the search text a request may carry.
	maxQueryText = 200
)

// The search state lives in the address, under Polish parameter names, so
// that a search can be bookmarked and shared.
const (
	paramText        = "q"
	paramCategory    = "kategoria"
	paramTargetGroup = "grupa"
	paramDistrict    = "dzielnica"
	paramOpenNow     = "otwarte"
	paramVolunteers  = "wolontariat"
	paramInterns     = "praktyki"
	paramPage        = "strona"
	yes              = "tak"
)

func (s *Server) organisations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	base := components.DirectoryPath(ctx)
	q, facets, res, ok := s.runSearch(w, r, base, perPage)
	if !ok {
		return
	}
	defer releaseResults(q.Room)
	title := searchTitle(ctx, "search_title", q, res)
	opts, err := s.filterOptions(ctx, facets)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pub, err := s.Directory.Current(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The head names the Polish address (the layout gives each language's);
	// the citation, the address of this page in its language.
	canonical := s.absURL(r, searchURL(polishDirectoryPath(ctx), q))
	downloads := public.Downloads{Count: res.Total, Publication: pub, LicenceName: s.Licence.Name, LicenceURL: s.Licence.URL,
		Permalink: s.absURL(r, searchURL(base, q))}
	if searches(q) {
		all := q
		all.Page = 1
		downloads.Query = searchURL("", all)
	}
	s.render(w, r, http.StatusOK, public.Search(&public.SearchPage{
		Head: components.Head{
			Title:     title,
			Canonical: canonical,
			Section:   "organisations",
			NoIndex:   len(res.Items) == 0,
			// The catalogue describes the public directory, not a preview.
			DataCatalog: s.dataCatalogURL(r, pub),
		},
		Query:     q,
		Results:   res,
		Options:   opts,
		Active:    activeFilters(r, q, facets.Vocabulary),
		Pager:     pager(base, q, res),
		ClearURL:  base,
		Back:      backParam(q),
		Downloads: downloads,
		Stencils:  &s.searchStencils,
	}))
}

// paramBack carries a search into the page of one of its results, so that
// the page's back link returns to it.
const paramBack = "wroc"

// backParam is what a result's link carries back to search q ("?wroc=…"):
// the search's own parameters, nothing for the unsearched first page.
func backParam(q directory.Query) string {
	query := searchURL("", q) // "?…" or ""
	if query == "" {
		return ""
	}
	return "?" + paramBack + "=" + url.QueryEscape(query[1:])
}

// backURL is the search an organisation page's back link returns to: the
// search in the request's back parameter, read as the list reads its
// address and written again under base, so that it can only ever lead to
// the directory (never another site or page); empty when there is none.
// polishDirectoryPath is the directory's path in Polish: the public one,
// or the preview's.
func polishDirectoryPath(ctx context.Context) string {
	if components.Previewing(ctx) {
		return components.DirectoryPath(ctx)
	}
	return components.PublicDirectoryPath
}

func backURL(r *http.Request, base string) string {
	raw := queryOf(r).Get(paramBack)
	if raw == "" || len(raw) > maxBackLink {
		return ""
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	q := parseQuery(v)
	if !searches(q) && q.Page == 1 {
		return ""
	}
	// The bound is on the link written, not only on what came: escaping
	// can make the link three times as long, and the link's own search
	// must lead back to it (a result's link carries exactly that).
	link := searchURL(base, q)
	if len(link) > maxBackLink {
		return ""
	}
	return link
}

// maxBackLink bounds the search a back link carries (a search of the
// longest text with every filter is a tenth of it).
const maxBackLink = 4096

// runSearch runs the search in r's address with perPage results to a
// page, and the facets to filter by. Past the last page (an old link, a
// hand-typed number) it redirects to the last page under base and
// reports false; on a failure it shows the error page and reports false.
func (s *Server) runSearch(w http.ResponseWriter, r *http.Request, base string, perPage int) (directory.Query, directory.Facets, directory.Results, bool) {
	ctx := r.Context()
	q := parseQuery(queryOf(r))
	q.Now = s.Now()
	q.PerPage = perPage
	q.Room = *resultRooms.Get().(*[]directory.Summary)
	facets, err := s.Directory.Facets(ctx)
	if err != nil {
		s.fail(w, r, err)
		return q, facets, directory.Results{}, false
	}
	res, err := s.Directory.Search(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return q, facets, res, false
	}
	s.countMiss(ctx, q, res)
	if len(res.Items) == 0 && res.Total > 0 && q.Page > 1 {
		q.Page = res.Pages()
		http.Redirect(w, r, searchURL(base, q), http.StatusSeeOther)
		return q, facets, res, false
	}
	return q, localFacets(ctx, facets), localResults(ctx, facets.Vocabulary, res), true
}

// resultRooms keep the room for a page of results between searches (see
// directory.Query.Room): a page's twenty results are most of what a search
// allocates.
var resultRooms = sync.Pool{New: func() any {
	room := make([]directory.Summary, 0, perPage)
	return &room
}}

// releaseResults gives room, the room a search was given (q.Room), to
// the next search once the page is written (the results may be a copy in
// another language, which is left to the collector). It is emptied first:
// its results hold the strings of the publication they come from, which
// would otherwise be kept alive.
func releaseResults(room []directory.Summary) {
	if cap(room) < perPage {
		return
	}
	room = room[:0]
	clear(room[:cap(room)])
	resultRooms.Put(&room)
}

// searchTitle is the page title id, with the page number when there are
// several.
func searchTitle(ctx context.Context, id string, q directory.Query, res directory.Results) string {
	title := i18n.T(ctx, id)
	if pages := res.Pages(); pages > 1 {
		title += " – " + i18n.T(ctx, "results_page_title", map[string]int{"Page": q.Page, "Pages": pages})
	}
	return title
}

// parseQuery reads the search state from the address. Whatever cannot be
// used is ignored rather than refused: a mangled shared link still shows
// the directory.
func parseQuery(v url.Values) directory.Query {
	q := directory.Query{
		Text:        strings.TrimSpace(v.Get(paramText)),
		Category:    v.Get(paramCategory),
		TargetGroup: v.Get(paramTargetGroup),
		District:    v.Get(paramDistrict),
		OpenNow:     v.Get(paramOpenNow) == yes,
		Volunteers:  v.Get(paramVolunteers) == yes,
		Interns:     v.Get(paramInterns) == yes,
		Page:        1,
	}
	if utf8.RuneCountInString(q.Text) > maxQueryText {
		q.Text = string([]rune(q.Text)[:maxQueryText])
	}
	if n, err := strconv.Atoi(v.Get(paramPage)); err == nil && n > 1 {
		q.Page = min(n, maxPage)
	}
	return q
}

// searchURL is the address of a search state; the first page has no page
// parameter so that each search has one canonical address.
func searchURL(base string, q directory.Query) string {
	// The parameters in the order url.Values.Encode would sort them, written
	// straight into one string: a results page makes a dozen of these
	// addresses (its pager, its filters).
	var b strings.Builder
	sep := byte('?')
	set := func(k, val string) {
		if val == "" {
			return
		}
		if b.Len() == 0 {
			b.Grow(len(base) + 64)
			b.WriteString(base)
		}
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(val))
	}
	flag := func(k string, on bool) {
		if on {
			set(k, yes)
		}
	}
	page := ""
	if q.Page > 1 {
		page = strconv.Itoa(q.Page)
	}
	set(paramDistrict, q.District)
	set(paramTargetGroup, q.TargetGroup)
	set(paramCategory, q.Category)
	flag(paramOpenNow, q.OpenNow)
	flag(paramInterns, q.Interns)
	set(paramText, q.Text)
	set(paramPage, page)
	flag(paramVolunteers, q.Volunteers)
	if b.Len() == 0 {
		return base
	}
	return b.String()
}

// activeFilters lists the applied filters, each with the address of the
// same search without it (and back on the first page).
func activeFilters(r *http.Request, q directory.Query, v directory.Vocabulary) []public.ActiveFilter {
	ctx := r.Context()
	base := q
	base.Page = 1
	var out []public.ActiveFilter
	add := func(label string, drop func(*directory.Query)) {
		without := base
		drop(&without)
		out = append(out, public.ActiveFilter{Label: label, RemoveURL: searchURL(components.DirectoryPath(r.Context()), without)})
	}
	if q.Text != "" {
		add(i18n.T(ctx, "filter_label_text", map[string]string{"Text": q.Text}), func(q *directory.Query) { q.Text = "" })
	}
	if q.Category != "" {
		add(i18n.T(ctx, "filter_label_category", map[string]string{"Name": v.CategoryName(q.Category)}), func(q *directory.Query) { q.Category = "" })
	}
	if q.TargetGroup != "" {
		add(i18n.T(ctx, "filter_label_target_group", map[string]string{"Name": v.TargetGroupName(q.TargetGroup)}), func(q *directory.Query) { q.TargetGroup = "" })
	}
	if q.District != "" {
		add(i18n.T(ctx, "filter_label_district", map[string]string{"Name": v.DistrictName(q.District)}), func(q *directory.Query) { q.District = "" })
	}
	if q.OpenNow {
		add(i18n.T(ctx, "filter_open_now"), func(q *directory.Query) { q.OpenNow = false })
	}
	if q.Volunteers {
		add(i18n.T(ctx, "filter_volunteers"), func(q *directory.Query) { q.Volunteers = false })
	}
	if q.Interns {
		add(i18n.T(ctx, "filter_interns"), func(q *directory.Query) { q.Interns = false })
	}
	return out
}

// pageMark is a page number no address holds (it is past maxPage), which
// stands for the page in the address pager cuts.
const pageMark = maxPage + 1

// pager links the first and last pages and two on each side of the
// current one, with gaps between.
func pager(base string, q directory.Query, res directory.Results) public.Pager {
	pages := res.Pages()
	if pages <= 1 {
		return public.Pager{}
	}
	// The addresses differ in their page alone: the search's address is
	// written once, cut where the page number goes.
	qq := q
	qq.Page = pageMark
	pre, post, cut := strings.Cut(searchURL(base, qq), paramPage+"="+strconv.Itoa(pageMark))
	if !cut {
		// Never: searchURL writes the page of every page but the first
		// (TestPagerLinksAreTheSearchsPages would fail first). A page
		// without a pager rather than with wrong links.
		return public.Pager{}
	}
	p := public.Pager{Before: pre + paramPage + "=", After: post}
	// The first page has no page parameter: it is the address without it
	// and one of the separators around it.
	if post == "" {
		p.First = pre[:len(pre)-1]
	} else {
		p.First = pre + post[1:]
	}
	if q.Page > 1 {
		p.Prev = min(q.Page-1, pages)
	}
	if q.Page < pages {
		p.Next = q.Page + 1
	}
	// The first, the last and two either side of the current page: the
	// numbers in between are gaps, however many pages there are.
	last := 0
	for _, n := range []int{1, q.Page - 2, q.Page - 1, q.Page, q.Page + 1, q.Page + 2, pages} {
		if n <= last || n > pages {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, public.PageLink{Gap: true})
		}
		p.Links = append(p.Links, public.PageLink{Number: n, Current: n == q.Page})
		last = n
	}
	return p
}
