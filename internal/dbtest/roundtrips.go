package dbtest

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// RoundTrips counts the statements a pool sends to the server: each query
// or exec (BEGIN and COMMIT included) is one, and a batch is one however
// many statements it holds, since pgx sends it in one go. Install it with
// store.WithTracer; read it with N. It is safe for concurrent use.
type RoundTrips struct{ n atomic.Int64 }

// N returns the count so far.
func (c *RoundTrips) N() int64 { return c.n.Load() }

// Reset sets the count to zero and returns what it was.
func (c *RoundTrips) Reset() int64 { return c.n.Swap(0) }

// TraceQueryStart counts one statement.
func (c *RoundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

// TraceQueryEnd does nothing.
func (c *RoundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart counts one batch.
func (c *RoundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.n.Add(1)
	return ctx
}

// TraceBatchQuery does nothing: the batch's statements share its trip.
func (c *RoundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

// TraceBatchEnd does nothing.
func (c *RoundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}
