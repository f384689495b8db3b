package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/server"
)

// hangBound only catches hangs; nothing here asserts a speed.
const hangBound = 30 * time.Second

// drainSite serves the portal's handler (for /healthz and /readyz) and a
// slow route whose requests start, say so on started, and finish when
// release is closed.
func drainSite(t *testing.T, ops config.Operations) (base string, started chan struct{}, release chan struct{}, stop context.CancelFunc, done chan error) {
	t.Helper()
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var draining atomic.Bool
	mux := http.NewServeMux()
	mux.Handle("/", server.New(server.Deps{Catalogue: cat, Draining: &draining}))
	started, release = make(chan struct{}, 16), make(chan struct{})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
		io.WriteString(w, "done")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done = make(chan error, 1)
	go func() {
		done <- serveUntil(ctx, &http.Server{Handler: mux}, ln, &draining, ops, slog.New(slog.DiscardHandler))
	}()
	t.Cleanup(func() {
		stop()
		select {
		case <-release:
		default:
			close(release)
		}
	})
	return "http://" + ln.Addr().String(), started, release, stop, done
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// SIGTERM (ctx ending) during slow requests: readiness turns 503 at once
// while liveness stays 200, the server keeps answering for the delay, and
// the requests in flight finish with their answers; serve reports success.
func TestShutdownDrainsInFlightRequests(t *testing.T) {
	base, started, release, stop, done := drainSite(t, config.Operations{ShutdownDelay: 500 * time.Millisecond, ShutdownTimeout: hangBound})
	if got := status(t, base+"/readyz"); got != http.StatusOK {
		t.Fatalf("/readyz before the drain: %d", got)
	}
	const inFlight = 3
	var wg sync.WaitGroup
	bodies := make(chan string, inFlight)
	for range inFlight {
		wg.Go(func() {
			resp, err := http.Get(base + "/slow")
			if err != nil {
				t.Errorf("slow request: %v", err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			bodies <- resp.Status + " " + string(b)
		})
	}
	for range inFlight {
		<-started
	}
	stop()
	// The delay: still listening, not ready, alive.
	if got := status(t, base+"/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %d, want 503", got)
	}
	if got := status(t, base+"/healthz"); got != http.StatusOK {
		t.Errorf("/healthz while draining: %d, want 200", got)
	}
	close(release)
	wg.Wait()
	close(bodies)
	for b := range bodies {
		if b != "200 OK done" {
			t.Errorf("a request in flight got %q, want it finished", b)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after a clean drain: %v, want nil (exit 0)", err)
		}
	case <-time.After(hangBound):
		t.Fatal("serve did not return after the drain")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

// Requests still running after SHUTDOWN_TIMEOUT are cut and serve says so
// (a non-zero exit).
func TestShutdownTimeoutIsReported(t *testing.T) {
	base, started, _, stop, done := drainSite(t, config.Operations{ShutdownTimeout: 200 * time.Millisecond})
	go http.Get(base + "/slow")
	<-started
	stop()
	select {
	case err := <-done:
		if err == nil {
			t.Error("serve reported success with a request cut by the timeout")
		}
	case <-time.After(hangBound):
		t.Fatal("serve did not return after SHUTDOWN_TIMEOUT")
	}
}

// `portal serve` as run by main: it starts on a real database, and stops
// with success when told to.
func TestServeStopsCleanly(t *testing.T) {
	url := dbtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve"}, func(k string) string {
			return map[string]string{"DATABASE_URL": url, "LISTEN_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"}[k]
		}, nil, io.Discard, io.Discard)
	}()
	time.Sleep(time.Second)
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve: %v, want a clean stop", err)
		}
	case <-time.After(hangBound):
		t.Fatal("serve did not stop")
	}
}
