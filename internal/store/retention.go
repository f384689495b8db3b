package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
)

// Everything that changes which publications exist or what their copies
// hold — publishing, rollback, pruning, pinning and the erasure of a
// person — holds one transaction-scoped advisory lock, so it runs alone.
// A lock on the publication_state row is not enough: locking it FOR UPDATE
// in a join drops the row after the wait (the joined current publication
// changed meanwhile), and the second publisher failed with "no rows".
// An advisory lock taken before anything is read lets the second publisher
// wait and then read what the first committed.
const publishingLock = 7277003

// A publisher whose process dies (killed mid-copy, its machine gone) must
// leave nothing and block nobody for long. Its transaction rolls back when
// its session ends, but PostgreSQL notices a vanished client only when it
// reads from it; during a long statement it does not. So the publishing
// transaction has the server look at the socket every checkInterval while a
// statement runs, and probe a silent peer with TCP keepalives (ignored on a
// Unix socket, where a dead client's socket is closed by its kernel).
const (
	checkInterval      = "2s"
	keepalivesIdle     = "30" // seconds before the first probe
	keepalivesInterval = "10" // seconds between probes
	keepalivesCount    = "3"  // probes unanswered before the session ends
)

// DefaultKeepPublications is how many of the newest publications keep
// their copies unless SetKeepPublications says otherwise.
const DefaultKeepPublications = 10

// ErrPublishing is the answer when another publication is being made and
// did not end within the wait set by SetPublishWait. It is a
// fault.Conflict; nothing was changed.
var ErrPublishing = fault.New(fault.Conflict, "trwa inna publikacja; spróbuj ponownie za chwilę")

// ErrPruned says that a publication's copy was dropped by the retention of
// publications, so it cannot be made current again or pinned.
var ErrPruned = errors.New("kopia tej publikacji została już usunięta")

func prunedError(number int) error {
	return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf("kopia publikacji nr %d została już usunięta", number), Err: ErrPruned}
}

// SetPublishWait bounds how long Publish, Rollback, Pin and ErasePerson
// wait for a publication being made by another session; past it they
// return ErrPublishing. Zero (the default) waits as long as it takes, as
// the command line does; the web sets a bound within which a page
// answers.
func (s *Store) SetPublishWait(d time.Duration) { s.publishWait = d }

// SetKeepPublications sets how many of the newest publications keep their
// copies after each publication (KEEP_PUBLICATIONS); below 1, the default.
func (s *Store) SetKeepPublications(n int) { s.keep = n }

func (s *Store) keepPublications() int {
	if s.keep < 1 {
		return DefaultKeepPublications
	}
	return s.keep
}

// lockPublishing sets up tx as a publishing transaction (the server checks
// its client, so a killed publisher's session ends) and takes the
// publishing lock, waiting for another holder as SetPublishWait allows.
// Its callers run it in inJob, whose limits let a large publication, and
// the wait, run their course.
func (s *Store) lockPublishing(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT set_config('client_connection_check_interval', $1, true),
		set_config('tcp_keepalives_idle', $2, true), set_config('tcp_keepalives_interval', $3, true),
		set_config('tcp_keepalives_count', $4, true)`,
		checkInterval, keepalivesIdle, keepalivesInterval, keepalivesCount)
	if err != nil {
		return fmt.Errorf("set up the publishing session: %w", err)
	}
	var got bool
	if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, publishingLock).Scan(&got); err != nil {
		return fmt.Errorf("take the publishing lock: %w", err)
	}
	if got {
		return nil
	}
	slog.Default().InfoContext(ctx, "another publication is being made; waiting for it to end")
	// lock_timeout bounds the wait (0: none); the value the connection had
	// is put back once the lock is held, for the statements after.
	wait := "0"
	if s.publishWait > 0 {
		wait = strconv.FormatInt(max(s.publishWait.Milliseconds(), 1), 10)
	}
	var saved string
	if err := tx.QueryRow(ctx, `SELECT current_setting('lock_timeout'), set_config('lock_timeout', $1, true)`, wait).Scan(&saved, nil); err != nil {
		return fmt.Errorf("take the publishing lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, publishingLock); err != nil {
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "55P03" && ctx.Err() == nil { // lock_not_available
			return ErrPublishing
		}
		return fmt.Errorf("wait for the publishing lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('lock_timeout', $1, true)`, saved); err != nil {
		return err
	}
	return nil
}

// Pruned tells what Prune removed: the publications whose copies were
// dropped, in ascending order (empty when nothing was).
type Pruned struct {
	Publications []int
	Schemas      int // copies dropped (a rollback shares its copy)
}

// Prune drops the copies (schemas) and stored artifacts of the
// publications the retention no longer keeps: all but the current one, the
// keep newest (below 1: the number SetKeepPublications set) and the pinned
// ones. Their rows stay, marked as pruned, so the history, the feed and
// the numbering go on. It is one transaction, audited when it pruned
// something.
func (s *Store) Prune(ctx context.Context, keep int, by accounts.Audit) (Pruned, error) {
	return s.prune(ctx, keep, by, true)
}

// pruneAfter prunes after a publication. It does not wait: whoever holds
// the lock is publishing and prunes after, too. A failure is logged, not
// returned: the publication it follows is made.
func (s *Store) pruneAfter(ctx context.Context, by accounts.Audit) {
	if _, err := s.prune(ctx, 0, by, false); err != nil && ctx.Err() == nil {
		slog.Default().WarnContext(ctx, "pruning old publications failed; the next publication tries again", "error", err)
	}
}

func (s *Store) prune(ctx context.Context, keep int, by accounts.Audit, wait bool) (Pruned, error) {
	if keep < 1 {
		keep = s.keepPublications()
	}
	var p Pruned
	err := s.inJob(ctx, func(tx pgx.Tx) error {
		p = Pruned{}
		if wait {
			if err := s.lockPublishing(ctx, tx); err != nil {
				return err
			}
		} else {
			var got bool
			if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, publishingLock).Scan(&got); err != nil || !got {
				return err
			}
		}
		rows, _ := tx.Query(ctx, `WITH kept AS (
				SELECT p.schema_name FROM publication p JOIN publication_state st ON p.number = st.current
				UNION SELECT schema_name FROM (SELECT schema_name FROM publication ORDER BY number DESC LIMIT $1) newest
				UNION SELECT schema_name FROM publication WHERE pinned)
			SELECT DISTINCT schema_name FROM publication
			WHERE pruned_at IS NULL AND schema_name NOT IN (SELECT schema_name FROM kept)`, keep)
		schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("publications to prune: %w", err)
		}
		if len(schemas) == 0 {
			return nil
		}
		for _, schema := range schemas {
			if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
				return fmt.Errorf("drop %s: %w", schema, err)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM publication_artifact WHERE schema_name = ANY($1)`, schemas); err != nil {
			return fmt.Errorf("drop the artifacts of pruned publications: %w", err)
		}
		rows, _ = tx.Query(ctx, `UPDATE publication SET pruned_at = now() WHERE schema_name = ANY($1) AND pruned_at IS NULL
			RETURNING number`, schemas)
		numbers, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return fmt.Errorf("mark pruned publications: %w", err)
		}
		slices.Sort(numbers)
		p.Publications, p.Schemas = numbers, len(schemas)
		by.Kind, by.Target = accounts.AuditPublicationsPruned, ""
		by.Detail = map[string]any{"publications": numbers, "keep": keep}
		return audit(ctx, tx, by)
	})
	return p, err
}

// Pin pins publication number (pinned true) so that its copy is kept
// whatever its age, or unpins it; the change is audited. An unknown
// publication is a fault.NotFound; a pruned one, ErrPruned (a
// fault.Conflict).
func (s *Store) Pin(ctx context.Context, number int, pinned bool, by accounts.Audit) error {
	return s.inJob(ctx, func(tx pgx.Tx) error {
		// Under the publishing lock a prune cannot drop the copy between
		// this check and the commit.
		if err := s.lockPublishing(ctx, tx); err != nil {
			return err
		}
		var pruned bool
		err := tx.QueryRow(ctx, `SELECT pruned_at IS NOT NULL FROM publication WHERE number = $1`, number).Scan(&pruned)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma publikacji nr %d", number)
		}
		if err != nil {
			return fmt.Errorf("publication %d: %w", number, err)
		}
		if pruned && pinned {
			return prunedError(number)
		}
		if _, err := tx.Exec(ctx, `UPDATE publication SET pinned = $2 WHERE number = $1`, number, pinned); err != nil {
			return fmt.Errorf("pin publication %d: %w", number, err)
		}
		by.Kind, by.Target = accounts.AuditPublicationPinned, strconv.Itoa(number)
		if !pinned {
			by.Kind = accounts.AuditPublicationUnpinned
		}
		return audit(ctx, tx, by)
	})
}

// Announce tells every instance that what the public sees may have
// changed, as a publication does: after a restore, say, which notifies
// nobody by itself.
func (s *Store) Announce(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `SELECT pg_notify($1, '')`, publicationChannel)
	return err
}
