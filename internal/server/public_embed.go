package server

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// embedPerPage is shorter than the portal's page: the iframe is small.
const embedPerPage = 10

// allowFraming lets the sites in EmbedOrigins (and the portal itself, for
// the preview in the admin area) show a page in an iframe. It widens the
// frame-ancestors directive that securityHeaders set and drops
// X-Frame-Options, which cannot name several sites (browsers obey
// frame-ancestors over it anyway). Every other route keeps
// frame-ancestors 'none' and DENY.
func (s *Server) allowFraming(next http.Handler) http.Handler {
	ancestors := "frame-ancestors " + strings.Join(append([]string{"'self'"}, s.EmbedOrigins...), " ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"), denyFraming, ancestors, 1))
		h.Del("X-Frame-Options")
		next.ServeHTTP(w, r)
	})
}

// embedPath turns an address of the portal's search into the same search
// in the iframe; an empty address (no such page) stays empty.
func embedPath(searchAddress string) string {
	if searchAddress == "" {
		return ""
	}
	return "/osadz" + strings.TrimPrefix(searchAddress, "/organizacje")
}

func (s *Server) embedSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := parseQuery(r.URL.Query())
	q.Now = s.Now()
	q.PerPage = embedPerPage
	facets, err := s.Directory.Facets(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.Directory.Search(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(res.Items) == 0 && res.Total > 0 && q.Page > 1 {
		q.Page = res.Pages()
		http.Redirect(w, r, embedPath(searchURL(components.PublicDirectoryPath, q)), http.StatusSeeOther)
		return
	}
	pg := pager(components.PublicDirectoryPath, q, res)
	pg.Prev, pg.Next = embedPath(pg.Prev), embedPath(pg.Next)
	for i := range pg.Links {
		if !pg.Links[i].Gap {
			pg.Links[i].URL = embedPath(pg.Links[i].URL)
		}
	}
	// The search as a whole page of the portal, with all its filters.
	full := q
	full.Page = 1
	title := i18n.T(ctx, "embed_title")
	if pages := res.Pages(); pages > 1 {
		title += " – " + i18n.T(ctx, "results_page_title", map[string]int{"Page": q.Page, "Pages": pages})
	}
	s.render(w, r, http.StatusOK, public.EmbedSearch(public.EmbedSearchPage{
		Head:    components.Head{Title: title, Canonical: s.absURL(r, searchURL(components.PublicDirectoryPath, full)), NoIndex: true},
		Query:   q,
		Results: res,
		Facets:  facets,
		Pager:   pg,
		FullURL: s.absURL(r, searchURL(components.PublicDirectoryPath, full)),
	}))
}

func (s *Server) embedOrganisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, err := s.Directory.Organisation(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	full := s.absURL(r, "/organizacje/"+org.Slug)
	s.render(w, r, http.StatusOK, public.EmbedOrganisation(public.EmbedOrganisationPage{
		Head:       components.Head{Title: org.Name, Canonical: full, NoIndex: true},
		Org:        org,
		Vocabulary: vocab,
		Status:     org.Hours.StatusAt(s.Now()),
		FullURL:    full,
		BackURL:    "/osadz",
	}))
}
