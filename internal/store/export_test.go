package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// LockPublishing sets tx up as a publishing transaction and takes the
// publishing lock, as a publisher does first: tests stand in for a
// publisher with it.
func LockPublishing(ctx context.Context, s *Store, tx pgx.Tx) error { return s.lockPublishing(ctx, tx) }

// InJob exposes inJob to the tests of the limits.
var InJob = (*Store).inJob
