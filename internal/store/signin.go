package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
)

// SignInWait returns how long a sign-in as email (known or not) from
// address must wait before its password or code is checked; 0: at once.
// It is the longer of the address's own wait and, for an address that
// has not signed into this name within accounts.KnownFor, the name's
// wait. See accounts/throttle.go for the rules.
func (s *Store) SignInWait(ctx context.Context, email, address string) (time.Duration, error) {
	var wait time.Duration
	err := s.pool.QueryRow(ctx, `
		SELECT greatest(
			coalesce((SELECT wait_until FROM signin_pair WHERE name_key = $1 AND address = $2), now()),
			CASE WHEN EXISTS (SELECT FROM signin_pair WHERE name_key = $1 AND address = $2
			                  AND last_success_at > now() - $3::interval)
			     THEN now()
			     ELSE coalesce((SELECT wait_until FROM signin_name WHERE name_key = $1), now()) END
		) - now()`, accounts.SignInKey(email), address, accounts.KnownFor.String()).Scan(&wait)
	if err != nil {
		return 0, fmt.Errorf("sign-in wait: %w", err)
	}
	return max(wait, 0), nil
}

// countFailure adds a failed password or code of email from address to
// both counters (a count older than accounts.FailureMemory starts again)
// and sets the waits they lead to. It runs in the transaction that audits
// the failure.
func countFailure(ctx context.Context, tx pgx.Tx, email, address string) error {
	key, memory := accounts.SignInKey(email), accounts.FailureMemory.String()
	var pair, name int
	err := tx.QueryRow(ctx, `INSERT INTO signin_pair AS p (name_key, address, failures, last_failure_at)
		VALUES ($1, $2, 1, now())
		ON CONFLICT (name_key, address) DO UPDATE SET
			failures = CASE WHEN p.last_failure_at > now() - $3::interval THEN p.failures + 1 ELSE 1 END,
			last_failure_at = now()
		RETURNING failures`, key, address, memory).Scan(&pair)
	if err != nil {
		return fmt.Errorf("count failed sign-in: %w", err)
	}
	err = tx.QueryRow(ctx, `INSERT INTO signin_name AS n (name_key, failures, last_failure_at)
		VALUES ($1, 1, now())
		ON CONFLICT (name_key) DO UPDATE SET
			failures = CASE WHEN n.last_failure_at > now() - $2::interval THEN n.failures + 1 ELSE 1 END,
			last_failure_at = now()
		RETURNING failures`, key, memory).Scan(&name)
	if err != nil {
		return fmt.Errorf("count failed sign-in: %w", err)
	}
	if w := accounts.PairWait(pair); w > 0 {
		if _, err := tx.Exec(ctx, `UPDATE signin_pair SET wait_until = now() + $3::interval
			WHERE name_key = $1 AND address = $2`, key, address, w.String()); err != nil {
			return fmt.Errorf("sign-in wait: %w", err)
		}
	}
	if w := accounts.AccountWait(name); w > 0 {
		if _, err := tx.Exec(ctx, `UPDATE signin_name SET wait_until = now() + $2::interval WHERE name_key = $1`,
			key, w.String()); err != nil {
			return fmt.Errorf("sign-in wait: %w", err)
		}
	}
	// What nobody has used for a while is forgotten: a failure count after
	// its memory, a known address after accounts.KnownFor. Names sprayed at
	// the form do not pile up.
	if _, err := tx.Exec(ctx, `DELETE FROM signin_pair
		WHERE coalesce(last_failure_at < now() - $1::interval, true)
		  AND coalesce(last_success_at < now() - $2::interval, true)`,
		memory, accounts.KnownFor.String()); err != nil {
		return fmt.Errorf("forget sign-ins: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM signin_name WHERE last_failure_at < now() - $1::interval`, memory); err != nil {
		return fmt.Errorf("forget sign-ins: %w", err)
	}
	return nil
}

// countSuccess clears the count of email from address and remembers the
// address as one its owner signs in from. The count of the name from all
// addresses stays until it is forgotten: were it cleared too, every
// sign-in of the owner would give someone guessing from elsewhere a fresh
// round of free tries (and it does not slow the owner down at a known
// address).
func countSuccess(ctx context.Context, tx pgx.Tx, email, address string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO signin_pair (name_key, address, last_success_at) VALUES ($1, $2, now())
		ON CONFLICT (name_key, address) DO UPDATE SET failures = 0, wait_until = NULL, last_success_at = now()`,
		accounts.SignInKey(email), address); err != nil {
		return fmt.Errorf("count sign-in: %w", err)
	}
	return nil
}
