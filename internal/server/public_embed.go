package server

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

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

// embedSearchPath is the search in the iframe; its links stay there.
const embedSearchPath = "/osadz"

func (s *Server) embedSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	base := components.Path(ctx, embedSearchPath)
	q, facets, res, ok := s.runSearch(w, r, base, embedPerPage)
	if !ok {
		return
	}
	defer releaseResults(q.Room)
	// The search as a whole page of the portal, with all its filters.
	full := q
	full.Page = 1
	title := searchTitle(ctx, "embed_title", q, res)
	opts, err := s.filterOptions(ctx, facets)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, public.EmbedSearch(public.EmbedSearchPage{
		Head:    components.Head{Title: title, Canonical: s.absURL(r, searchURL(components.PublicDirectoryPath, full)), NoIndex: true},
		Query:   q,
		Results: res,
		Options: opts,
		Pager:   pager(base, q, res),
		FullURL: s.absURL(r, searchURL(components.Path(ctx, components.PublicDirectoryPath), full)),
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
	vocab = localVocabulary(ctx, vocab)
	canonical := s.absURL(r, "/organizacje/"+org.Slug)
	full := s.absURL(r, components.Path(ctx, "/organizacje/"+org.Slug))
	s.render(w, r, http.StatusOK, public.EmbedOrganisation(public.EmbedOrganisationPage{
		Head:       components.Head{Title: org.Name, Canonical: canonical, NoIndex: true},
		Org:        org,
		Vocabulary: vocab,
		Status:     org.Hours.StatusAt(s.Now()),
		FullURL:    full,
		BackURL:    components.Path(ctx, embedSearchPath),
	}))
}
