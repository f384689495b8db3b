package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
)

const userColumns = `id, email, name, role, password_hash, disabled, must_change_password,
	totp_secret, totp_enabled, totp_last_step, session_epoch, created_at, updated_at, last_login_at`

func scanUser(row pgx.Row) (*accounts.User, error) {
	u := &accounts.User{}
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &u.MustChangePassword,
		&u.TOTPSecret, &u.TOTPEnabled, &u.TOTPLastStep, &u.SessionEpoch, &u.CreatedAt, &u.UpdatedAt, &u.LastLoginAt)
	return u, err
}

// CreateUser stores a new staff account and audits it. A taken e-mail is a
// fault.Conflict.
func (s *Store) CreateUser(ctx context.Context, u *accounts.User, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO staff_user (email, name, role, password_hash, must_change_password)
			VALUES ($1, $2, $3, $4, $5) RETURNING id, session_epoch, created_at, updated_at`,
			u.Email, u.Name, u.Role, u.PasswordHash, u.MustChangePassword).Scan(&u.ID, &u.SessionEpoch, &u.CreatedAt, &u.UpdatedAt)
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23505" {
			return &fault.Error{Code: fault.Conflict, Message: "konto z tym adresem e-mail już istnieje", Err: err}
		}
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		by.Kind, by.Target = accounts.AuditUserCreated, u.Email
		by.Detail = map[string]any{"role": u.Role}
		return audit(ctx, tx, by)
	})
}

// UserByEmail returns the account with e-mail (normalised); none is a
// fault.NotFound.
func (s *Store) UserByEmail(ctx context.Context, email string) (*accounts.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM staff_user WHERE email = $1`, accounts.NormalizeEmail(email)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "nie ma konta %q", email)
	}
	return u, err
}

// UserByID returns the account with id; none is a fault.NotFound.
func (s *Store) UserByID(ctx context.Context, id int64) (*accounts.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM staff_user WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "nie ma konta %d", id)
	}
	return u, err
}

// Users lists every account by e-mail.
func (s *Store) Users(ctx context.Context) ([]*accounts.User, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+userColumns+` FROM staff_user ORDER BY email`)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*accounts.User, error) { return scanUser(r) })
}

// RecordFailedLogin counts a wrong password or code given for email (an
// account's, id, or an unknown one, id 0) from address ip against the
// sign-in throttle (SignInWait) and audits it. An unknown e-mail is
// audited without what was typed (it may be a password typed into the
// wrong field).
func (s *Store) RecordFailedLogin(ctx context.Context, id int64, email, ip, reason string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := countFailure(ctx, tx, email, ip); err != nil {
			return err
		}
		return audit(ctx, tx, failedLogin(id, email, ip, reason))
	})
}

// RecordThrottledLogin audits a sign-in refused because it came before
// its wait ran out. Nothing was checked, so nothing is counted: the wait
// does not grow while someone keeps knocking.
func (s *Store) RecordThrottledLogin(ctx context.Context, id int64, email, ip string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		return audit(ctx, tx, failedLogin(id, email, ip, "throttled"))
	})
}

func failedLogin(id int64, email, ip, reason string) accounts.Audit {
	target := ""
	if id != 0 {
		target = accounts.NormalizeEmail(email)
	}
	return accounts.Audit{Kind: accounts.AuditLoginFailed, Target: target, IP: ip,
		Detail: map[string]any{"reason": reason}}
}

// RecordLogout notes a sign-out.
func (s *Store) RecordLogout(ctx context.Context, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		by.Kind, by.Target = accounts.AuditLogout, by.ActorEmail
		return audit(ctx, tx, by)
	})
}

// RecordLogin notes a successful sign-in from address ip: the count of
// failures from there starts again, and the address is one its owner
// signs in from (see SignInWait).
func (s *Store) RecordLogin(ctx context.Context, u *accounts.User, ip string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE staff_user SET last_login_at = now() WHERE id = $1`, u.ID); err != nil {
			return fmt.Errorf("record login: %w", err)
		}
		if err := countSuccess(ctx, tx, u.Email, ip); err != nil {
			return err
		}
		return audit(ctx, tx, accounts.Audit{ActorID: u.ID, ActorEmail: u.Email, Kind: accounts.AuditLogin, Target: u.Email, IP: ip})
	})
}

// SetPassword stores a new password hash and ends every session of the
// account (its session epoch moves on). mustChange asks for a new password
// at the next sign-in (a reset by an administrator).
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, mustChange bool, by accounts.Audit) error {
	return s.updateUser(ctx, id, by, accounts.AuditPasswordChanged,
		`UPDATE staff_user SET password_hash = $2, must_change_password = $3, session_epoch = session_epoch + 1,
			updated_at = now() WHERE id = $1`, hash, mustChange)
}

// Rehash replaces a password hash made with older parameters by one of the
// same password with the current parameters; sessions stay.
func (s *Store) Rehash(ctx context.Context, id int64, hash string) error {
	if _, err := s.pool.Exec(ctx, `UPDATE staff_user SET password_hash = $2 WHERE id = $1`, id, hash); err != nil {
		return fmt.Errorf("rehash: %w", err)
	}
	return nil
}

// SetDisabled disables or enables an account; disabling ends its sessions.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool, by accounts.Audit) error {
	kind := accounts.AuditUserEnabled
	if disabled {
		kind = accounts.AuditUserDisabled
	}
	return s.updateUser(ctx, id, by, kind,
		`UPDATE staff_user SET disabled = $2, session_epoch = session_epoch + CASE WHEN $2 THEN 1 ELSE 0 END,
			updated_at = now() WHERE id = $1`, disabled)
}

// EnableTOTP turns on two-factor sign-in with secret and replaces the
// account's recovery codes by the hashes given.
func (s *Store) EnableTOTP(ctx context.Context, id int64, secret string, step int64, recoveryHashes []string, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE staff_user SET totp_secret = $2, totp_enabled = true, totp_last_step = $3,
			updated_at = now() WHERE id = $1`, id, secret, step); err != nil {
			return fmt.Errorf("enable totp: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM recovery_code WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("recovery codes: %w", err)
		}
		for _, h := range recoveryHashes {
			if _, err := tx.Exec(ctx, `INSERT INTO recovery_code (user_id, code_hash) VALUES ($1, $2)`, id, h); err != nil {
				return fmt.Errorf("recovery codes: %w", err)
			}
		}
		by.Kind = accounts.AuditTOTPEnabled
		return audit(ctx, tx, by)
	})
}

// UseTOTPStep records that the code of step was used, and reports false
// when that step or a later one was used before: a code works once.
func (s *Store) UseTOTPStep(ctx context.Context, id, step int64) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE staff_user SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2`, id, step)
	if err != nil {
		return false, fmt.Errorf("totp step: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// UseRecoveryCode marks a recovery code used, and reports false when the
// account has no such unused code.
func (s *Store) UseRecoveryCode(ctx context.Context, id int64, hash string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE recovery_code SET used_at = now()
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, id, hash)
	if err != nil {
		return false, fmt.Errorf("recovery code: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

func (s *Store) updateUser(ctx context.Context, id int64, by accounts.Audit, kind string, sql string, args ...any) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var email string
		err := tx.QueryRow(ctx, sql+` RETURNING email`, append([]any{id}, args...)...).Scan(&email)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma konta %d", id)
		}
		if err != nil {
			return fmt.Errorf("update user %d: %w", id, err)
		}
		by.Kind, by.Target = kind, email
		return audit(ctx, tx, by)
	})
}

func audit(ctx context.Context, tx pgx.Tx, a accounts.Audit) error {
	if _, err := tx.Exec(ctx, auditSQL, auditArgs(a)...); err != nil {
		return fmt.Errorf("audit %s: %w", a.Kind, err)
	}
	return nil
}

// queueAudit queues the audit entry on b, to go with other writes.
func queueAudit(b *pgx.Batch, a accounts.Audit) { b.Queue(auditSQL, auditArgs(a)...) }

const auditSQL = `INSERT INTO audit_event (actor_id, actor_email, kind, target, detail, ip)
	VALUES ($1, $2, $3, $4, $5, $6)`

func auditArgs(a accounts.Audit) []any {
	detail, err := json.Marshal(a.Detail)
	if err != nil || a.Detail == nil {
		detail = []byte("{}")
	}
	var actor *int64
	if a.ActorID != 0 {
		actor = &a.ActorID
	}
	return []any{actor, a.ActorEmail, a.Kind, a.Target, detail, a.IP}
}

// AuditLog returns the newest entries of the audit log, at most limit: of
// one kind when kind is not empty, and by or about a person when who is
// not empty (a part of the e-mail address).
func (s *Store) AuditLog(ctx context.Context, kind, who string, limit int) ([]accounts.Audit, error) {
	pattern := "%" + escapeLike(strings.ToLower(who)) + "%"
	rows, _ := s.pool.Query(ctx, `SELECT at, coalesce(actor_id, 0), actor_email, kind, target, detail, ip
		FROM audit_event WHERE ($1 = '' OR kind = $1) AND (lower(actor_email) LIKE $3 OR lower(target) LIKE $3)
		ORDER BY at DESC, id DESC LIMIT $2`, kind, limit, pattern)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (accounts.Audit, error) {
		var a accounts.Audit
		err := r.Scan(&a.At, &a.ActorID, &a.ActorEmail, &a.Kind, &a.Target, &a.Detail, &a.IP)
		return a, err
	})
}
