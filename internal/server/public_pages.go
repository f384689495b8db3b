package server

import (
	"net/http"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

func (s *Server) accessibilityStatement(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, public.AccessibilityStatement(public.TextPage{
		Head:    components.Head{Title: i18n.T(r.Context(), "accessibility_statement"), Canonical: s.absURL(r, "/deklaracja-dostepnosci")},
		Texts:   siteTexts(r),
		SiteURL: s.absURL(r, "/"),
	}))
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, public.Privacy(public.TextPage{
		Head:  components.Head{Title: i18n.T(r.Context(), "privacy"), Canonical: s.absURL(r, "/prywatnosc")},
		Texts: siteTexts(r),
	}))
}

// robots keeps crawlers out of the admin area and names the sitemap
// (public_opendata.go).
func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /admin\n\nSitemap: " + s.absURL(r, "/sitemap.xml") + "\n"))
}
