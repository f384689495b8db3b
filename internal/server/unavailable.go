package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/store"
)

// retryAfter is what a 503 asks clients to wait, in seconds: about the time
// a restarting database or a busy pool needs.
const retryAfter = 5

// unavailable reports whether err is a failure that waiting cures — the
// database away, shutting down, timed out, or its pool exhausted — and
// names its cause for the log.
func unavailable(err error) (cause string, ok bool) {
	if cause := store.UnavailableCause(err); cause != "" {
		return cause, true
	}
	if e, ok := errors.AsType[*fault.Error](err); ok && e.Code == fault.Unavailable {
		if e.Message != "" {
			return e.Message, true
		}
		return "unavailable", true
	}
	return "", false
}

// failUnavailable answers err when waiting cures it: 503 with Retry-After,
// the cause logged at most once per interval (see faultLog) — when the
// database is away every request fails the same way, and a log line each
// would bury everything else (the request log still has one line per
// request). A request whose client has gone is not logged at all: its
// database work was cancelled with it. It reports whether it answered.
func (s *Server) failUnavailable(w http.ResponseWriter, r *http.Request, err error) bool {
	gone := r.Context().Err() != nil && errors.Is(err, r.Context().Err())
	cause, ok := unavailable(err)
	if !ok && !gone {
		return false
	}
	if !gone {
		s.faults.log(r.Context(), s.Logger, cause, err, middleware.GetReqID(r.Context()), r.URL.Path)
	}
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	s.errorPage(w, r, http.StatusServiceUnavailable, string(fault.Unavailable), "")
	return true
}

// faultLogInterval is how often one cause of unavailability is logged.
const faultLogInterval = 10 * time.Second

// faultLog logs each cause of unavailability once per interval, with the
// number of failures of that cause left unlogged since its last line.
type faultLog struct {
	mu     sync.Mutex
	causes map[string]*faultCount
	now    func() time.Time
}

type faultCount struct {
	logged     time.Time
	suppressed int
}

func newFaultLog() *faultLog {
	return &faultLog{causes: map[string]*faultCount{}, now: time.Now}
}

func (l *faultLog) log(ctx context.Context, logger *slog.Logger, cause string, err error, reqID, path string) {
	l.mu.Lock()
	c := l.causes[cause]
	if c == nil {
		// Causes are a short fixed list (store.UnavailableCause and the
		// fault messages), so the map stays small.
		c = &faultCount{}
		l.causes[cause] = c
	}
	now := l.now()
	if !c.logged.IsZero() && now.Sub(c.logged) < faultLogInterval {
		c.suppressed++
		l.mu.Unlock()
		return
	}
	suppressed := c.suppressed
	c.logged, c.suppressed = now, 0
	l.mu.Unlock()
	logger.LogAttrs(ctx, slog.LevelError, "service unavailable",
		slog.String("cause", cause), slog.Int("suppressed", suppressed),
		slog.String("id", reqID), slog.String("path", path), slog.Any("error", err))
}
