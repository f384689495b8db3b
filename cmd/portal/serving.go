package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/store"
)

// limits are the database limits of `portal serve` from the configuration.
func limits(cfg config.Config) store.Limits {
	return store.Limits{
		Connect:           cfg.DBConnectTimeout,
		Acquire:           cfg.DBAcquireTimeout,
		Statement:         cfg.DBStatementTimeout,
		Lock:              cfg.DBLockTimeout,
		IdleInTransaction: cfg.DBIdleInTransactionTimeout,
		ClientCheck:       cfg.DBClientCheckInterval,
		Job:               cfg.DBJobTimeout,
		MaxConns:          cfg.DBMaxConns,
	}
}

// serveUntil serves on ln until ctx ends, then drains: /readyz answers 503
// at once (draining set), the listener stays open for ShutdownDelay so
// that load balancers that have not yet noticed still get answers, then it
// closes and the requests in flight get up to ShutdownTimeout to finish.
// It returns nil when they all finished, an error when some were cut.
func serveUntil(ctx context.Context, srv *http.Server, ln net.Listener, draining *atomic.Bool, ops config.Operations, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	draining.Store(true)
	logger.Info("shutting down: readiness is 503", "delay", ops.ShutdownDelay.String(), "timeout", ops.ShutdownTimeout.String())
	if ops.ShutdownDelay > 0 {
		select {
		case err := <-errc:
			return err
		case <-time.After(ops.ShutdownDelay):
		}
	}
	shutdown := context.Background()
	if ops.ShutdownTimeout > 0 {
		var cancel context.CancelFunc
		shutdown, cancel = context.WithTimeout(shutdown, ops.ShutdownTimeout)
		defer cancel()
	}
	if err := srv.Shutdown(shutdown); err != nil {
		// Whatever still runs is cut, so that the pool can close.
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after SHUTDOWN_TIMEOUT=%s were cut: %w", ops.ShutdownTimeout, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("shut down: every request finished")
	return nil
}
