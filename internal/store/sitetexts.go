package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

// ErrSiteTextsMissing is why publishing is refused while a required site
// text is empty (see sitetext.Texts.Missing): the public pages would
// otherwise show a legal text without its facts.
var ErrSiteTextsMissing = errors.New("brak wymaganych tekstów serwisu")

// SiteTexts is the working set of site texts, as staff edit it.
type SiteTexts struct {
	Texts     sitetext.Texts
	Version   int
	UpdatedAt time.Time
}

// SiteTexts returns the working site texts.
func (s *Store) SiteTexts(ctx context.Context) (SiteTexts, error) {
	return siteTexts(ctx, s.pool, false)
}

func siteTexts(ctx context.Context, q querier, lock bool) (SiteTexts, error) {
	var st SiteTexts
	var doc []byte
	sql := `SELECT texts, version, updated_at FROM site_texts`
	if lock {
		sql += ` FOR UPDATE`
	}
	if err := q.QueryRow(ctx, sql).Scan(&doc, &st.Version, &st.UpdatedAt); err != nil {
		return st, fmt.Errorf("site texts: %w", err)
	}
	if err := json.Unmarshal(doc, &st.Texts); err != nil {
		return st, fmt.Errorf("site texts: %w", err)
	}
	if st.Texts == nil {
		st.Texts = sitetext.Texts{}
	}
	return st, nil
}

// SaveSiteTexts writes the site texts if the working set is still at
// version (else a fault.Conflict), with a revision and an audit entry
// naming the changed texts, in one transaction. The texts must have passed
// Validate. Nothing changed writes nothing.
func (s *Store) SaveSiteTexts(ctx context.Context, texts sitetext.Texts, version int, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		cur, err := siteTexts(ctx, tx, true)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return fault.New(fault.Conflict, "teksty serwisu zmienił w międzyczasie ktoś inny")
		}
		return writeSiteTexts(ctx, tx, cur, texts, by)
	})
}

// FillSiteTexts sets every empty site text to its value in from (the demo
// uses sitetext.Example), with a revision; it reports whether it changed
// any.
func (s *Store) FillSiteTexts(ctx context.Context, from sitetext.Texts, by accounts.Audit) (changed bool, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		cur, err := siteTexts(ctx, tx, true)
		if err != nil {
			return err
		}
		next := sitetext.Texts{}
		for k, v := range cur.Texts {
			next[k] = v
		}
		if changed = next.FillEmpty(from); !changed {
			return nil
		}
		return writeSiteTexts(ctx, tx, cur, next, by)
	})
	return changed, err
}

func writeSiteTexts(ctx context.Context, tx pgx.Tx, cur SiteTexts, texts sitetext.Texts, by accounts.Audit) error {
	changed := sitetext.Changed(cur.Texts, texts)
	if len(changed) == 0 {
		return nil
	}
	doc, err := json.Marshal(texts)
	if err != nil {
		return err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE site_texts SET texts = $1, version = version + 1, updated_at = now()`, doc)
	b.Queue(`INSERT INTO revision (entity, entity_id, version, action, actor_id, actor_email, changed, snapshot)
		VALUES ('site_texts', 'site', $1, 'update', $2, $3, $4, $5)`,
		cur.Version+1, actor, by.ActorEmail, changed, doc)
	if by.ActorID != 0 || by.ActorEmail != "" {
		by.Kind, by.Target = accounts.AuditSiteTextsUpdate, "site"
		by.Detail = map[string]any{"version": cur.Version + 1, "fields": changed}
		queueAudit(b, by)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("save site texts: %w", err)
	}
	return nil
}

// SiteTextRevision is one recorded change of the site texts.
type SiteTextRevision struct {
	Version    int
	At         time.Time
	ActorEmail string
	Changed    []string
}

// SiteTextRevisions returns the history of the site texts, newest first.
func (s *Store) SiteTextRevisions(ctx context.Context, limit int) ([]SiteTextRevision, error) {
	rows, _ := s.pool.Query(ctx, `SELECT version, at, actor_email, changed FROM revision
		WHERE entity = 'site_texts' ORDER BY id DESC LIMIT $1`, limit)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (SiteTextRevision, error) {
		var rev SiteTextRevision
		err := r.Scan(&rev.Version, &rev.At, &rev.ActorEmail, &rev.Changed)
		return rev, err
	})
}

// checkSiteTexts returns the working site texts for a publication, or
// refuses publishing (ErrSiteTextsMissing, a fault.Invalid) while a
// required one is empty.
func checkSiteTexts(ctx context.Context, tx pgx.Tx) (sitetext.Texts, error) {
	cur, err := siteTexts(ctx, tx, false)
	if err != nil {
		return nil, err
	}
	if missing := cur.Texts.Missing(); len(missing) > 0 {
		return nil, &fault.Error{Code: fault.Invalid, Message: ErrSiteTextsMissing.Error(), Err: ErrSiteTextsMissing}
	}
	return cur.Texts, nil
}

// publishSiteTexts stores texts (those checkSiteTexts checked, not what a
// save committed since) as the site texts of publication number.
func publishSiteTexts(ctx context.Context, tx pgx.Tx, number int, texts sitetext.Texts) error {
	doc, err := json.Marshal(texts)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE publication SET site_texts = $1 WHERE number = $2`, doc, number); err != nil {
		return fmt.Errorf("site texts of publication %d: %w", number, err)
	}
	return nil
}

// publicationSiteTexts reads the site texts publication number carries.
func publicationSiteTexts(ctx context.Context, q querier, number int) (map[string]string, error) {
	var doc []byte
	if err := q.QueryRow(ctx, `SELECT site_texts FROM publication WHERE number = $1`, number).Scan(&doc); err != nil {
		return nil, fmt.Errorf("site texts of publication %d: %w", number, err)
	}
	texts := map[string]string{}
	if err := json.Unmarshal(doc, &texts); err != nil {
		return nil, fmt.Errorf("site texts of publication %d: %w", number, err)
	}
	return texts, nil
}

// SiteTexts returns the working site texts: the preview shows them as the
// public will once they are published.
func (p *Public) SiteTexts(ctx context.Context) (sitetext.Texts, error) {
	st, err := p.s.SiteTexts(ctx)
	return st.Texts, err
}
