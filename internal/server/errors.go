package server

import (
	"bytes"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// statusOf maps an error's code to its HTTP status.
var statusOf = map[fault.Code]int{
	fault.NotFound:    http.StatusNotFound,
	fault.Invalid:     http.StatusBadRequest,
	fault.Conflict:    http.StatusConflict,
	fault.Forbidden:   http.StatusForbidden,
	fault.Unavailable: http.StatusServiceUnavailable,
	fault.Internal:    http.StatusInternalServerError,
}

// fail answers with the error page for err. What went wrong internally is
// logged with the request id and never shown: the page names the kind of
// failure and, for a server error, the request id to quote.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if s.failUnavailable(w, r, err) {
		return
	}
	code := fault.CodeOf(err)
	status := statusOf[code]
	reqID := middleware.GetReqID(r.Context())
	if status >= 500 {
		s.Logger.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("id", reqID), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	s.errorPage(w, r, status, string(code), reqID)
}

// errorPage renders the page of a 4xx or 5xx status; key selects its texts.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, key, reqID string) {
	if isHSDS(r) {
		s.hsdsError(w, r, status, key)
		return
	}
	ctx := r.Context()
	p := public.ErrorPage{
		Head:    components.Head{Title: i18n.T(ctx, "error_"+key+"_title"), NoIndex: true},
		Status:  status,
		Title:   i18n.T(ctx, "error_"+key+"_title"),
		Message: i18n.T(ctx, "error_"+key),
	}
	if status >= 500 && reqID != "" {
		p.Message += " " + i18n.T(ctx, "error_request_id", map[string]string{"ID": reqID})
	}
	w.Header().Set("Cache-Control", "no-store")
	var buf bytes.Buffer
	if err := public.Error(p).Render(ctx, &buf); err != nil {
		// The error page itself cannot render (and render would come back
		// here): say it plainly.
		s.Logger.Error("error page failed", "error", err)
		http.Error(w, "Wystąpił błąd. Spróbuj ponownie później.", status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "not_found", "")
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusMethodNotAllowed, "method", "")
}
