package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// UnavailableCause tells whether err means that the database cannot serve
// now — it is away, refuses or drops connections, shuts down, timed out,
// or the pool is closed or exhausted — and names the cause for the log
// ("" when err is something else). The server answers such errors 503
// with Retry-After: trying again later helps, unlike for a bug.
func UnavailableCause(err error) string {
	if err == nil {
		return ""
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		switch code := pgErr.Code; {
		case code == "57014": // query_canceled: statement_timeout (or a cancel)
			return "database statement timeout"
		case code == "55P03": // lock_not_available: lock_timeout
			return "database lock timeout"
		case code == "25P03": // idle_in_transaction_session_timeout
			return "database idle-in-transaction timeout"
		case strings.HasPrefix(code, "57P"): // admin_shutdown, crash_shutdown, cannot_connect_now, …
			return "database shutting down or starting"
		case strings.HasPrefix(code, "53"): // too_many_connections, out of memory, disk full
			return "database out of resources"
		case strings.HasPrefix(code, "08"): // connection_exception
			return "database connection failed"
		}
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return "database unreachable"
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		return "database timeout"
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "database connection lost"
	case closedPool(err):
		return "database pool closed"
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return "database connection lost"
	}
	return ""
}

// closedPool tells whether err is the pool's "closed pool" (puddle's
// ErrClosedPool, which pgx does not re-export): a request that outlived
// the shutdown of the pool.
func closedPool(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if e.Error() == "closed pool" {
			return true
		}
	}
	return false
}
