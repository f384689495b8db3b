// Package store keeps the portal's data in PostgreSQL. SQL is written by hand
// with pgx, one file per aggregate; every multi-step write is one transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/migrations"
)

// Store is the portal's database.
type Store struct {
	pool *pgxpool.Pool
	// builder builds publications' artifacts (see SetArtifactBuilder).
	builder *published.Builder
	// publishWait and keep: see SetPublishWait and SetKeepPublications.
	publishWait time.Duration
	keep        int
	// limits are the timeouts it was opened with (see WithLimits).
	limits Limits

	// live caches the strategy's live metrics per directory version.
	live struct {
		sync.Mutex
		version int64
		day     string
		values  map[strategy.Metric]string
		basis   strategy.LiveBasis
	}
}

// Option adjusts how Open connects.
type Option func(*options)

type options struct {
	pool   *pgxpool.Config
	limits *Limits
}

// WithTracer has every connection report its statements to t (a
// pgx.QueryTracer, and a pgx.BatchTracer if it is one too): a slow-query
// log, or a test counting round trips.
func WithTracer(t pgx.QueryTracer) Option {
	return func(o *options) { o.pool.ConnConfig.Tracer = t }
}

// Open connects to the database at url and checks that it answers. When no
// server answers, the error is an *UnreachableError.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	s, err := Connect(ctx, url, opts...)
	if err != nil {
		return nil, err
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.Close()
		return nil, classify(s.pool.Config().ConnConfig, err)
	}
	return s, nil
}

// Connect is Open without the check: it connects when first used, so that
// a server can start while the database does not answer yet.
func Connect(ctx context.Context, url string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database address: %w", err)
	}
	o := options{pool: cfg}
	for _, opt := range opts {
		opt(&o)
	}
	var limits Limits
	if o.limits != nil {
		limits = *o.limits
		limits.apply(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	return &Store{pool: pool, limits: limits}, nil
}

// Close releases every connection.
func (s *Store) Close() { s.pool.Close() }

// Pool exposes the connection pool to the session store, which keeps its
// own table (sessions).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Ping tells whether the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// UnreachableError says that no PostgreSQL server answered at an address.
type UnreachableError struct {
	Host string
	Port uint16
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("no PostgreSQL server answers at %s:%d: %v", e.Host, e.Port, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

func classify(cfg *pgx.ConnConfig, err error) error {
	var opErr *net.OpError
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT) || errors.As(err, &opErr) {
		return &UnreachableError{Host: cfg.Host, Port: cfg.Port, Err: err}
	}
	return fmt.Errorf("database %q on %s: %w", cfg.Database, cfg.Host, err)
}

// EnsureDatabase creates the database named in url when the server has no
// database of that name. It connects to the server's "postgres" database
// to do so.
func EnsureDatabase(ctx context.Context, url string) (created bool, err error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return false, fmt.Errorf("database address: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return false, conn.Close(ctx)
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); !ok || pgErr.Code != "3D000" { // invalid_catalog_name
		return false, classify(cfg, err)
	}
	admin := cfg.Copy()
	admin.Database = "postgres"
	conn, err = pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return false, classify(admin, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{cfg.Database}.Sanitize()); err != nil {
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "42P04" { // duplicate_database: created meanwhile
			return false, nil
		}
		return false, fmt.Errorf("create database %q: %w", cfg.Database, err)
	}
	return true, nil
}

// Migrate applies every pending migration and returns the results. Goose
// holds a PostgreSQL session lock, so concurrent instances migrate once.
func (s *Store) Migrate(ctx context.Context) ([]*goose.MigrationResult, error) {
	p, db, err := s.migrator()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return p.Up(ctx)
}

// MigrationStatus reports every migration and whether it is applied.
func (s *Store) MigrationStatus(ctx context.Context) ([]*goose.MigrationStatus, error) {
	p, db, err := s.migrator()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return p.Status(ctx)
}

func (s *Store) migrator() (*goose.Provider, *sql.DB, error) {
	db := stdlib.OpenDBFromPool(s.pool)
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrations: %w", err)
	}
	return p, db, nil
}

// inTx runs fn in one transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// date is a calendar date for PostgreSQL; nil is NULL.
func date(t *time.Time) pgtype.Date {
	if t == nil {
		return pgtype.Date{}
	}
	return pgtype.Date{Time: *t, Valid: true}
}

// nonNil makes a nil list an empty one, for NOT NULL array columns.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// escapeLike quotes the wildcards of a LIKE pattern.
func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
