package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

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

// writeRevision records the organisation with id as it now is in tx, with
// the fields changed since before (nil for a new record), and audits the
// change.
func writeRevision(ctx context.Context, tx pgx.Tx, before *directory.Organisation, id, action, note string, by accounts.Audit) error {
	var slug string
	if err := tx.QueryRow(ctx, `SELECT slug FROM organisation WHERE id = $1`, id).Scan(&slug); err != nil {
		return fmt.Errorf("revision of %s: %w", id, err)
	}
	after, err := loadOrganisation(ctx, tx, slug, false)
	if err != nil {
		return err
	}
	var changed []string
	for _, c := range directory.Diff(before, after) {
		changed = append(changed, c.Field)
	}
	if changed == nil {
		changed = []string{}
	}
	snap, err := json.Marshal(after)
	if err != nil {
		return err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revision (entity, entity_id, version, action, actor_id, actor_email, changed, snapshot, note)
		VALUES ('organisation', $1, $2, $3, $4, $5, $6, $7, $8)`,
		id, after.Version, action, actor, by.ActorEmail, changed, snap, note); err != nil {
		return fmt.Errorf("revision of %s: %w", slug, err)
	}
	if by.ActorID == 0 && by.ActorEmail == "" {
		return nil // loading data from the command line: no person to audit
	}
	by.Kind, by.Target = "organisation_"+action, slug
	by.Detail = map[string]any{"version": after.Version, "fields": changed}
	return audit(ctx, tx, by)
}

// CreateOrganisation stores one new organisation entered by a person, with
// its first revision.
func (s *Store) CreateOrganisation(ctx context.Context, o *directory.Organisation, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := insertOrganisation(ctx, tx, o); err != nil {
			return err
		}
		return writeRevision(ctx, tx, nil, o.ID, "create", "", by)
	})
}

// UpdateOrganisation replaces the organisation's fields with o's, if the
// record is still at version (the version the editor started from); else
// it is a fault.Conflict and nothing is written. o.ID names the record;
// its slug may change. On success o carries the new version.
func (s *Store) UpdateOrganisation(ctx context.Context, o *directory.Organisation, version int, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return updateOrganisation(ctx, tx, o, version, "update", "", by)
	})
}

func updateOrganisation(ctx context.Context, tx pgx.Tx, o *directory.Organisation, version int, action, note string, by accounts.Audit) error {
	if err := validate(o); err != nil {
		return err
	}
	var slug string
	var current int
	err := tx.QueryRow(ctx, `SELECT slug, version FROM organisation WHERE id = $1 FOR UPDATE`, o.ID).Scan(&slug, &current)
	if errors.Is(err, pgx.ErrNoRows) {
		return fault.New(fault.NotFound, "nie ma organizacji %s", o.ID)
	}
	if err != nil {
		return fmt.Errorf("lock organisation: %w", err)
	}
	if current != version {
		return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił te dane w międzyczasie"}
	}
	before, err := loadOrganisation(ctx, tx, slug, false)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE organisation SET slug = $2, name = $3, short_name = $4, legal_form = $5, public_benefit = $6,
			krs = $7, nip = $8, regon = $9, street = $10, postal_code = $11, city = $12, district = NULLIF($13, ''),
			latitude = $14, longitude = $15, phones = $16, emails = $17, website = $18, social = $19,
			description = $20, hours_note = $21, accessibility = $22, languages = $23, takes_volunteers = $24,
			takes_interns = $25, volunteer_note = $26, verified_on = $27, version = version + 1, updated_at = now()
		WHERE id = $1`,
		o.ID, o.Slug, o.Name, o.ShortName, o.LegalForm, o.PublicBenefit, o.KRS, o.NIP, o.REGON,
		o.Address.Street, o.Address.PostalCode, o.Address.City, o.Address.District,
		o.Address.Latitude, o.Address.Longitude, nonNil(o.Phones), nonNil(o.Emails), o.Website,
		nonNil(o.Social), o.Description, o.HoursNote, nonNil(o.Accessibility), nonNil(o.Languages),
		o.TakesVolunteers, o.TakesInterns, o.VolunteerNote, date(o.VerifiedOn))
	if err := classifyWrite(err, o); err != nil {
		return err
	}
	for _, table := range []string{"contact_person", "organisation_category", "organisation_target_group", "office_hours", "office_hours_note"} {
		if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE organisation_id = $1", o.ID); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}
	if err := writeChildren(ctx, tx, o); err != nil {
		return err
	}
	if err := writeRevision(ctx, tx, before, o.ID, action, note, by); err != nil {
		return err
	}
	return tx.QueryRow(ctx, `SELECT version, updated_at FROM organisation WHERE id = $1`, o.ID).Scan(&o.Version, &o.UpdatedAt)
}

// OrganisationByID loads every field of an organisation, deleted or not,
// for the staff; an unknown id is a fault.NotFound.
func (s *Store) OrganisationByID(ctx context.Context, id string) (*directory.Organisation, error) {
	var slug string
	err := s.pool.QueryRow(ctx, `SELECT slug FROM organisation WHERE id::text = $1`, id).Scan(&slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "nie ma organizacji %s", id)
	}
	if err != nil {
		return nil, err
	}
	return loadOrganisation(ctx, s.pool, slug, false)
}

// Revisions returns the organisation's history, newest first.
func (s *Store) Revisions(ctx context.Context, id string) ([]Revision, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, version, action, at, actor_email, changed, note, snapshot
		FROM revision WHERE entity = 'organisation' AND entity_id = $1 ORDER BY id DESC`, id)
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
// revision, if the record is still at version.
func (s *Store) RestoreRevision(ctx context.Context, id string, revisionID int64, version int, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var snap []byte
		err := tx.QueryRow(ctx, `SELECT snapshot FROM revision WHERE id = $1 AND entity = 'organisation' AND entity_id = $2`,
			revisionID, id).Scan(&snap)
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
		o.ID = id
		return updateOrganisation(ctx, tx, &o, version, "restore", strconv.FormatInt(revisionID, 10), by)
	})
}

// DeleteOrganisation moves the organisation to the trash (soft delete), if
// it is still at version.
func (s *Store) DeleteOrganisation(ctx context.Context, id string, version int, by accounts.Audit) error {
	return s.setDeleted(ctx, id, &version, true, by)
}

// UndeleteOrganisation takes the organisation out of the trash.
func (s *Store) UndeleteOrganisation(ctx context.Context, id string, by accounts.Audit) error {
	return s.setDeleted(ctx, id, nil, false, by)
}

func (s *Store) setDeleted(ctx context.Context, id string, version *int, deleted bool, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var slug string
		var current int
		err := tx.QueryRow(ctx, `SELECT slug, version FROM organisation WHERE id::text = $1 FOR UPDATE`, id).Scan(&slug, &current)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma organizacji %s", id)
		}
		if err != nil {
			return err
		}
		if version != nil && *version != current {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił te dane w międzyczasie"}
		}
		before, err := loadOrganisation(ctx, tx, slug, false)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE organisation SET deleted_at = CASE WHEN $2 THEN now() END,
			version = version + 1, updated_at = now() WHERE id::text = $1`, id, deleted); err != nil {
			return err
		}
		action := "undelete"
		if deleted {
			action = "delete"
		}
		return writeRevision(ctx, tx, before, id, action, "", by)
	})
}

// Trashed is an organisation in the trash.
type Trashed struct {
	ID, Slug, Name string
	DeletedAt      time.Time
}

// Trash lists the deleted organisations, most recently deleted first.
func (s *Store) Trash(ctx context.Context) ([]Trashed, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id::text, slug, name, deleted_at FROM organisation
		WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC`)
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Trashed])
}

// EmptyTrash removes the deleted organisations for good; their revisions
// stay in the history. It returns how many were removed.
func (s *Store) EmptyTrash(ctx context.Context, by accounts.Audit) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM organisation WHERE deleted_at IS NOT NULL`)
		if err != nil {
			return fmt.Errorf("empty trash: %w", err)
		}
		n = tag.RowsAffected()
		by.Kind, by.Target, by.Detail = accounts.AuditTrashEmptied, "", map[string]any{"count": n}
		return audit(ctx, tx, by)
	})
	return n, err
}

// AdminRow is an organisation in the staff's list.
type AdminRow struct {
	ID, Slug, Name string
	City           string
	Example        bool
	VerifiedOn     *time.Time
	UpdatedAt      time.Time
}

// AdminOrganisations lists the working copy for staff: not deleted,
// filtered by a folded substring of the name and by filter ("przykladowe":
// demo records, "prawdziwe": the others, "nieweryfikowane": not verified
// in the last 12 months), sorted by name, last change or verification, at
// most limit rows after offset, with the total.
func (s *Store) AdminOrganisations(ctx context.Context, text, sort, filter string, limit, offset int) ([]AdminRow, int, error) {
	order := "o.name_folded, o.id"
	switch sort {
	case "zmiana":
		order = "o.updated_at DESC, o.id"
	case "weryfikacja":
		order = "o.verified_on NULLS FIRST, o.name_folded"
	}
	where := "o.deleted_at IS NULL AND o.name_folded LIKE portal_fold($1)"
	switch filter {
	case "przykladowe":
		where += " AND o.example"
	case "prawdziwe":
		where += " AND NOT o.example"
	case "nieweryfikowane":
		where += " AND (o.verified_on IS NULL OR o.verified_on < (now() AT TIME ZONE 'Europe/Warsaw')::date - interval '12 months')"
	}
	pattern := "%" + escapeLike(directory.Fold(text)) + "%"
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM organisation o WHERE `+where, pattern).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count: %w", err)
	}
	rows, _ := s.pool.Query(ctx, `SELECT o.id::text, o.slug, o.name, o.city, o.example, o.verified_on, o.updated_at
		FROM organisation o WHERE `+where+`
		ORDER BY `+order+` LIMIT $2 OFFSET $3`, pattern, limit, offset)
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (AdminRow, error) {
		var a AdminRow
		var verified *time.Time
		err := r.Scan(&a.ID, &a.Slug, &a.Name, &a.City, &a.Example, &verified, &a.UpdatedAt)
		a.VerifiedOn = verified
		return a, err
	})
	return list, total, err
}

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
