package server

import (
	"context"
	"net/http"
	"time"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

func (s *Server) accessibilityStatement(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, public.AccessibilityStatement(public.TextPage{
		Head: components.Head{Title: i18n.T(r.Context(), "accessibility_statement"), Canonical: s.absURL(r, "/deklaracja-dostepnosci")},
	}))
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, public.Privacy(public.TextPage{
		Head: components.Head{Title: i18n.T(r.Context(), "privacy"), Canonical: s.absURL(r, "/prywatnosc")},
	}))
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /admin\n"))
}

// healthz answers 200 when the database answers, for load balancers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			s.Logger.Warn("health check failed", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("unavailable\n"))
			return
		}
	}
	w.Write([]byte("ok\n"))
}
