package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

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
// version. A taken slug is a fault.Conflict; an unknown category, target
// group or district is a fault.Invalid.
func (s *Store) CreateOrganisations(ctx context.Context, orgs ...*directory.Organisation) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, o := range orgs {
			if err := insertOrganisation(ctx, tx, o); err != nil {
				return err
			}
			if err := writeRevision(ctx, tx, nil, o.ID, "create", "", accounts.Audit{}); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertOrganisation(ctx context.Context, tx pgx.Tx, o *directory.Organisation) error {
	if err := validate(o); err != nil {
		return err
	}
	err := tx.QueryRow(ctx, `
		INSERT INTO organisation (slug, name, short_name, legal_form, public_benefit, krs, nip, regon,
			street, postal_code, city, district, latitude, longitude, phones, emails, website, social,
			description, hours_note, accessibility, languages, takes_volunteers, takes_interns,
			volunteer_note, example, verified_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULLIF($12, ''), $13, $14, $15, $16, $17,
			$18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
		RETURNING id, created_at, updated_at, version`,
		o.Slug, o.Name, o.ShortName, o.LegalForm, o.PublicBenefit, o.KRS, o.NIP, o.REGON,
		o.Address.Street, o.Address.PostalCode, o.Address.City, o.Address.District,
		o.Address.Latitude, o.Address.Longitude, nonNil(o.Phones), nonNil(o.Emails), o.Website,
		nonNil(o.Social), o.Description, o.HoursNote, nonNil(o.Accessibility), nonNil(o.Languages),
		o.TakesVolunteers, o.TakesInterns, o.VolunteerNote, o.Example, date(o.VerifiedOn),
	).Scan(&o.ID, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	if err := classifyWrite(err, o); err != nil {
		return err
	}
	return writeChildren(ctx, tx, o)
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
		return &fault.Error{Code: fault.Conflict, Message: "adres strony organizacji jest już zajęty: " + o.Slug, Err: err}
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

// writeChildren stores the rows that hang off an organisation and refreshes
// its search document.
func writeChildren(ctx context.Context, tx pgx.Tx, o *directory.Organisation) error {
	batch := &pgx.Batch{}
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
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		if ferr := unknownChoice(err, o); ferr != nil {
			return ferr
		}
		return fmt.Errorf("organisation %q details: %w", o.Slug, err)
	}
	return nil
}

// Organisation loads every field of the organisation with slug, including
// contact persons without consent: it is the staff's view. An unknown slug
// is a fault.NotFound.
func (s *Store) Organisation(ctx context.Context, slug string) (*directory.Organisation, error) {
	return loadOrganisation(ctx, s.pool, slug, false)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
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
// cond (fixed SQL; values only through args), ordered by name, with a
// fixed number of queries whatever their number. consentedOnly leaves out
// contact persons without consent.
func loadOrganisations(ctx context.Context, q querier, cond string, args []any, consentedOnly bool) ([]*directory.Organisation, error) {
	rows, _ := q.Query(ctx, `
		SELECT id, slug, name, short_name, legal_form, public_benefit, krs, nip, regon,
			street, postal_code, city, district, latitude, longitude, phones, emails, website, social,
			description, hours_note, accessibility, languages, takes_volunteers, takes_interns,
			volunteer_note, example, verified_on, created_at, updated_at, version
		FROM organisation o WHERE `+cond+` ORDER BY o.name_folded, o.id`, args...)
	byID := map[string]*directory.Organisation{}
	var ids []string
	orgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*directory.Organisation, error) {
		o := &directory.Organisation{}
		var district pgtype.Text
		var verified pgtype.Date
		err := r.Scan(&o.ID, &o.Slug, &o.Name, &o.ShortName, &o.LegalForm, &o.PublicBenefit, &o.KRS, &o.NIP, &o.REGON,
			&o.Address.Street, &o.Address.PostalCode, &o.Address.City, &district, &o.Address.Latitude,
			&o.Address.Longitude, &o.Phones, &o.Emails, &o.Website, &o.Social, &o.Description, &o.HoursNote,
			&o.Accessibility, &o.Languages, &o.TakesVolunteers, &o.TakesInterns, &o.VolunteerNote, &o.Example,
			&verified, &o.CreatedAt, &o.UpdatedAt, &o.Version)
		o.Address.District = district.String
		if verified.Valid {
			t := verified.Time
			o.VerifiedOn = &t
		}
		byID[o.ID] = o
		ids = append(ids, o.ID)
		return o, err
	})
	if err != nil || len(orgs) == 0 {
		return nil, err
	}

	rows, _ = q.Query(ctx, `
		SELECT organisation_id, name, function, phone, email, consent, consent_on FROM contact_person
		WHERE organisation_id = ANY($1) AND (consent OR NOT $2) ORDER BY organisation_id, position`, ids, consentedOnly)
	var id string
	var c directory.Contact
	var on pgtype.Date
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.Name, &c.Function, &c.Phone, &c.Email, &c.Consent, &on}, func() error {
		c.ConsentOn = nil
		if on.Valid {
			t := on.Time
			c.ConsentOn = &t
		}
		byID[id].Contacts = append(byID[id].Contacts, c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	var slug string
	rows, _ = q.Query(ctx, `SELECT oc.organisation_id, oc.category FROM organisation_category oc JOIN category c ON c.slug = oc.category
		WHERE oc.organisation_id = ANY($1) ORDER BY c.position`, ids)
	if _, err := pgx.ForEachRow(rows, []any{&id, &slug}, func() error {
		byID[id].Categories = append(byID[id].Categories, slug)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("categories: %w", err)
	}
	rows, _ = q.Query(ctx, `SELECT og.organisation_id, og.target_group FROM organisation_target_group og JOIN target_group g ON g.slug = og.target_group
		WHERE og.organisation_id = ANY($1) ORDER BY g.position`, ids)
	if _, err := pgx.ForEachRow(rows, []any{&id, &slug}, func() error {
		byID[id].TargetGroups = append(byID[id].TargetGroups, slug)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("target groups: %w", err)
	}
	hours, err := loadHours(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		o.Hours = hours[o.ID]
	}
	rows, _ = q.Query(ctx, `SELECT organisation_id, weekday, note FROM office_hours_note WHERE organisation_id = ANY($1)`, ids)
	var wd int
	var note string
	if _, err := pgx.ForEachRow(rows, []any{&id, &wd, &note}, func() error {
		byID[id].Hours[wd].Note = note
		return nil
	}); err != nil {
		return nil, fmt.Errorf("hours notes: %w", err)
	}
	return orgs, nil
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
		c := directory.ClockTime(closes.Microseconds / 60e6)
		if c == 0 {
			c = 24 * 60 // closes at midnight
		}
		h[wd].Intervals = append(h[wd].Intervals, directory.Interval{Opens: directory.ClockTime(opens.Microseconds / 60e6), Closes: c})
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

func date(t *time.Time) pgtype.Date {
	if t == nil {
		return pgtype.Date{}
	}
	return pgtype.Date{Time: *t, Valid: true}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
