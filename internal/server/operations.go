package server

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// operations is the server's side of running as a service: liveness and
// readiness, draining, and the bound on heavy work.
type operations struct {
	draining *atomic.Bool
	// heavy holds a token per heavy request running (see heavy).
	heavy chan struct{}
}

// DefaultHeavyJobs is how many heavy requests run at once when
// Deps.HeavyJobs is 0.
const DefaultHeavyJobs = 2

func newOperations(d Deps) *operations {
	o := &operations{draining: d.Draining}
	if o.draining == nil {
		o.draining = new(atomic.Bool)
	}
	n := d.HeavyJobs
	if n <= 0 {
		n = DefaultHeavyJobs
	}
	o.heavy = make(chan struct{}, n)
	return o
}

// healthz tells that the process lives and serves (liveness): it asks
// nothing of the database, so a database outage does not get every
// instance restarted, and answers during a drain too.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	plain(w, http.StatusOK, "ok\n")
}

// readyCheck bounds the database ping of /readyz: a load balancer's probe
// must be answered before it times out itself.
const readyCheck = 2 * time.Second

// readyz tells whether this instance should get traffic (readiness): not
// once it drains for shutdown, nor while the database does not answer.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.ops.draining.Load() {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		plain(w, http.StatusServiceUnavailable, "draining\n")
		return
	}
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyCheck)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			if cause, ok := unavailable(err); ok {
				s.faults.log(r.Context(), s.Logger, cause, err, "", r.URL.Path)
			} else {
				s.faults.log(r.Context(), s.Logger, "readiness check failed", err, "", r.URL.Path)
			}
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
			plain(w, http.StatusServiceUnavailable, "unavailable\n")
			return
		}
	}
	plain(w, http.StatusOK, "ok\n")
}

func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// heavyWait is how long a heavy request waits for a free slot before it is
// told to come back: a short burst queues, a flood does not.
const heavyWait = 2 * time.Second

// heavy bounds how many heavy requests (PDF generation, publishing,
// rollback, erasure: seconds of CPU and a database connection each) run at
// once, so that they cannot take every connection and core from the
// pages; one over the bound gets 503 with Retry-After.
func (s *Server) heavy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.ops.heavy <- struct{}{}:
		default:
			t := time.NewTimer(heavyWait)
			select {
			case s.ops.heavy <- struct{}{}:
				t.Stop()
			case <-t.C:
				w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
				s.errorPage(w, r, http.StatusServiceUnavailable, "busy", "")
				return
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		defer func() { <-s.ops.heavy }()
		next.ServeHTTP(w, r)
	})
}
