package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

// changeSet is how a publication records what it changed (the changes
// column).
type changeSet struct {
	Added   []directory.PublishedChange `json:"added"`
	Changed []directory.PublishedChange `json:"changed"`
	Removed []directory.PublishedChange `json:"removed"`
	// Unlisted counts the changes left out of the lists (RecentPublications).
	Unlisted int `json:"unlisted,omitempty"`
}

// Publish makes the working copy public as a new numbered publication and
// returns it. The copy is taken and made current in one transaction, so a
// reader sees the old publication or the new one, never a mix. A second
// publisher waits for the first and then publishes (see
// SetPublishWait; past that wait it gets ErrPublishing). Afterwards the
// copies the retention no longer keeps are pruned (see Prune).
func (s *Store) Publish(ctx context.Context, note string, by accounts.Audit) (pub directory.Publication, err error) {
	err = s.inJob(ctx, func(tx pgx.Tx) error {
		if err := s.lockPublishing(ctx, tx); err != nil {
			return err
		}
		number, current, err := nextPublication(ctx, tx)
		if err != nil {
			return err
		}
		// Refused before the copy is made, not after.
		texts, err := checkSiteTexts(ctx, tx)
		if err != nil {
			return err
		}
		schema := "publication_" + strconv.Itoa(number)
		if _, err := tx.Exec(ctx, `SELECT publication_snapshot($1)`, schema); err != nil {
			return fmt.Errorf("copy the working copy: %w", err)
		}
		if pub, err = recordPublication(ctx, tx, number, current, schema, 0, note, by); err != nil {
			return err
		}
		if err := publishSiteTexts(ctx, tx, number, texts); err != nil {
			return err
		}
		if err := s.buildArtifact(ctx, tx, schema, pub); err != nil {
			return err
		}
		return notifyPublication(ctx, tx)
	})
	if err == nil {
		s.pruneAfter(ctx, by)
	}
	return pub, err
}

// Rollback makes publication number current again. It is recorded as a
// new publication that shows the same copy, with the changes it makes to
// what the public sees. A publication whose copy was pruned cannot be made
// current again: that is ErrPruned (a fault.Conflict).
func (s *Store) Rollback(ctx context.Context, number int, note string, by accounts.Audit) (pub directory.Publication, err error) {
	err = s.inJob(ctx, func(tx pgx.Tx) error {
		if err := s.lockPublishing(ctx, tx); err != nil {
			return err
		}
		next, current, err := nextPublication(ctx, tx)
		if err != nil {
			return err
		}
		var schema string
		var pruned bool
		err = tx.QueryRow(ctx, `SELECT schema_name, pruned_at IS NOT NULL FROM publication WHERE number = $1`, number).Scan(&schema, &pruned)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma publikacji nr %d", number)
		}
		if err != nil {
			return err
		}
		if pruned {
			return prunedError(number)
		}
		if pub, err = recordPublication(ctx, tx, next, current, schema, number, note, by); err != nil {
			return err
		}
		// The earlier publication comes back whole: its site texts too.
		if _, err := tx.Exec(ctx, `UPDATE publication SET site_texts = (SELECT site_texts FROM publication WHERE number = $1)
			WHERE number = $2`, number, next); err != nil {
			return fmt.Errorf("site texts of publication %d: %w", next, err)
		}
		built, err := artifactBuilt(ctx, tx, schema)
		if err != nil {
			return err
		}
		if !built {
			if err := s.buildArtifact(ctx, tx, schema, pub); err != nil {
				return err
			}
		}
		return notifyPublication(ctx, tx)
	})
	if err == nil {
		s.pruneAfter(ctx, by)
	}
	return pub, err
}

// nextPublication returns the next publication's number and the schema of
// the current one. The caller holds the publishing lock, so both stay true
// until it commits; each statement of a read-committed transaction sees
// what the publisher before it committed.
func nextPublication(ctx context.Context, tx pgx.Tx) (next int, current string, err error) {
	err = tx.QueryRow(ctx, `SELECT (SELECT max(number) + 1 FROM publication), p.schema_name
		FROM publication_state st JOIN publication p ON p.number = st.current`).Scan(&next, &current)
	if err != nil {
		return 0, "", fmt.Errorf("the publication state: %w", err)
	}
	return next, current, nil
}

// recordPublication records publication number, showing the copy in
// schema, with what it changes against the copy in schema before, makes it
// current and audits it.
func recordPublication(ctx context.Context, tx pgx.Tx, number int, before, schema string, restoredFrom int, note string, by accounts.Audit) (directory.Publication, error) {
	changes, err := compareCopies(ctx, tx, before, schema)
	if err != nil {
		return directory.Publication{}, err
	}
	doc, err := json.Marshal(changes)
	if err != nil {
		return directory.Publication{}, err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	name := by.ActorEmail
	if name == "" {
		name = "wiersz poleceń"
	}
	var restored *int
	if restoredFrom != 0 {
		restored = &restoredFrom
	}
	_, err = tx.Exec(ctx, `INSERT INTO publication (number, at, actor_id, actor_name, note, restored_from, schema_name, organisations, changes)
		VALUES ($1, now(), $2, $3, $4, $5, $6, (SELECT count(*) FROM `+pgx.Identifier{schema, "organisation"}.Sanitize()+`), $7)`,
		number, actor, name, note, restored, schema, doc)
	if err != nil {
		return directory.Publication{}, fmt.Errorf("record publication %d: %w", number, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE publication_state SET current = $1`, number); err != nil {
		return directory.Publication{}, err
	}
	by.Kind, by.Target = accounts.AuditPublished, strconv.Itoa(number)
	if restoredFrom != 0 {
		by.Kind = accounts.AuditPublicationRestored
	}
	by.Detail = map[string]any{"added": len(changes.Added), "changed": len(changes.Changed), "removed": len(changes.Removed)}
	if restoredFrom != 0 {
		by.Detail["restored_from"] = restoredFrom
	}
	if err := audit(ctx, tx, by); err != nil {
		return directory.Publication{}, err
	}
	pubs, err := publications(ctx, tx, allChanges, `WHERE number = $1`, number)
	if err != nil {
		return directory.Publication{}, err
	}
	return pubs[0], nil
}

// compareCopies lists the organisations added, changed and removed between
// the copies in schemas before and after. Every write of an organisation
// raises its version, so only the organisations whose version differs are
// loaded and compared field by field; one whose public fields are the same
// (a change to a contact person without consent, say) is not listed.
func compareCopies(ctx context.Context, tx pgx.Tx, before, after string) (changeSet, error) {
	cs := changeSet{Added: []directory.PublishedChange{}, Changed: []directory.PublishedChange{}, Removed: []directory.PublishedChange{}}
	if before == after {
		return cs, nil
	}
	b, a := copyOf(before), copyOf(after)
	rows, _ := tx.Query(ctx, `SELECT coalesce(a.id, b.id)::text, coalesce(a.slug, b.slug), coalesce(a.name, b.name), b.id IS NULL, a.id IS NULL
		FROM `+b+` b FULL JOIN `+a+` a ON a.id = b.id
		WHERE a.id IS NULL OR b.id IS NULL OR a.version <> b.version
		ORDER BY coalesce(a.name_folded, b.name_folded), 1`)
	var changed []string
	var id string
	var c directory.PublishedChange
	var added, removed bool
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.Slug, &c.Name, &added, &removed}, func() error {
		switch {
		case added:
			cs.Added = append(cs.Added, c)
		case removed:
			cs.Removed = append(cs.Removed, c)
		default:
			changed = append(changed, id)
		}
		return nil
	}); err != nil {
		return cs, fmt.Errorf("compare publications: %w", err)
	}
	if len(changed) == 0 {
		return cs, nil
	}
	old, err := loadIn(ctx, tx, before, changed)
	if err != nil {
		return cs, err
	}
	now, err := loadIn(ctx, tx, after, changed)
	if err != nil {
		return cs, err
	}
	for i, o := range now {
		var fields []string
		for _, ch := range directory.Diff(old[i], o) {
			fields = append(fields, ch.Field)
		}
		if len(fields) > 0 {
			cs.Changed = append(cs.Changed, directory.PublishedChange{Slug: o.Slug, Name: o.Name, Fields: fields})
		}
	}
	return cs, nil
}

// workingCopy names the working copy where a publication's schema is
// expected.
const workingCopy = "public"

// copyOf is the organisation table of the copy in schema, as published.
func copyOf(schema string) string {
	if schema == workingCopy {
		return `(SELECT * FROM public.organisation WHERE deleted_at IS NULL)`
	}
	return pgx.Identifier{schema, "organisation"}.Sanitize()
}

// PendingChanges returns what publishing the working copy now would
// change, as an unnumbered publication; its Organisations is how many the
// public would then see.
func (s *Store) PendingChanges(ctx context.Context) (pub directory.Publication, err error) {
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var current string
		if err := tx.QueryRow(ctx, `SELECT p.schema_name FROM publication_state st JOIN publication p ON p.number = st.current`).Scan(&current); err != nil {
			return fmt.Errorf("current publication: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM organisation WHERE deleted_at IS NULL`).Scan(&pub.Organisations); err != nil {
			return fmt.Errorf("count the working copy: %w", err)
		}
		cs, err := compareCopies(ctx, tx, current, workingCopy)
		pub.Added, pub.Changed, pub.Removed = cs.Added, cs.Changed, cs.Removed
		return err
	})
	return pub, err
}

// loadIn loads the organisations ids from the copy in schema, in the order
// of ids, as the public sees them.
func loadIn(ctx context.Context, tx pgx.Tx, schema string, ids []string) ([]*directory.Organisation, error) {
	if _, err := tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, pgx.Identifier{schema}.Sanitize()+", public"); err != nil {
		return nil, err
	}
	orgs, err := loadOrganisations(ctx, tx, `o.id = ANY($1::uuid[])`, []any{ids}, true)
	if err != nil {
		return nil, fmt.Errorf("load from %s: %w", schema, err)
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('search_path', 'public', true)`); err != nil {
		return nil, err
	}
	byID := make(map[string]*directory.Organisation, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	out := make([]*directory.Organisation, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
		if out[i] == nil {
			return nil, fmt.Errorf("organisation %s missing from %s", id, schema)
		}
	}
	return out, nil
}

// Publications returns the latest publications, newest first.
func (s *Store) Publications(ctx context.Context, limit int) ([]directory.Publication, error) {
	return publications(ctx, s.pool, allChanges, `ORDER BY number DESC LIMIT $1`, limit)
}

// RecentPublications returns the latest limit publications, newest first,
// each with at most listed changes of each kind; Unlisted counts the rest.
// The first publication of a large directory adds every organisation: the
// feed names a few, and an instance does not hold a hundred thousand
// names per publication for it.
func (s *Store) RecentPublications(ctx context.Context, limit, listed int) ([]directory.Publication, error) {
	return publications(ctx, s.pool, `jsonb_build_object(
			'added', jsonb_path_query_array(changes, ('$.added[0 to ' || ($2::int - 1) || ']')::jsonpath),
			'changed', jsonb_path_query_array(changes, ('$.changed[0 to ' || ($2::int - 1) || ']')::jsonpath),
			'removed', jsonb_path_query_array(changes, ('$.removed[0 to ' || ($2::int - 1) || ']')::jsonpath),
			'unlisted', greatest(0, jsonb_array_length(coalesce(changes->'added', '[]')) - $2::int)
				+ greatest(0, jsonb_array_length(coalesce(changes->'changed', '[]')) - $2::int)
				+ greatest(0, jsonb_array_length(coalesce(changes->'removed', '[]')) - $2::int))`,
		`ORDER BY number DESC LIMIT $1`, limit, listed)
}

// Publication returns publication number; an unknown one is a
// fault.NotFound.
func (s *Store) Publication(ctx context.Context, number int) (directory.Publication, error) {
	pubs, err := publications(ctx, s.pool, allChanges, `WHERE number = $1`, number)
	if err != nil {
		return directory.Publication{}, err
	}
	if len(pubs) == 0 {
		return directory.Publication{}, fault.New(fault.NotFound, "nie ma publikacji nr %d", number)
	}
	return pubs[0], nil
}

// publications reads the publications selected by tail; withChanges
// reads what each changed too (a list as long as the directory for a
// first publication), else the lists are left empty.
// The changes publications reads: all of them, or none.
const (
	allChanges = `changes`
	noChanges  = `'{}'::jsonb`
)

// publications reads the publications tail selects, with the changes
// (a jsonb expression over the changes column) each lists.
func publications(ctx context.Context, db querier, changes string, tail string, args ...any) ([]directory.Publication, error) {
	rows, _ := db.Query(ctx, `SELECT number, at, actor_name, note, coalesce(restored_from, 0),
		number = (SELECT current FROM publication_state), organisations, `+changes+`,
		coalesce(amended_at, '-infinity'), pinned, coalesce(pruned_at, '-infinity')
		FROM publication `+tail, args...)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (directory.Publication, error) {
		var p directory.Publication
		var doc []byte
		var amended, pruned pgtype.Timestamptz
		if err := r.Scan(&p.Number, &p.At, &p.By, &p.Note, &p.RestoredFrom, &p.Current, &p.Organisations, &doc, &amended, &p.Pinned, &pruned); err != nil {
			return p, fmt.Errorf("publications: %w", err)
		}
		var cs changeSet
		if err := json.Unmarshal(doc, &cs); err != nil {
			return p, fmt.Errorf("changes of publication %d: %w", p.Number, err)
		}
		p.Added, p.Changed, p.Removed, p.Unlisted = cs.Added, cs.Changed, cs.Removed, cs.Unlisted
		if amended.InfinityModifier == pgtype.Finite {
			p.AmendedAt = amended.Time
		}
		if pruned.InfinityModifier == pgtype.Finite {
			p.PrunedAt = pruned.Time
		}
		return p, nil
	})
}

// Current returns the zero publication: the preview shows the working
// copy, which no publication holds yet.
func (p *Public) Current(ctx context.Context) (directory.Publication, error) {
	return directory.Publication{}, nil
}

// RollbackPreview returns publication number with what making it current
// again would change against the current publication (its Added, Changed
// and Removed), so that an administrator confirms a rollback knowing it;
// Organisations is how many the public would then see. An unknown
// publication is a fault.NotFound, a pruned one ErrPruned.
func (s *Store) RollbackPreview(ctx context.Context, number int) (pub directory.Publication, err error) {
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		pubs, err := publications(ctx, tx, noChanges, `WHERE number = $1`, number)
		if err != nil {
			return err
		}
		if len(pubs) == 0 {
			return fault.New(fault.NotFound, "nie ma publikacji nr %d", number)
		}
		pub = pubs[0]
		if !pub.PrunedAt.IsZero() {
			return prunedError(number)
		}
		var target, current string
		if err := tx.QueryRow(ctx, `SELECT (SELECT schema_name FROM publication WHERE number = $1), p.schema_name
			FROM publication_state st JOIN publication p ON p.number = st.current`, number).Scan(&target, &current); err != nil {
			return fmt.Errorf("rollback preview: %w", err)
		}
		cs, err := compareCopies(ctx, tx, current, target)
		pub.Added, pub.Changed, pub.Removed = cs.Added, cs.Changed, cs.Removed
		return err
	})
	return pub, err
}
