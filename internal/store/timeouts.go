package store

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Limits bound how long the portal waits for the database, so that a
// database that is away, frozen or busy gives an error (503) in bounded
// time rather than a request that hangs. A zero field switches its limit
// off.
type Limits struct {
	// Connect bounds opening one connection (TCP and start-up).
	Connect time.Duration
	// Acquire bounds the wait for a free connection of the pool.
	Acquire time.Duration
	// Statement is PostgreSQL's statement_timeout. The client also gives
	// up statementGrace after it: a server that stopped answering (frozen,
	// or behind a dead network) cannot cancel anything itself.
	Statement time.Duration
	// Lock is lock_timeout; IdleInTransaction is
	// idle_in_transaction_session_timeout.
	Lock, IdleInTransaction time.Duration
	// ClientCheck is client_connection_check_interval: a query whose
	// client went away stops at the next check instead of running on.
	ClientCheck time.Duration
	// Job replaces Statement, Lock and IdleInTransaction in the
	// transactions of long jobs (publishing, rollback, artifact builds),
	// which run for seconds at 100 000 organisations and wait for one
	// another.
	Job time.Duration
	// MaxConns is the pool's size; 0 keeps the URL's (or pgx's default).
	MaxConns int
}

// statementGrace is how much longer than the server's statement_timeout
// the client waits before it cuts the connection itself.
const statementGrace = 2 * time.Second

// WithLimits sets the session parameters of every connection and the
// client-side deadlines of l.
func WithLimits(l Limits) Option {
	return func(o *options) { o.limits = &l }
}

// apply puts l into cfg, after every other option (the deadlines wrap
// whatever tracer another option set).
func (l Limits) apply(cfg *pgxpool.Config) {
	if l.Connect > 0 {
		cfg.ConnConfig.ConnectTimeout = l.Connect
	}
	if l.MaxConns > 0 {
		cfg.MaxConns = int32(l.MaxConns)
	}
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	// Sent in the start-up packet: no round trip per connection.
	for name, d := range map[string]time.Duration{
		"statement_timeout":                   l.Statement,
		"lock_timeout":                        l.Lock,
		"idle_in_transaction_session_timeout": l.IdleInTransaction,
		"client_connection_check_interval":    l.ClientCheck,
	} {
		if d > 0 {
			cfg.ConnConfig.RuntimeParams[name] = millis(d)
		}
	}
	cfg.ConnConfig.Tracer = &deadlines{inner: cfg.ConnConfig.Tracer, limits: l}
}

func millis(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

// jobKey marks a context whose statements belong to a long job.
type jobKey struct{}

// inJob runs fn in one transaction with the limits of a long job: the
// session's statement, lock and idle limits are raised for this
// transaction only (SET LOCAL), and the client waits as long.
func (s *Store) inJob(ctx context.Context, fn func(pgx.Tx) error) error {
	ctx = context.WithValue(ctx, jobKey{}, true)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if d := s.limits.Job; d > 0 {
			v := millis(d)
			if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true),
				set_config('lock_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $1, true)`, v); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// deadlines gives every wait for the pool and every statement a deadline
// (pgx calls a tracer with the context it then uses, so the deadline set
// here is the one the wait or the statement runs under), and passes the
// calls on to the tracer it wraps.
type deadlines struct {
	inner  pgx.QueryTracer
	limits Limits
}

// cancelKey holds the cancel function of the deadline a start call set.
type cancelKey struct{}

func (d *deadlines) bound(ctx context.Context, limit time.Duration) context.Context {
	if limit <= 0 {
		return ctx
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return context.WithValue(ctx, cancelKey{}, cancel)
}

func release(ctx context.Context) {
	if cancel, ok := ctx.Value(cancelKey{}).(context.CancelFunc); ok {
		cancel()
	}
}

// statement is the client's deadline for one statement under ctx.
func (d *deadlines) statement(ctx context.Context) time.Duration {
	limit := d.limits.Statement
	if job, _ := ctx.Value(jobKey{}).(bool); job && d.limits.Job > 0 {
		limit = d.limits.Job
	} else if job {
		limit = 0
	}
	if limit <= 0 {
		return 0
	}
	return limit + statementGrace
}

func (d *deadlines) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	ctx = d.bound(ctx, d.statement(ctx))
	if d.inner != nil {
		ctx = d.inner.TraceQueryStart(ctx, conn, data)
	}
	return ctx
}

func (d *deadlines) TraceQueryEnd(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryEndData) {
	if d.inner != nil {
		d.inner.TraceQueryEnd(ctx, conn, data)
	}
	release(ctx)
}

func (d *deadlines) TraceBatchStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceBatchStartData) context.Context {
	ctx = d.bound(ctx, d.statement(ctx))
	if t, ok := d.inner.(pgx.BatchTracer); ok {
		ctx = t.TraceBatchStart(ctx, conn, data)
	}
	return ctx
}

func (d *deadlines) TraceBatchQuery(ctx context.Context, conn *pgx.Conn, data pgx.TraceBatchQueryData) {
	if t, ok := d.inner.(pgx.BatchTracer); ok {
		t.TraceBatchQuery(ctx, conn, data)
	}
}

func (d *deadlines) TraceBatchEnd(ctx context.Context, conn *pgx.Conn, data pgx.TraceBatchEndData) {
	if t, ok := d.inner.(pgx.BatchTracer); ok {
		t.TraceBatchEnd(ctx, conn, data)
	}
	release(ctx)
}

func (d *deadlines) TraceCopyFromStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceCopyFromStartData) context.Context {
	ctx = d.bound(ctx, d.statement(ctx))
	if t, ok := d.inner.(pgx.CopyFromTracer); ok {
		ctx = t.TraceCopyFromStart(ctx, conn, data)
	}
	return ctx
}

func (d *deadlines) TraceCopyFromEnd(ctx context.Context, conn *pgx.Conn, data pgx.TraceCopyFromEndData) {
	if t, ok := d.inner.(pgx.CopyFromTracer); ok {
		t.TraceCopyFromEnd(ctx, conn, data)
	}
	release(ctx)
}

func (d *deadlines) TraceAcquireStart(ctx context.Context, pool *pgxpool.Pool, data pgxpool.TraceAcquireStartData) context.Context {
	ctx = d.bound(ctx, d.limits.Acquire)
	if t, ok := d.inner.(pgxpool.AcquireTracer); ok {
		ctx = t.TraceAcquireStart(ctx, pool, data)
	}
	return ctx
}

func (d *deadlines) TraceAcquireEnd(ctx context.Context, pool *pgxpool.Pool, data pgxpool.TraceAcquireEndData) {
	if t, ok := d.inner.(pgxpool.AcquireTracer); ok {
		t.TraceAcquireEnd(ctx, pool, data)
	}
	release(ctx)
}
