package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

// Reminder channels: sent by the portal through SMTP, or prepared as a
// mailto: link for the staff member's own mail program.
const (
	ReminderSMTP   = "smtp"
	ReminderMailto = "mailto"
)

// Stale is an organisation whose data waits for a check by staff.
type Stale struct {
	ID, Slug, Name string
	Example        bool
	Emails         []string
	VerifiedOn     *time.Time // a calendar date; nil: never verified
	UpdatedAt      time.Time
	Version        int
	// The last reminder, if any was sent.
	LastReminder        *time.Time
	LastReminderTo      string
	LastReminderChannel string
}

// notVerified is the one rule of "not verified": the organisation o was
// verified never, or before the day (a parameter such as "$1", a date in
// Warsaw) minus the months (a parameter). verified_on on or after the day
// minus the months is current. It is the complement of what the
// strategy's live metric "verified within 12 months" counts (LiveValue).
// The verification list and the admin list's filter both use it.
func notVerified(day, months string) string {
	return `(o.verified_on IS NULL OR o.verified_on < ` + day + `::date - make_interval(months => ` + months + `::int))`
}

// staleWhere selects the live organisations not verified within $2 months
// of the day $1 (or never).
var staleWhere = `o.deleted_at IS NULL AND ` + notVerified("$1", "$2")

// StaleOrganisations lists the organisations whose data was not verified
// within months before today (a date in Warsaw), or never: the never
// verified first, then the oldest check first; at most limit after offset,
// with the total.
func (s *Store) StaleOrganisations(ctx context.Context, today time.Time, months, limit, offset int) ([]Stale, int, error) {
	day := today.Format(time.DateOnly)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM organisation o WHERE `+staleWhere, day, months).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count stale organisations: %w", err)
	}
	rows, _ := s.pool.Query(ctx, `
		SELECT o.id::text, o.slug, o.name, o.example, o.emails, o.verified_on, o.updated_at, o.version,
			r.sent_at, coalesce(r.to_address, ''), coalesce(r.channel, '')
		FROM organisation o
		LEFT JOIN LATERAL (SELECT sent_at, to_address, channel FROM verification_reminder
			WHERE organisation_id = o.id ORDER BY sent_at DESC, id DESC LIMIT 1) r ON true
		WHERE `+staleWhere+`
		ORDER BY o.verified_on NULLS FIRST, o.name_folded, o.id
		LIMIT $3 OFFSET $4`, day, months, limit, offset)
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Stale, error) {
		var st Stale
		err := r.Scan(&st.ID, &st.Slug, &st.Name, &st.Example, &st.Emails, &st.VerifiedOn, &st.UpdatedAt, &st.Version,
			&st.LastReminder, &st.LastReminderTo, &st.LastReminderChannel)
		return st, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("stale organisations: %w", err)
	}
	return list, total, nil
}

// CountStale counts what StaleOrganisations lists.
func (s *Store) CountStale(ctx context.Context, today time.Time, months int) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM organisation o WHERE `+staleWhere,
		today.Format(time.DateOnly), months).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count stale organisations: %w", err)
	}
	return n, nil
}

// MarkVerified records that staff checked the organisation's data on the
// day on (a date in Warsaw), as a revision of kind "verified", if the
// record is still at version; else it is a fault.Conflict and nothing is
// written. An unknown or deleted organisation is a fault.NotFound.
func (s *Store) MarkVerified(ctx context.Context, id uuid.UUID, version int, on time.Time, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		before, err := loadByID(ctx, tx, id, true, "FOR UPDATE OF o")
		if err != nil {
			return err
		}
		if before.Version != version {
			return editConflict()
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE organisation SET verified_on = $2::date, version = version + 1,
			updated_at = now() WHERE id = $1`, id, on.In(directory.Warsaw).Format(time.DateOnly))
		after, err := sendAndReload(ctx, tx, b, before)
		if err != nil {
			return fmt.Errorf("mark %s verified: %w", before.Slug, err)
		}
		return writeRevision(ctx, tx, before, after, "verified", "", by)
	})
}

// RecordReminder notes that a reminder went to the organisation's address
// to through channel (ReminderSMTP or ReminderMailto), with an entry in
// the audit log; the message itself is kept nowhere.
func (s *Store) RecordReminder(ctx context.Context, id uuid.UUID, to, channel string, by accounts.Audit) error {
	if channel != ReminderSMTP && channel != ReminderMailto {
		return fault.New(fault.Invalid, "nieznany sposób wysłania %q", channel)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var slug string
		err := tx.QueryRow(ctx, `SELECT slug FROM organisation WHERE id = $1`, id).Scan(&slug)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma organizacji %s", id)
		}
		if err != nil {
			return err
		}
		var actor *int64
		if by.ActorID != 0 {
			actor = &by.ActorID
		}
		if _, err := tx.Exec(ctx, `INSERT INTO verification_reminder (organisation_id, sent_by, sent_by_email, to_address, channel)
			VALUES ($1, $2, $3, $4, $5)`, id, actor, by.ActorEmail, to, channel); err != nil {
			return fmt.Errorf("record reminder to %s: %w", slug, err)
		}
		by.Kind, by.Target = accounts.AuditVerificationReminder, slug
		by.Detail = map[string]any{"to": to, "channel": channel}
		return audit(ctx, tx, by)
	})
}
