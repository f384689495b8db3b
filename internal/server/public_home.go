package server

import (
	"net/http"

	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	facets, err := s.Directory.Facets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, public.Home(public.HomePage{
		Head: components.Head{
			Description:  i18n.T(r.Context(), "home_lead"),
			Canonical:    s.absURL(r, "/"),
			Section:      "home",
			StatementURL: s.absURL(r, "/deklaracja-dostepnosci"),
			DataCatalog:  s.absURL(r, export.CataloguePath),
		},
		Facets: localFacets(r.Context(), facets),
		Texts:  siteTexts(r),
	}))
}

// absURL makes an absolute URL of a path, on BaseURL when it is set.
func (s *Server) absURL(r *http.Request, path string) string {
	if s.BaseURL != "" {
		return s.BaseURL + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
