package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

// Revision is one recorded change of an organisation.
type Revision struct {
	ID         int64
	Version    int
	Action     string // create, update, delete, undelete, restore
	At         time.Time
	ActorEmail string
	Changed    []string
	Note       string // for a restore: the id of the revision restored
	Snapshot   *directory.Organisation
}

// writeRevision records after, the organisation as it now is in tx, with
// the fields changed since before (nil for a new record), and audits the
// change, in one round trip.
func writeRevision(ctx context.Context, tx pgx.Tx, before, after *directory.Organisation, action, note string, by accounts.Audit) error {
	b := &pgx.Batch{}
	if err := queueRevision(b, before, after, action, note, by); err != nil {
		return err
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("revision of %s: %w", after.Slug, err)
	}
	return nil
}

// queueRevision queues on b what writeRevision writes, for a caller with
// more statements to send at once.
func queueRevision(b *pgx.Batch, before, after *directory.Organisation, action, note string, by accounts.Audit) error {
	changed := []string{}
	for _, c := range directory.Diff(before, after) {
		changed = append(changed, c.Field)
	}
	snap, err := json.Marshal(after)
	if err != nil {
		return err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	b.Queue(`INSERT INTO revision (entity, entity_id, version, action, actor_id, actor_email, changed, snapshot, note)
		VALUES ('organisation', $1, $2, $3, $4, $5, $6, $7, $8)`,
		after.ID, after.Version, action, actor, by.ActorEmail, changed, snap, note)
	if by.ActorID == 0 && by.ActorEmail == "" {
		return nil // loading data from the command line: no person to audit
	}
	by.Kind, by.Target = "organisation_"+action, after.Slug
	by.Detail = map[string]any{"version": after.Version, "fields": changed}
	queueAudit(b, by)
	return nil
}

// Revisions returns the organisation's history, newest first.
func (s *Store) Revisions(ctx context.Context, id uuid.UUID) ([]Revision, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, version, action, at, actor_email, changed, note, snapshot
		FROM revision WHERE entity = 'organisation' AND entity_id = $1 ORDER BY id DESC`, id.String())
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Revision, error) {
		var rev Revision
		var snap []byte
		if err := r.Scan(&rev.ID, &rev.Version, &rev.Action, &rev.At, &rev.ActorEmail, &rev.Changed, &rev.Note, &snap); err != nil {
			return rev, err
		}
		rev.Snapshot = &directory.Organisation{}
		return rev, json.Unmarshal(snap, rev.Snapshot)
	})
}

// RestoreRevision writes the fields of an earlier revision back, as a new
// revision, if the record is still at version (else a fault.Conflict). An
// unknown organisation or revision is a fault.NotFound.
func (s *Store) RestoreRevision(ctx context.Context, id uuid.UUID, revisionID int64, version int, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var snap []byte
		err := tx.QueryRow(ctx, `SELECT snapshot FROM revision WHERE id = $1 AND entity = 'organisation' AND entity_id = $2`,
			revisionID, id.String()).Scan(&snap)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma wersji %d", revisionID)
		}
		if err != nil {
			return err
		}
		var o directory.Organisation
		if err := json.Unmarshal(snap, &o); err != nil {
			return fmt.Errorf("revision %d: %w", revisionID, err)
		}
		before, err := lockOrganisation(ctx, tx, id)
		if err != nil {
			return err
		}
		return updateOrganisation(ctx, tx, before, &o, version, "restore", strconv.FormatInt(revisionID, 10), by)
	})
}
