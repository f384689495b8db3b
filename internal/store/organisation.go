package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

// CreateOrganisations stores new organisations with their contact persons,
// categories, target groups and office hours, all in one transaction: on
// any error none is stored. It fills in each ID, the timestamps and the
// version. A taken slug is a fault.Conflict wrapping a
// *directory.InvalidError on the field "slug"; an unknown category, target
// group or district is a fault.Invalid wrapping one on its field.
func (s *Store) CreateOrganisations(ctx context.Context, orgs ...*directory.Organisation) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, o := range orgs {
			after, err := insertOrganisation(ctx, tx, o)
			if err != nil {
				return err
			}
			if err := writeRevision(ctx, tx, nil, after, "create", "", accounts.Audit{}); err != nil {
				return err
			}
		}
		return nil
	})
}

// CreateOrganisation stores one new organisation entered by a person, with
// its first revision; its errors are CreateOrganisations'.
func (s *Store) CreateOrganisation(ctx context.Context, o *directory.Organisation, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		after, err := insertOrganisation(ctx, tx, o)
		if err != nil {
			return err
		}
		return writeRevision(ctx, tx, nil, after, "create", "", by)
	})
}

// insertOrganisation inserts o with the rows that hang off it and returns
// the record as stored.
func insertOrganisation(ctx context.Context, tx pgx.Tx, o *directory.Organisation) (*directory.Organisation, error) {
	if err := validate(o); err != nil {
		return nil, err
	}
	err := tx.QueryRow(ctx, `
		INSERT INTO organisation (slug, name, short_name, legal_form, public_benefit, krs, nip, regon,
			street, postal_code, city, district, latitude, longitude, phones, emails, website, social,
			description, hours_note, accessibility, languages, takes_volunteers, takes_interns,
			volunteer_note, example, verified_on, address_confidential,
			description_uk, description_en, hours_note_uk, hours_note_en)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULLIF($12, ''), $13, $14, $15, $16, $17,
			$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32)
		RETURNING id, created_at, updated_at, version`,
		o.Slug, o.Name, o.ShortName, o.LegalForm, o.PublicBenefit, o.KRS, o.NIP, o.REGON,
		o.Address.Street, o.Address.PostalCode, o.Address.City, o.Address.District,
		o.Address.Latitude, o.Address.Longitude, nonNil(o.Phones), nonNil(o.Emails), o.Website,
		nonNil(o.Social), o.Description, o.HoursNote, nonNil(o.Accessibility), nonNil(o.Languages),
		o.TakesVolunteers, o.TakesInterns, o.VolunteerNote, o.Example, date(o.VerifiedOn), o.Address.Confidential,
		o.DescriptionUK, o.DescriptionEN, o.HoursNoteUK, o.HoursNoteEN,
	).Scan(&o.ID, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	if err := classifyWrite(err, o); err != nil {
		return nil, err
	}
	b := &pgx.Batch{}
	queueChildren(b, o)
	return sendAndReload(ctx, tx, b, o)
}

// UpdateOrganisation replaces the organisation's fields with o's, if the
// record is still at version (the version the editor started from); else
// it is a fault.Conflict without a *directory.InvalidError, and nothing is
// written. o.ID names the record (a malformed or unknown one is a
// fault.NotFound); its slug may change, and a taken one is an error as in
// CreateOrganisations. On success o carries the new version.
func (s *Store) UpdateOrganisation(ctx context.Context, o *directory.Organisation, version int, by accounts.Audit) error {
	id, err := uuid.Parse(o.ID)
	if err != nil {
		return fault.New(fault.NotFound, "nie ma organizacji %s", o.ID)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// The row is locked before anything is written, so that of two
		// saves of one version the second waits for the first and then
		// sees the new version: an edit conflict, never the first save's
		// own slug reported as taken.
		before, err := lockOrganisation(ctx, tx, id)
		if err != nil {
			return err
		}
		return updateOrganisation(ctx, tx, before, o, version, "update", "", by)
	})
}

// editConflict is the answer to a write that names a version the record
// has moved on from.
func editConflict() error {
	return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił te dane w międzyczasie"}
}

// updateOrganisation writes o over before, a record locked in tx, if
// before is still at version; the children are replaced, the record
// reloaded and the revision written in two more round trips.
func updateOrganisation(ctx context.Context, tx pgx.Tx, before, o *directory.Organisation, version int, action, note string, by accounts.Audit) error {
	if err := validate(o); err != nil {
		return err
	}
	if before.Version != version {
		return editConflict()
	}
	o.ID = before.ID
	b := &pgx.Batch{}
	b.Queue(`
		UPDATE organisation SET slug = $2, name = $3, short_name = $4, legal_form = $5, public_benefit = $6,
			krs = $7, nip = $8, regon = $9, street = $10, postal_code = $11, city = $12, district = NULLIF($13, ''),
			latitude = $14, longitude = $15, phones = $16, emails = $17, website = $18, social = $19,
			description = $20, hours_note = $21, accessibility = $22, languages = $23, takes_volunteers = $24,
			takes_interns = $25, volunteer_note = $26, verified_on = $27, address_confidential = $28,
			description_uk = $29, description_en = $30, hours_note_uk = $31, hours_note_en = $32,
			version = version + 1, updated_at = now()
		WHERE id = $1`,
		o.ID, o.Slug, o.Name, o.ShortName, o.LegalForm, o.PublicBenefit, o.KRS, o.NIP, o.REGON,
		o.Address.Street, o.Address.PostalCode, o.Address.City, o.Address.District,
		o.Address.Latitude, o.Address.Longitude, nonNil(o.Phones), nonNil(o.Emails), o.Website,
		nonNil(o.Social), o.Description, o.HoursNote, nonNil(o.Accessibility), nonNil(o.Languages),
		o.TakesVolunteers, o.TakesInterns, o.VolunteerNote, date(o.VerifiedOn), o.Address.Confidential,
		o.DescriptionUK, o.DescriptionEN, o.HoursNoteUK, o.HoursNoteEN)
	for _, table := range []string{"contact_person", "organisation_category", "organisation_target_group", "office_hours", "office_hours_note"} {
		b.Queue("DELETE FROM "+table+" WHERE organisation_id = $1", o.ID)
	}
	queueChildren(b, o)
	after, err := sendAndReload(ctx, tx, b, o)
	if err != nil {
		return err
	}
	if err := writeRevision(ctx, tx, before, after, action, note, by); err != nil {
		return err
	}
	o.Version, o.UpdatedAt = after.Version, after.UpdatedAt
	return nil
}

// sendAndReload sends the writes queued on b together with a load of o's
// record as they leave it, and returns that record.
func sendAndReload(ctx context.Context, tx pgx.Tx, b *pgx.Batch, o *directory.Organisation) (*directory.Organisation, error) {
	l := queueLoad(b, `o.id = $1`, []any{o.ID}, false, "")
	if err := classifyWrite(tx.SendBatch(ctx, b).Close(), o); err != nil {
		return nil, err
	}
	if len(l.orgs) == 0 {
		return nil, fmt.Errorf("organisation %q vanished while written", o.Slug)
	}
	return l.orgs[0], nil
}

// DeleteOrganisation moves the organisation to the trash (soft delete), if
// it is still at version; else it is a fault.Conflict. An unknown id is a
// fault.NotFound.
func (s *Store) DeleteOrganisation(ctx context.Context, id uuid.UUID, version int, by accounts.Audit) error {
	return s.setDeleted(ctx, id, &version, true, by)
}

// UndeleteOrganisation takes the organisation out of the trash. An unknown
// id is a fault.NotFound.
func (s *Store) UndeleteOrganisation(ctx context.Context, id uuid.UUID, by accounts.Audit) error {
	return s.setDeleted(ctx, id, nil, false, by)
}

func (s *Store) setDeleted(ctx context.Context, id uuid.UUID, version *int, deleted bool, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		before, err := lockOrganisation(ctx, tx, id)
		if err != nil {
			return err
		}
		if version != nil && *version != before.Version {
			return editConflict()
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE organisation SET deleted_at = CASE WHEN $2 THEN now() END,
			version = version + 1, updated_at = now() WHERE id = $1`, id, deleted)
		after, err := sendAndReload(ctx, tx, b, before)
		if err != nil {
			return err
		}
		action := "undelete"
		if deleted {
			action = "delete"
		}
		return writeRevision(ctx, tx, before, after, action, "", by)
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
	Confidential   bool // the address is confidential (Address.Confidential)
	VerifiedOn     *time.Time
	UpdatedAt      time.Time
}

// AdminOrganisations lists the working copy for staff: not deleted,
// filtered by a folded substring of the name and by filter ("przykladowe":
// demo records, "prawdziwe": the others, "nieweryfikowane": not verified
// within verifyMonths before today, a date in Warsaw, the same rule as
// StaleOrganisations), sorted by name, last change or verification, at
// most limit rows after offset, with the total.
func (s *Store) AdminOrganisations(ctx context.Context, text, sort, filter string, today time.Time, verifyMonths, limit, offset int) ([]AdminRow, int, error) {
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
	}
	args := []any{"%" + escapeLike(directory.Fold(text)) + "%"}
	if filter == "nieweryfikowane" {
		where += " AND " + notVerified("$2", "$3")
		args = append(args, today.Format(time.DateOnly), verifyMonths)
	}
	page := fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(args)+1, len(args)+2)
	b := &pgx.Batch{}
	var total int
	b.Queue(`SELECT count(*) FROM organisation o WHERE `+where, args...).QueryRow(func(r pgx.Row) error { return r.Scan(&total) })
	var list []AdminRow
	b.Queue(`SELECT o.id::text, o.slug, o.name, o.city, o.example, o.verified_on, o.updated_at, o.address_confidential
		FROM organisation o WHERE `+where+` ORDER BY `+order+page, append(args, limit, offset)...).Query(func(rows pgx.Rows) error {
		var err error
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (AdminRow, error) {
			var a AdminRow
			err := r.Scan(&a.ID, &a.Slug, &a.Name, &a.City, &a.Example, &a.VerifiedOn, &a.UpdatedAt, &a.Confidential)
			return a, err
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, 0, fmt.Errorf("admin list: %w", err)
	}
	return list, total, nil
}

// validate refuses a record that breaks the rules, whoever wrote it: the
// public pages rely on it (an address must be http or https, say).
func validate(o *directory.Organisation) error {
	// Accessibility features are kept in the list's own order, so that the
	// same choice is always the same record (no false changes in history).
	slices.SortStableFunc(o.Accessibility, func(a, b string) int {
		return slices.Index(directory.AccessibilityFeatures, a) - slices.Index(directory.AccessibilityFeatures, b)
	})
	if errs := o.Validate(); errs != nil {
		return &fault.Error{Code: fault.Invalid, Message: "dane organizacji są niepoprawne", Err: &directory.InvalidError{Slug: o.Slug, Fields: errs}}
	}
	return nil
}

// classifyWrite turns the errors of writing an organisation row that a
// person can correct into faults.
func classifyWrite(err error, o *directory.Organisation) error {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.ConstraintName == "organisation_slug_key" {
		// A conflict with another record, which the person resolves in a
		// field: the field error says which.
		return &fault.Error{Code: fault.Conflict, Message: "adres strony organizacji jest już zajęty: " + o.Slug,
			Err: &directory.InvalidError{Slug: o.Slug, Fields: directory.FieldErrors{"slug": directory.ErrSlugTaken}}}
	}
	if err := unknownChoice(err, o); err != nil {
		return err
	}
	if err != nil {
		return fmt.Errorf("write organisation %q: %w", o.Slug, err)
	}
	return nil
}

// unknownChoice turns a foreign-key violation (a district, category or
// target group not in the lists) into an error on that field.
func unknownChoice(err error, o *directory.Organisation) error {
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok || pgErr.Code != "23503" {
		return nil
	}
	field := map[string]string{
		"organisation_district_fkey":                  "address.district",
		"organisation_category_category_fkey":         "categories",
		"organisation_target_group_target_group_fkey": "target_groups",
	}[pgErr.ConstraintName]
	if field == "" {
		field = "categories"
	}
	id := map[string]string{"address.district": "err_district", "categories": directory.ErrCategory, "target_groups": directory.ErrTargetGroup}[field]
	return &fault.Error{Code: fault.Invalid, Message: "nieznana pozycja listy", Err: &directory.InvalidError{Slug: o.Slug, Fields: directory.FieldErrors{field: id}}}
}

// queueChildren queues on batch the rows that hang off an organisation and
// the refresh of its search document.
func queueChildren(batch *pgx.Batch, o *directory.Organisation) {
	for i, c := range o.Contacts {
		batch.Queue(`INSERT INTO contact_person (organisation_id, position, name, function, phone, email, consent, consent_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, o.ID, i, c.Name, c.Function, c.Phone, c.Email, c.Consent, date(c.ConsentOn))
	}
	for _, c := range o.Categories {
		batch.Queue(`INSERT INTO organisation_category (organisation_id, category) VALUES ($1, $2)`, o.ID, c)
	}
	for _, g := range o.TargetGroups {
		batch.Queue(`INSERT INTO organisation_target_group (organisation_id, target_group) VALUES ($1, $2)`, o.ID, g)
	}
	for wd := 1; wd <= 7; wd++ {
		day := o.Hours[wd]
		for _, iv := range day.Intervals {
			batch.Queue(`INSERT INTO office_hours (organisation_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)`,
				o.ID, wd, clock(iv.Opens), clock(iv.Closes))
		}
		if day.Note != "" {
			batch.Queue(`INSERT INTO office_hours_note (organisation_id, weekday, note) VALUES ($1, $2, $3)`, o.ID, wd, day.Note)
		}
	}
	batch.Queue(`SELECT organisation_index($1)`, o.ID)
}

// Organisation loads every field of the organisation with slug, including
// contact persons without consent: it is the staff's view. An unknown slug
// is a fault.NotFound.
func (s *Store) Organisation(ctx context.Context, slug string) (*directory.Organisation, error) {
	return loadOrganisation(ctx, s.pool, slug, false)
}

// OrganisationByID loads every field of an organisation, deleted or not,
// for the staff, in one round trip; an unknown id is a fault.NotFound.
func (s *Store) OrganisationByID(ctx context.Context, id uuid.UUID) (*directory.Organisation, error) {
	return loadByID(ctx, s.pool, id, false, "")
}

// organisationByID loads an organisation that is not in the trash; an
// unknown or deleted one is a fault.NotFound.
func organisationByID(ctx context.Context, q querier, id uuid.UUID) (*directory.Organisation, error) {
	return loadByID(ctx, q, id, true, "")
}

// lockOrganisation loads the organisation with id, deleted or not, and
// locks its row until tx ends: the version it carries is the one a write
// in tx compares against. An unknown id is a fault.NotFound.
func lockOrganisation(ctx context.Context, tx pgx.Tx, id uuid.UUID) (*directory.Organisation, error) {
	return loadByID(ctx, tx, id, false, "FOR UPDATE OF o")
}

func loadByID(ctx context.Context, q querier, id uuid.UUID, live bool, lock string) (*directory.Organisation, error) {
	cond := `o.id = $1`
	if live {
		cond += ` AND o.deleted_at IS NULL`
	}
	b := &pgx.Batch{}
	l := queueLoad(b, cond, []any{id}, false, lock)
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("load organisation %s: %w", id, err)
	}
	if len(l.orgs) == 0 {
		return nil, fault.New(fault.NotFound, "nie ma organizacji %s", id)
	}
	return l.orgs[0], nil
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

func loadOrganisation(ctx context.Context, q querier, slug string, consentedOnly bool) (*directory.Organisation, error) {
	// The public (consentedOnly) never sees the trash.
	orgs, err := loadOrganisations(ctx, q, `o.slug = $1 AND (o.deleted_at IS NULL OR NOT $2)`, []any{slug, consentedOnly}, consentedOnly)
	if err != nil {
		return nil, fmt.Errorf("load organisation %q: %w", slug, err)
	}
	if len(orgs) == 0 {
		return nil, fault.New(fault.NotFound, "nie ma organizacji %q", slug)
	}
	return orgs[0], nil
}

// loadOrganisations loads every field of the organisations of o matching
// cond (fixed SQL; values only through args), ordered by name, in one
// round trip whatever their number. consentedOnly leaves out contact
// persons without consent.
func loadOrganisations(ctx context.Context, q querier, cond string, args []any, consentedOnly bool) ([]*directory.Organisation, error) {
	b := &pgx.Batch{}
	l := queueLoad(b, cond, args, consentedOnly, "")
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	return l.orgs, nil
}

// organisationColumns are the columns of an organisation's own row, of
// organisation o, as scanOrganisation reads them.
const organisationColumns = `o.id, o.slug, o.name, o.short_name, o.legal_form, o.public_benefit, o.krs, o.nip, o.regon,
	o.street, o.postal_code, o.city, o.district, o.latitude, o.longitude, o.phones, o.emails, o.website, o.social,
	o.description, o.hours_note, o.accessibility, o.languages, o.takes_volunteers, o.takes_interns,
	o.volunteer_note, o.example, o.verified_on, o.created_at, o.updated_at, o.version, o.address_confidential,
	o.description_uk, o.description_en, o.hours_note_uk, o.hours_note_en`

// scanOrganisation reads organisationColumns and then extra.
func scanOrganisation(r pgx.Row, extra ...any) (*directory.Organisation, error) {
	o := &directory.Organisation{}
	var district pgtype.Text
	var verified pgtype.Date
	err := r.Scan(append([]any{&o.ID, &o.Slug, &o.Name, &o.ShortName, &o.LegalForm, &o.PublicBenefit, &o.KRS, &o.NIP, &o.REGON,
		&o.Address.Street, &o.Address.PostalCode, &o.Address.City, &district, &o.Address.Latitude,
		&o.Address.Longitude, &o.Phones, &o.Emails, &o.Website, &o.Social, &o.Description, &o.HoursNote,
		&o.Accessibility, &o.Languages, &o.TakesVolunteers, &o.TakesInterns, &o.VolunteerNote, &o.Example,
		&verified, &o.CreatedAt, &o.UpdatedAt, &o.Version, &o.Address.Confidential,
		&o.DescriptionUK, &o.DescriptionEN, &o.HoursNoteUK, &o.HoursNoteEN}, extra...)...)
	o.Address.District = district.String
	if verified.Valid {
		t := verified.Time
		o.VerifiedOn = &t
	}
	return o, err
}

// orgLoad is a load of organisations queued on a batch: orgs is filled in
// when the batch is closed.
type orgLoad struct {
	orgs []*directory.Organisation
	byID map[string]*directory.Organisation
}

// queueLoad queues on b the six statements that load the organisations of
// o matching cond (see loadOrganisations), the row itself locked with lock
// ("" or a FOR UPDATE clause). Each child statement selects by the same
// cond, so that the load costs the batch's one round trip; a child row of
// an organisation the first statement did not return (one that came to
// match meanwhile) is ignored.
func queueLoad(b *pgx.Batch, cond string, args []any, consentedOnly bool, lock string) *orgLoad {
	l := &orgLoad{byID: map[string]*directory.Organisation{}}
	b.Queue(`SELECT `+organisationColumns+` FROM organisation o WHERE `+cond+` ORDER BY o.name_folded, o.id `+lock, args...).Query(func(rows pgx.Rows) error {
		orgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*directory.Organisation, error) {
			o, err := scanOrganisation(r)
			l.byID[o.ID] = o
			return o, err
		})
		l.orgs = orgs
		return err
	})
	of := `organisation_id IN (SELECT o.id FROM organisation o WHERE ` + cond + `)`
	consent := ""
	if consentedOnly {
		consent = " AND consent"
	}
	each := func(what string, dest []any, fn func(o *directory.Organisation)) func(pgx.Rows) error {
		return func(rows pgx.Rows) error {
			var id string
			_, err := pgx.ForEachRow(rows, append([]any{&id}, dest...), func() error {
				if o := l.byID[id]; o != nil {
					fn(o)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			return nil
		}
	}
	var c directory.Contact
	var on pgtype.Date
	b.Queue(`SELECT organisation_id, name, function, phone, email, consent, consent_on FROM contact_person
		WHERE `+of+consent+` ORDER BY organisation_id, position`, args...).Query(
		each("contacts", []any{&c.Name, &c.Function, &c.Phone, &c.Email, &c.Consent, &on}, func(o *directory.Organisation) {
			c.ConsentOn = nil
			if on.Valid {
				t := on.Time
				c.ConsentOn = &t
			}
			o.Contacts = append(o.Contacts, c)
		}))
	var slug string
	b.Queue(`SELECT oc.organisation_id, oc.category FROM organisation_category oc JOIN category c ON c.slug = oc.category
		WHERE oc.`+of+` ORDER BY c.position`, args...).Query(
		each("categories", []any{&slug}, func(o *directory.Organisation) { o.Categories = append(o.Categories, slug) }))
	b.Queue(`SELECT og.organisation_id, og.target_group FROM organisation_target_group og JOIN target_group g ON g.slug = og.target_group
		WHERE og.`+of+` ORDER BY g.position`, args...).Query(
		each("target groups", []any{&slug}, func(o *directory.Organisation) { o.TargetGroups = append(o.TargetGroups, slug) }))
	var wd int
	var opens, closes pgtype.Time
	b.Queue(`SELECT organisation_id, weekday, opens, closes FROM office_hours
		WHERE `+of+` ORDER BY organisation_id, weekday, opens`, args...).Query(
		each("office hours", []any{&wd, &opens, &closes}, func(o *directory.Organisation) {
			o.Hours[wd].Intervals = append(o.Hours[wd].Intervals, interval(opens, closes))
		}))
	var note string
	b.Queue(`SELECT organisation_id, weekday, note FROM office_hours_note WHERE `+of, args...).Query(
		each("hours notes", []any{&wd, &note}, func(o *directory.Organisation) { o.Hours[wd].Note = note }))
	return l
}

// interval is an opening interval as stored: a closing time of 00:00 is
// midnight, the end of the day.
func interval(opens, closes pgtype.Time) directory.Interval {
	c := directory.ClockTime(closes.Microseconds / 60e6)
	if c == 0 {
		c = 24 * 60
	}
	return directory.Interval{Opens: directory.ClockTime(opens.Microseconds / 60e6), Closes: c}
}

// loadHours returns the office-hour intervals of the organisations ids.
func loadHours(ctx context.Context, q querier, ids []string) (map[string]directory.WeeklyHours, error) {
	rows, _ := q.Query(ctx, `SELECT organisation_id, weekday, opens, closes FROM office_hours
		WHERE organisation_id = ANY($1) ORDER BY organisation_id, weekday, opens`, ids)
	out := make(map[string]directory.WeeklyHours, len(ids))
	var id string
	var wd int
	var opens, closes pgtype.Time
	_, err := pgx.ForEachRow(rows, []any{&id, &wd, &opens, &closes}, func() error {
		h := out[id]
		h[wd].Intervals = append(h[wd].Intervals, interval(opens, closes))
		out[id] = h
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("office hours: %w", err)
	}
	return out, nil
}

// DeleteExamples removes every organisation marked as example data and
// returns how many there were.
func (s *Store) DeleteExamples(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM organisation WHERE example`)
	if err != nil {
		return 0, fmt.Errorf("delete example organisations: %w", err)
	}
	return tag.RowsAffected(), nil
}

// CountOrganisations returns how many organisations the directory holds.
func (s *Store) CountOrganisations(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM organisation`).Scan(&n)
	return n, err
}

func clock(c directory.ClockTime) pgtype.Time {
	return pgtype.Time{Microseconds: int64(c%(24*60)) * 60e6, Valid: true}
}
