package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/web"
)

// maxBody bounds every request body; the public side takes no uploads.
const maxBody = 1 << 20

func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.GetHead)
	r.Use(s.logRequests)
	r.Use(s.recoverPanics)
	r.Use(securityHeaders)
	r.Use(s.localize)
	r.Use(s.limitBody(maxBody))
	r.Use(middleware.RedirectSlashes)
	r.Use(s.rejectBadInput)

	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Handle("/static/*", web.StaticHandler(http.HandlerFunc(s.notFound)))
	r.Get("/healthz", s.healthz)

	// Public pages: read-only, so GET (and HEAD) only.
	r.Group(func(r chi.Router) {
		r.Get("/", s.home)
		r.Get("/organizacje", s.organisations)
		r.Get("/organizacje/{slug}", s.organisation)
		r.Get("/strategia", s.strategyOverview)
		r.Get("/strategia.{format:csv|json}", s.strategyDownload)
		r.Get("/strategia/monitoring", s.monitoring)
		r.Get("/strategia/zadania/{slug:[a-z0-9-]+}", s.task)
		r.Get("/strategia/zadania/{slug:[a-z0-9-]+}.{format:csv|json}", s.taskDownload)
		r.Get("/deklaracja-dostepnosci", s.accessibilityStatement)
		r.Get("/prywatnosc", s.privacy)
		r.Get("/robots.txt", s.robots)
	})
	return r
}
