package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

// ErrNoSuchPerson is ErasePerson's answer when no place holds the person.
var ErrNoSuchPerson = errors.New("organizacja nie ma takiej osoby kontaktowej")

// Erased counts where ErasePerson removed a person's data.
type Erased struct {
	WorkingCopy  int64 // contact persons removed from the record
	Publications int64 // … from the copies of publications
	Revisions    int64 // revisions whose snapshot held the person
	Submissions  int64 // submissions that named the person
}

// Total is how many places held the person.
func (e Erased) Total() int64 {
	return e.WorkingCopy + e.Publications + e.Revisions + e.Submissions
}

// personKey is how a stored name is compared with the erased one: case and
// surrounding spaces do not matter.
func personKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// ErasePerson removes the contact person called name from organisation id
// everywhere the portal keeps it (RODO art. 17): the working copy, every
// publication's copy, the snapshots in the history and the submissions
// about the organisation (as a contact person or as the sender). It is
// one transaction; it waits for a publication being made (see
// SetPublishWait: past that wait, ErrPublishing). The audit log records that an erasure happened and
// where, never whom.
func (s *Store) ErasePerson(ctx context.Context, id uuid.UUID, name string, by accounts.Audit) (Erased, error) {
	var e Erased
	key := personKey(name)
	if key == "" {
		return e, fault.New(fault.Invalid, "brak imienia i nazwiska")
	}
	err := s.inJob(ctx, func(tx pgx.Tx) error {
		// Under the publishing lock no publication is being copied from
		// the working copy (it would hold the person, unseen by this
		// transaction) and no copy is being pruned while it is erased.
		if err := s.lockPublishing(ctx, tx); err != nil {
			return err
		}
		before, err := lockOrganisation(ctx, tx, id)
		if err != nil {
			return err
		}
		slug := before.Slug
		tag, err := tx.Exec(ctx, `DELETE FROM contact_person WHERE organisation_id = $1 AND lower(btrim(name)) = $2`, id, key)
		if err != nil {
			return fmt.Errorf("erase from the working copy: %w", err)
		}
		e.WorkingCopy = tag.RowsAffected()
		if e.WorkingCopy > 0 {
			b := &pgx.Batch{}
			b.Queue(`UPDATE organisation SET version = version + 1, updated_at = now() WHERE id = $1`, id)
			after, err := sendAndReload(ctx, tx, b, before)
			if err != nil {
				return err
			}
			// The new revision holds the record without the person; its
			// note and audit entry name only the changed fields.
			if err := writeRevision(ctx, tx, before, after, "update", "RODO", by); err != nil {
				return err
			}
		}

		// A pruned publication's copy is gone, and the person with it.
		rows, _ := tx.Query(ctx, `SELECT DISTINCT schema_name FROM publication WHERE pruned_at IS NULL`)
		schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("list publications: %w", err)
		}
		var held []string
		for _, schema := range schemas {
			tag, err := tx.Exec(ctx, `DELETE FROM `+pgx.Identifier{schema, "contact_person"}.Sanitize()+`
				WHERE organisation_id = $1 AND lower(btrim(name)) = $2`, id, key)
			if err != nil {
				return fmt.Errorf("erase from %s: %w", schema, err)
			}
			e.Publications += tag.RowsAffected()
			if tag.RowsAffected() > 0 {
				held = append(held, schema)
			}
		}
		if e.Publications > 0 {
			if _, err := tx.Exec(ctx, `UPDATE publication SET amended_at = clock_timestamp()`); err != nil {
				return err
			}
			// Every kept publication that held the person is built again,
			// so no instance keeps serving them once this commits.
			for _, schema := range held {
				var pub directory.Publication
				pubs, err := publications(ctx, tx, noChanges, `WHERE schema_name = $1 ORDER BY number LIMIT 1`, schema)
				if err != nil {
					return err
				}
				if len(pubs) > 0 {
					pub = pubs[0]
				}
				if err := s.buildArtifact(ctx, tx, schema, pub); err != nil {
					return err
				}
			}
			if err := notifyPublication(ctx, tx); err != nil {
				return err
			}
		}

		tag, err = tx.Exec(ctx, `UPDATE revision SET snapshot = jsonb_set(snapshot, '{contacts}', `+withoutPerson(`snapshot`)+`)
			WHERE entity = 'organisation' AND entity_id = $1 AND `+holdsPerson(`snapshot`), id.String(), key)
		if err != nil {
			return fmt.Errorf("erase from the history: %w", err)
		}
		e.Revisions = tag.RowsAffected()

		tag, err = tx.Exec(ctx, `UPDATE submission SET
				payload = CASE WHEN `+holdsPerson(`payload`)+` THEN jsonb_set(payload, '{contacts}', `+withoutPerson(`payload`)+`) ELSE payload END,
				submitter_name = CASE WHEN lower(btrim(submitter_name)) = $2 THEN '' ELSE submitter_name END,
				submitter_email = CASE WHEN lower(btrim(submitter_name)) = $2 THEN '' ELSE submitter_email END
			WHERE organisation_id = $1 AND (`+holdsPerson(`payload`)+` OR lower(btrim(submitter_name)) = $2)`, id, key)
		if err != nil {
			return fmt.Errorf("erase from the submissions: %w", err)
		}
		e.Submissions = tag.RowsAffected()

		if e.Total() == 0 {
			return fault.Wrap(fault.NotFound, ErrNoSuchPerson)
		}
		by.Kind, by.Target = accounts.AuditPersonErased, slug
		by.Detail = map[string]any{"working_copy": e.WorkingCopy, "publications": e.Publications,
			"revisions": e.Revisions, "submissions": e.Submissions}
		return audit(ctx, tx, by)
	})
	return e, err
}

// holdsPerson is true when the JSON record in column has a contact person
// whose name matches $2.
func holdsPerson(column string) string {
	return `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(` + column + `->'contacts') WHEN 'array' THEN ` + column + `->'contacts' ELSE '[]' END) c
		WHERE lower(btrim(c->>'name')) = $2)`
}

// withoutPerson is the contacts of the JSON record in column without the
// persons whose name matches $2, in their order.
func withoutPerson(column string) string {
	return `coalesce((SELECT jsonb_agg(c ORDER BY i) FROM jsonb_array_elements(` + column + `->'contacts') WITH ORDINALITY AS x(c, i)
		WHERE lower(btrim(c->>'name')) <> $2), '[]'::jsonb)`
}
