package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/submission"
)

// payloadHash identifies a submission's content: what it is about and the
// record as sent, without the fields the store fills in.
func payloadHash(sub *submission.Submission) (string, []byte, error) {
	p := *sub.Payload
	p.CreatedAt, p.UpdatedAt, p.Version = time.Time{}, time.Time{}, 0
	raw, err := json.Marshal(&p)
	if err != nil {
		return "", nil, err
	}
	h := sha256.New()
	h.Write([]byte(string(sub.Kind) + "\x00" + sub.OrganisationID + "\x00"))
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil)), raw, nil
}

// Submit stores a submission and fills in its ID, ReceivedAt and
// DuplicateOf. A submission whose content equals an earlier one is kept
// as its own entry, marked as a likely duplicate of the earliest. On
// paper, by names the staff member typing it in (and the entry is
// audited); online, by is empty. ReceivedOn zero means today.
func (s *Store) Submit(ctx context.Context, sub *submission.Submission, by accounts.Audit) error {
	if sub.Payload == nil {
		return fault.New(fault.Invalid, "zgłoszenie bez danych")
	}
	if sub.Status == "" {
		sub.Status = submission.StatusNew
	}
	hash, raw, err := payloadHash(sub)
	if err != nil {
		return err
	}
	if sub.ReceivedOn.IsZero() {
		sub.ReceivedOn = time.Now().In(directory.Warsaw)
	}
	var org *string
	if sub.OrganisationID != "" {
		org = &sub.OrganisationID
	}
	var enteredBy *int64
	if by.ActorID != 0 {
		enteredBy = &by.ActorID
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var dup *int64
		err := tx.QueryRow(ctx, `SELECT min(id) FROM submission WHERE payload_hash = $1`, hash).Scan(&dup)
		if err != nil {
			return fmt.Errorf("find duplicates: %w", err)
		}
		err = tx.QueryRow(ctx, `INSERT INTO submission (kind, channel, status, organisation_id, base_version, payload,
				payload_hash, duplicate_of, submitter_name, submitter_email, received_on, entered_by_id, entered_by_email, language)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id, received_at`,
			sub.Kind, sub.Channel, sub.Status, org, sub.BaseVersion, raw, hash, dup, sub.SubmitterName,
			sub.SubmitterEmail, date(&sub.ReceivedOn), enteredBy, by.ActorEmail, submissionLanguage(sub.Language)).Scan(&sub.ID, &sub.ReceivedAt)
		if err != nil {
			return fmt.Errorf("store submission: %w", err)
		}
		if dup != nil {
			sub.DuplicateOf = *dup
		}
		if sub.Channel != submission.ChannelPaper || by.ActorEmail == "" {
			return nil
		}
		by.Kind, by.Target = accounts.AuditSubmissionEntered, sub.Reference()
		by.Detail = map[string]any{"kind": sub.Kind, "received_on": sub.ReceivedOn.Format(time.DateOnly)}
		return audit(ctx, tx, by)
	})
}

const submissionColumns = `id, kind, channel, status, coalesce(organisation_id::text, ''), base_version, payload,
	submitter_name, submitter_email, received_at, received_on, entered_by_email, coalesce(owner_id, 0), owner_email,
	coalesce(duplicate_of, 0), decided_at, decided_by_email, reason, accepted_fields, language`

func scanSubmission(r pgx.CollectableRow) (*submission.Submission, error) {
	var sub submission.Submission
	var raw []byte
	err := r.Scan(&sub.ID, &sub.Kind, &sub.Channel, &sub.Status, &sub.OrganisationID, &sub.BaseVersion, &raw,
		&sub.SubmitterName, &sub.SubmitterEmail, &sub.ReceivedAt, &sub.ReceivedOn, &sub.EnteredBy, &sub.OwnerID,
		&sub.OwnerEmail, &sub.DuplicateOf, &sub.DecidedAt, &sub.DecidedBy, &sub.Reason, &sub.AcceptedFields, &sub.Language)
	if err != nil {
		return nil, err
	}
	sub.Payload = &directory.Organisation{}
	if err := json.Unmarshal(raw, sub.Payload); err != nil {
		return nil, fmt.Errorf("submission %d: %w", sub.ID, err)
	}
	return &sub, nil
}

// Submissions lists the submissions of a status (all but spam when status
// is empty), newest first.
func (s *Store) Submissions(ctx context.Context, status submission.Status) ([]*submission.Submission, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+submissionColumns+` FROM submission
		WHERE CASE WHEN $1 = '' THEN status <> 'spam' ELSE status = $1 END
		ORDER BY received_at DESC, id DESC LIMIT 500`, status)
	return pgx.CollectRows(rows, scanSubmission)
}

// SubmissionByID returns one submission; an unknown id is a
// fault.NotFound.
func (s *Store) SubmissionByID(ctx context.Context, id int64) (*submission.Submission, error) {
	return submissionByID(ctx, s.pool, id, "")
}

func submissionByID(ctx context.Context, q querier, id int64, lock string) (*submission.Submission, error) {
	rows, _ := q.Query(ctx, `SELECT `+submissionColumns+` FROM submission WHERE id = $1 `+lock, id)
	sub, err := pgx.CollectExactlyOneRow(rows, scanSubmission)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "nie ma zgłoszenia %d", id)
	}
	return sub, err
}

// openSubmission locks a submission that is still waiting for a decision;
// a decided one is a fault.Conflict.
func openSubmission(ctx context.Context, tx pgx.Tx, id int64) (*submission.Submission, error) {
	sub, err := submissionByID(ctx, tx, id, "FOR UPDATE")
	if err != nil {
		return nil, err
	}
	if !sub.Open() {
		return nil, &fault.Error{Code: fault.Conflict, Message: "to zgłoszenie zostało już rozpatrzone"}
	}
	return sub, nil
}

// TakeSubmission makes the staff member in by its owner ("przejmij"); a
// new (or spam) submission moves to in progress.
func (s *Store) TakeSubmission(ctx context.Context, id int64, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		sub, err := openSubmission(ctx, tx, id)
		if err != nil {
			return err
		}
		var owner *int64
		if by.ActorID != 0 {
			owner = &by.ActorID
		}
		if _, err := tx.Exec(ctx, `UPDATE submission SET owner_id = $2, owner_email = $3, status = 'in_progress' WHERE id = $1`,
			id, owner, by.ActorEmail); err != nil {
			return fmt.Errorf("take submission: %w", err)
		}
		by.Kind, by.Target, by.Detail = accounts.AuditSubmissionTaken, sub.Reference(), nil
		return audit(ctx, tx, by)
	})
}

// AcceptSubmission writes the fields choice names (see
// submission.Choice.FieldsFor) of a submission into the working copy,
// with a revision whose note names the submission, and marks it
// accepted; all in one transaction. For an update, version is the
// organisation's version the staff member compared against: if the
// organisation changed since, it is a fault.Conflict and nothing is
// written. For a new organisation, the chosen fields make a new record
// (a taken address gets the submission's number appended). A record the
// chosen fields leave invalid is a fault.Invalid wrapping a
// *directory.InvalidError. It returns the organisation's id.
func (s *Store) AcceptSubmission(ctx context.Context, id int64, choice submission.Choice, version int, by accounts.Audit) (string, error) {
	var orgID string
	var fields []string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		sub, err := openSubmission(ctx, tx, id)
		if err != nil {
			return err
		}
		note := "zgłoszenie " + sub.Reference()
		if sub.Kind == submission.KindNew {
			fields = choice.FieldsFor(sub, nil)
			o := &directory.Organisation{}
			directory.ApplyFields(o, sub.Payload, fields)
			if o.Slug == "" {
				o.Slug = directory.Slugify(o.Name)
			}
			after, err := insertFresh(ctx, tx, o, sub.ID)
			if err != nil {
				return err
			}
			if err := writeRevision(ctx, tx, nil, after, "create", note, by); err != nil {
				return err
			}
			orgID = o.ID
		} else {
			oid, err := uuid.Parse(sub.OrganisationID)
			if err != nil {
				return fault.New(fault.NotFound, "nie ma organizacji %s", sub.OrganisationID)
			}
			current, err := loadByID(ctx, tx, oid, true, "FOR UPDATE OF o")
			if err != nil {
				return err
			}
			if current.Version != version {
				return &fault.Error{Code: fault.Conflict, Message: "organizacja zmieniła się w międzyczasie"}
			}
			orgID = current.ID
			fields = choice.FieldsFor(sub, current)
			if len(fields) > 0 {
				o := *current
				directory.ApplyFields(&o, sub.Payload, fields)
				if err := updateOrganisation(ctx, tx, current, &o, version, "update", note, by); err != nil {
					return err
				}
			}
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE submission SET status = 'accepted', organisation_id = $2, accepted_fields = $3,
			decided_at = now(), decided_by_email = $4 WHERE id = $1`, id, orgID, nonNil(fields), by.ActorEmail)
		by.Kind, by.Target = accounts.AuditSubmissionAccepted, sub.Reference()
		by.Detail = map[string]any{"organisation": orgID, "fields": nonNil(fields)}
		queueAudit(b, by)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("accept submission: %w", err)
		}
		return nil
	})
	return orgID, err
}

// insertFresh inserts a new organisation and returns it as stored; when
// its address is taken, it tries again under the address with the
// submission's number appended.
func insertFresh(ctx context.Context, tx pgx.Tx, o *directory.Organisation, subID int64) (*directory.Organisation, error) {
	_, err := tx.Exec(ctx, `SAVEPOINT fresh`)
	if err != nil {
		return nil, err
	}
	after, err := insertOrganisation(ctx, tx, o)
	if !fault.Is(err, fault.Conflict) {
		return after, err
	}
	if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT fresh`); err != nil {
		return nil, err
	}
	o.Slug = strings.TrimSuffix(o.Slug, "-") + "-" + strconv.FormatInt(subID, 10)
	return insertOrganisation(ctx, tx, o)
}

// RejectSubmission refuses a submission with a reason, which is required
// (one submission.CheckReason refuses is a fault.Invalid). The submission
// and its payload stay.
func (s *Store) RejectSubmission(ctx context.Context, id int64, reason string, by accounts.Audit) error {
	reason = strings.TrimSpace(reason)
	if m := submission.CheckReason(reason); m != "" {
		return fault.New(fault.Invalid, "powód odrzucenia: %s", m)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		sub, err := openSubmission(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE submission SET status = 'rejected', reason = $2, decided_at = now(),
			decided_by_email = $3 WHERE id = $1`, id, reason, by.ActorEmail); err != nil {
			return fmt.Errorf("reject submission: %w", err)
		}
		by.Kind, by.Target, by.Detail = accounts.AuditSubmissionRejected, sub.Reference(), map[string]any{"reason": reason}
		return audit(ctx, tx, by)
	})
}

// FormsReceived counts the submissions received in a year (by the date
// received, Warsaw time; on paper, the date staff entered), spam aside.
func (s *Store) FormsReceived(ctx context.Context, year int) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM submission WHERE status <> 'spam'
		AND received_on >= make_date($1, 1, 1) AND received_on < make_date($1 + 1, 1, 1)`, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("forms received: %w", err)
	}
	return n, nil
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// IssueUpdateToken makes a new secret link token for an organisation to
// update its record at <base>/zglos/<token>, and revokes the earlier ones.
// Only the token's SHA-256 hash is kept, so the token is returned once.
// An unknown or deleted organisation is a fault.NotFound.
func (s *Store) IssueUpdateToken(ctx context.Context, orgID uuid.UUID, by accounts.Audit) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		o, err := organisationByID(ctx, tx, orgID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE update_token SET revoked_at = now() WHERE organisation_id = $1 AND revoked_at IS NULL`, o.ID)
		if err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO update_token (organisation_id, token_hash, created_by_email) VALUES ($1, $2, $3)`,
			o.ID, tokenHash(token), by.ActorEmail); err != nil {
			return fmt.Errorf("issue token: %w", err)
		}
		by.Kind, by.Target, by.Detail = accounts.AuditUpdateTokenIssued, o.Slug, map[string]any{"revoked": tag.RowsAffected()}
		return audit(ctx, tx, by)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeUpdateTokens makes every update link of an organisation stop
// working.
func (s *Store) RevokeUpdateTokens(ctx context.Context, orgID uuid.UUID, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var slug string
		err := tx.QueryRow(ctx, `SELECT slug FROM organisation WHERE id = $1`, orgID).Scan(&slug)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma organizacji %s", orgID)
		}
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE update_token SET revoked_at = now() WHERE organisation_id = $1 AND revoked_at IS NULL`, orgID)
		if err != nil {
			return fmt.Errorf("revoke tokens: %w", err)
		}
		by.Kind, by.Target, by.Detail = accounts.AuditUpdateTokenRevoked, slug, map[string]any{"revoked": tag.RowsAffected()}
		return audit(ctx, tx, by)
	})
}

// OrganisationByToken returns the working copy of the organisation whose
// current update link token is token. A wrong, rotated or revoked token,
// or one of a deleted organisation, is a fault.NotFound.
func (s *Store) OrganisationByToken(ctx context.Context, token string) (*directory.Organisation, error) {
	var id uuid.UUID
	err := s.pool.QueryRow(ctx, `SELECT t.organisation_id FROM update_token t
		JOIN organisation o ON o.id = t.organisation_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND o.deleted_at IS NULL`, tokenHash(token)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "nieważny link")
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	return organisationByID(ctx, s.pool, id)
}

// UpdateTokenIssued tells when the organisation's working update link was
// made, and by whom; ok is false when it has none.
func (s *Store) UpdateTokenIssued(ctx context.Context, orgID uuid.UUID) (at time.Time, by string, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT created_at, created_by_email FROM update_token
		WHERE organisation_id = $1 AND revoked_at IS NULL ORDER BY id DESC LIMIT 1`, orgID).Scan(&at, &by)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, "", false, nil
	}
	return at, by, err == nil, err
}

// FormSecret returns the key that signs the public form's stamps: made
// at random on first use and kept in the database, so that every instance
// of the portal shares it and it survives restarts.
func (s *Store) FormSecret(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var key []byte
	err := s.pool.QueryRow(ctx, `WITH ins AS (
			INSERT INTO form_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING secret)
		SELECT secret FROM ins UNION ALL SELECT secret FROM form_secret WHERE id = 1 LIMIT 1`, fresh).Scan(&key)
	if err != nil {
		return nil, fmt.Errorf("form secret: %w", err)
	}
	return key, nil
}

// submissionLanguage is the language a submission is stored with: Polish
// unless it says Ukrainian or English.
func submissionLanguage(lang string) string {
	switch lang {
	case "uk", "en":
		return lang
	}
	return "pl"
}

// OrganisationLanguage is the language the organisation last used to send
// its data online (see submission.Submission.Language), spam left out;
// "pl" when it never did.
func (s *Store) OrganisationLanguage(ctx context.Context, id uuid.UUID) (string, error) {
	var lang string
	err := s.pool.QueryRow(ctx, `SELECT language FROM submission
		WHERE organisation_id = $1 AND channel = 'online' AND status <> 'spam'
		ORDER BY received_at DESC, id DESC LIMIT 1`, id).Scan(&lang)
	if errors.Is(err, pgx.ErrNoRows) {
		return "pl", nil
	}
	if err != nil {
		return "", fmt.Errorf("organisation language: %w", err)
	}
	return lang, nil
}
