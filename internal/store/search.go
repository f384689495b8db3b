package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/searchlog"
)

// Synonyms returns the search's synonyms as staff keep them, by word. A
// publication's index carries them as they were when it was built.
func (s *Store) Synonyms(ctx context.Context) ([]directory.Synonym, error) {
	return synonyms(ctx, s.pool)
}

func synonyms(ctx context.Context, db querier) ([]directory.Synonym, error) {
	rows, _ := db.Query(ctx, `SELECT word, alternatives FROM search_synonym ORDER BY word`)
	syns, err := pgx.CollectRows(rows, pgx.RowToStructByPos[directory.Synonym])
	if err != nil {
		return nil, fmt.Errorf("synonyms: %w", err)
	}
	return syns, nil
}

// SaveSynonym adds syn (parsed by directory.ParseSynonym), or replaces the
// alternatives of its word, and audits it.
func (s *Store) SaveSynonym(ctx context.Context, syn directory.Synonym, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO search_synonym (word, alternatives) VALUES ($1, $2)
			ON CONFLICT (word) DO UPDATE SET alternatives = EXCLUDED.alternatives, updated_at = now()`,
			syn.Word, syn.Alternatives)
		if err != nil {
			return fmt.Errorf("save synonym %q: %w", syn.Word, err)
		}
		by.Kind, by.Target = accounts.AuditSynonymSaved, syn.Word
		by.Detail = map[string]any{"alternatives": syn.Alternatives}
		return audit(ctx, tx, by)
	})
}

// DeleteSynonym removes the synonym of word and audits it; an unknown word
// is a fault.NotFound.
func (s *Store) DeleteSynonym(ctx context.Context, word string, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM search_synonym WHERE word = $1`, word)
		if err != nil {
			return fmt.Errorf("delete synonym %q: %w", word, err)
		}
		if tag.RowsAffected() == 0 {
			return fault.New(fault.NotFound, "nie ma synonimu %q", word)
		}
		by.Kind, by.Target = accounts.AuditSynonymDeleted, word
		return audit(ctx, tx, by)
	})
}

// keepMisses is how long the search log keeps a week.
const keepMisses = 53 * 7 * 24 * time.Hour

// AddSearchMisses adds counts of searches that found nothing to the
// search log, and forgets the weeks older than a year, in one transaction.
func (s *Store) AddSearchMisses(ctx context.Context, misses []searchlog.Miss) error {
	weeks := make([]time.Time, len(misses))
	queries := make([]string, len(misses))
	counts := make([]int32, len(misses))
	for i, m := range misses {
		weeks[i], queries[i], counts[i] = m.Week, m.Query, int32(m.Count)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO search_miss (week, query, count)
			SELECT week, query, sum(n) FROM unnest($1::date[], $2::text[], $3::int[]) AS m(week, query, n) GROUP BY week, query
			ON CONFLICT (week, query) DO UPDATE SET count = search_miss.count + EXCLUDED.count`, weeks, queries, counts)
		if err != nil {
			return fmt.Errorf("add to the search log: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM search_miss WHERE week < $1`, searchlog.WeekOf(time.Now().Add(-keepMisses))); err != nil {
			return fmt.Errorf("forget old weeks of the search log: %w", err)
		}
		return nil
	})
}

// MissWeek is a week of the search log: its commonest searches that found
// nothing, and how many there were in all.
type MissWeek struct {
	Week     time.Time
	Misses   []searchlog.Miss // the commonest first
	Searches int              // searches that found nothing, all texts
	Texts    int              // distinct texts
}

// SearchMisses returns the weeks of the search log from the week of since
// on, newest first, each with at most top texts.
func (s *Store) SearchMisses(ctx context.Context, since time.Time, top int) ([]MissWeek, error) {
	rows, err := s.pool.Query(ctx, `SELECT week, query, count, searches, texts FROM (
			SELECT week, query, count,
				row_number() OVER (PARTITION BY week ORDER BY count DESC, query) AS n,
				sum(count) OVER (PARTITION BY week) AS searches,
				count(*) OVER (PARTITION BY week) AS texts
			FROM search_miss WHERE week >= $1) m
		WHERE n <= $2 ORDER BY week DESC, count DESC, query`,
		searchlog.WeekOf(since), top)
	if err != nil {
		return nil, fmt.Errorf("search log: %w", err)
	}
	var out []MissWeek
	for rows.Next() {
		var m searchlog.Miss
		var searches, texts int
		if err := rows.Scan(&m.Week, &m.Query, &m.Count, &searches, &texts); err != nil {
			return nil, fmt.Errorf("search log: %w", err)
		}
		if len(out) == 0 || !out[len(out)-1].Week.Equal(m.Week) {
			out = append(out, MissWeek{Week: m.Week, Searches: searches, Texts: texts})
		}
		w := &out[len(out)-1]
		w.Misses = append(w.Misses, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search log: %w", err)
	}
	return out, nil
}
