package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Public is the working copy as the public would see it once published
// (the staff's preview): search, one organisation by slug, and the lists to
// filter by, with the trash and contact persons without consent left out.
// The public itself reads the current publication from memory (package
// published), never these queries.
//
// Every read runs in one read-only transaction, so one page never mixes two
// states of the working copy.
type Public struct {
	s *Store

	// The facets are the same for every visitor until the directory
	// changes, and counting them costs a scan of the category table; they
	// are kept here with the state they were counted at (see read).
	mu      sync.Mutex
	facets  directory.Facets
	counted int64 // key of facets; 0: none yet
}

// Preview returns the working copy as the public would see it once
// published. Keep one per process: it caches what every reader sees alike.
func (s *Store) Preview() *Public { return &Public{s: s} }

// read runs fn in a read-only transaction; key identifies the working
// copy's state for caches (minus its directory_state version).
func (p *Public) read(ctx context.Context, fn func(q pgx.Tx, key int64) error) error {
	return pgx.BeginTxFunc(ctx, p.s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var key int64
		if err := tx.QueryRow(ctx, `SELECT -version FROM directory_state`).Scan(&key); err != nil {
			return fmt.Errorf("state of the working copy: %w", err)
		}
		return fn(tx, key)
	})
}

// Pin returns ctx: every read of the preview is a transaction of its own.
func (p *Public) Pin(ctx context.Context) context.Context { return ctx }

// Organisation returns everything public about the organisation with slug;
// an unknown slug is a fault.NotFound.
func (p *Public) Organisation(ctx context.Context, slug string) (o *directory.Organisation, err error) {
	err = p.read(ctx, func(q pgx.Tx, _ int64) error {
		o, err = loadOrganisation(ctx, q, slug, true)
		if err == nil {
			o.Address.Conceal() // the preview shows what publishing would show
		}
		return err
	})
	return o, err
}

// Search returns one page of the organisations matching q, with name matches
// first, then by name. Counting stops at directory.MaxCount and the first
// MaxCount+1 matches found are the ones ordered (see page2): enough for
// staff checking their edits, while the public's search, exact at any
// size, is the publication's index.
func (p *Public) Search(ctx context.Context, q directory.Query) (res directory.Results, err error) {
	err = p.read(ctx, func(tx pgx.Tx, _ int64) error {
		res, err = p.search(ctx, tx, q)
		return err
	})
	return res, err
}

func (p *Public) search(ctx context.Context, db querier, q directory.Query) (directory.Results, error) {
	if q.PerPage <= 0 {
		q.PerPage = 20
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	res := directory.Results{Page: q.Page, PerPage: q.PerPage}

	terms, corrected, err := p.correct(ctx, db, directory.Terms(q.Text))
	if err != nil {
		return res, err
	}
	if corrected {
		words := make([]string, len(terms))
		for i, t := range terms {
			words[i] = t.Word
		}
		res.Corrected = strings.Join(words, " ")
	}
	where, args := searchFilter(q, directory.TSQuery(terms))
	offset := (q.Page - 1) * q.PerPage
	var ids []string
	if where == listAll {
		// The whole directory by name: PostgreSQL walks the name index and
		// stops after the page.
		if res.Total, err = p.count(ctx, db, where, args); err == nil {
			res.Items, ids, err = p.page(ctx, db, listAllPage, nil, q.PerPage, offset)
		}
	} else {
		var total int
		res.Items, ids, total, err = p.page2(ctx, db, where, args, len(terms) > 0, q.PerPage, offset)
		res.Total = total
		if err == nil && len(res.Items) == 0 && offset > 0 {
			res.Total, err = p.count(ctx, db, where, args) // past the last page
		}
	}
	if err != nil {
		return res, err
	}
	if res.Total > directory.MaxCount {
		res.Total, res.More = directory.MaxCount, true
	}
	if len(res.Items) == 0 {
		return res, nil
	}
	return res, p.decorate(ctx, db, ids, res.Items, q.Now)
}

// count counts the matches of where, stopping past directory.MaxCount.
func (p *Public) count(ctx context.Context, db querier, where string, args []any) (int, error) {
	var n int
	err := db.QueryRow(ctx, fmt.Sprintf(`WITH q AS (%s) SELECT count(*) FROM (SELECT 1 FROM q, organisation o WHERE %s LIMIT %d) m`,
		queryCTE, where, directory.MaxCount+1), args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count search results: %w", err)
	}
	return n, nil
}

// summaryColumns are what a result shows, read from organisation o and
// district d.
const summaryColumns = `o.id, o.slug, o.name, o.short_name, o.legal_form, o.description,
	CASE WHEN o.address_confidential THEN '' ELSE o.street END, o.city,
	coalesce(d.name, ''), o.takes_volunteers, o.takes_interns, o.example, o.address_confidential, coalesce(o.phones[1], '')`

func scanSummaries(rows pgx.Rows, extra ...any) ([]directory.Summary, []string, error) {
	var ids []string
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (directory.Summary, error) {
		var s directory.Summary
		var id string
		err := r.Scan(append([]any{&id, &s.Slug, &s.Name, &s.ShortName, &s.LegalForm, &s.Description, &s.Street,
			&s.City, &s.District, &s.TakesVolunteers, &s.TakesInterns, &s.Example, &s.ConfidentialAddress, &s.Phone}, extra...)...)
		ids = append(ids, id)
		return s, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	return items, ids, nil
}

// listAllPage lists the whole directory by name (see page).
const listAllPage = `SELECT ` + summaryColumns + ` FROM organisation o LEFT JOIN district d ON d.slug = o.district
	WHERE ` + listAll + ` ORDER BY o.name_folded, o.id LIMIT $1 OFFSET $2`

// page runs a listing query whose last two parameters are the limit and
// the offset.
func (p *Public) page(ctx context.Context, db querier, sql string, args []any, limit, offset int) ([]directory.Summary, []string, error) {
	rows, _ := db.Query(ctx, sql, append(slices.Clip(args), limit, offset)...)
	return scanSummaries(rows)
}

// page2 reads one page of the matches of where and how many there are, in
// one query. The first directory.MaxCount+1 matches found are the
// candidates; they are ordered by name, name matches first when ranked:
// a search broader than that (reported as "more than 10 000") orders a
// bounded sample rather than every match, so that one common word cannot
// cost a sort of the whole directory.
func (p *Public) page2(ctx context.Context, db querier, where string, args []any, ranked bool, limit, offset int) ([]directory.Summary, []string, int, error) {
	inName := "false"
	if ranked {
		inName = "o.name_search @@ q.ts"
	}
	args = append(slices.Clip(args), limit, offset)
	rows, _ := db.Query(ctx, fmt.Sprintf(`WITH q AS (%s),
		c AS MATERIALIZED (SELECT o.id, o.name_folded, %s AS in_name FROM q, organisation o WHERE %s LIMIT %d),
		pg AS (SELECT * FROM c ORDER BY in_name DESC, name_folded, id LIMIT $%d OFFSET $%d)
		SELECT `+summaryColumns+`, (SELECT count(*) FROM c)
		FROM pg JOIN organisation o ON o.id = pg.id LEFT JOIN district d ON d.slug = o.district
		ORDER BY pg.in_name DESC, pg.name_folded, pg.id`,
		queryCTE, inName, where, directory.MaxCount+1, len(args)-1, len(args)), args...)
	var total int
	items, ids, err := scanSummaries(rows, &total)
	return items, ids, total, err
}

// listAll is the condition of a search with no text and no filter.
const listAll = "o.deleted_at IS NULL"

// queryCTE parses the tsquery ($1) once per query.
const queryCTE = `SELECT to_tsquery('portal_pl', $1) AS ts`

// searchFilter builds the WHERE clause of a search and its arguments. Only
// fixed SQL is concatenated; every value is a parameter.
func searchFilter(q directory.Query, ts string) (string, []any) {
	args := []any{ts}
	conds := []string{listAll}
	add := func(cond string, vals ...any) {
		for _, v := range vals {
			args = append(args, v)
			cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(args)), 1)
		}
		conds = append(conds, cond)
	}
	if ts != "" {
		conds = append(conds, "o.search @@ q.ts")
	}
	if q.Category != "" {
		add(`EXISTS (SELECT 1 FROM organisation_category oc JOIN category c ON c.slug = oc.category
			WHERE oc.organisation_id = o.id AND (c.slug = ? OR c.parent = ?))`, q.Category, q.Category)
	}
	if q.TargetGroup != "" {
		add(`EXISTS (SELECT 1 FROM organisation_target_group og WHERE og.organisation_id = o.id AND og.target_group = ?)`, q.TargetGroup)
	}
	if q.District != "" {
		add(`o.district = ?`, q.District)
	}
	if q.Volunteers {
		conds = append(conds, "o.takes_volunteers")
	}
	if q.Interns {
		conds = append(conds, "o.takes_interns")
	}
	if q.OpenNow {
		local := q.Now.In(directory.Warsaw)
		minutes := local.Hour()*60 + local.Minute()
		add(`EXISTS (SELECT 1 FROM office_hours h WHERE h.organisation_id = o.id AND h.weekday = ?
			AND h.opens <= ?::time AND (?::time < h.closes OR h.closes = '00:00'))`,
			int(directory.ISOWeekday(local.Weekday())), clockText(minutes), clockText(minutes))
	}
	return strings.Join(conds, " AND "), args
}

func clockText(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

// correct replaces each term that starts no word the directory knows by the
// most similar known word (pg_trgm), so that a small typo still finds
// ("stowazyszenie" → "stowarzyszenie"). It reports whether it replaced any.
// Each term costs one index probe, whatever the size of the directory.
func (p *Public) correct(ctx context.Context, db querier, terms []directory.Term) ([]directory.Term, bool, error) {
	if len(terms) == 0 {
		return terms, false, nil
	}
	// Numbers (a KRS, a postal code) and short words are taken as typed:
	// a "similar" number is a different one.
	stems := make([]string, len(terms))
	for i, t := range terms {
		if len([]rune(t.Stem)) >= 4 && !strings.ContainsAny(t.Stem, "0123456789") {
			stems[i] = t.Stem
		}
	}
	rows, _ := db.Query(ctx, `
		SELECT s.i, (SELECT sw.word FROM search_word sw WHERE sw.word % t.stem ORDER BY sw.word <-> t.stem LIMIT 1)
		FROM unnest($1::text[]) WITH ORDINALITY AS s(typed, i), portal_fold(s.typed) AS t(stem)
		WHERE t.stem <> '' AND NOT EXISTS (SELECT 1 FROM search_word sw
		                  WHERE sw.word >= t.stem AND sw.word < t.stem || chr(1114111))`, stems)
	var i int
	var similar *string
	fixed := slices.Clone(terms)
	corrected := false
	if _, err := pgx.ForEachRow(rows, []any{&i, &similar}, func() error {
		if similar != nil {
			fixed[i-1] = directory.Term{Word: *similar, Stem: directory.Stem(*similar)}
			corrected = true
		}
		return nil
	}); err != nil {
		return nil, false, fmt.Errorf("correct search terms: %w", err)
	}
	return fixed, corrected, nil
}

// decorate adds to a page of results what needs one query per page rather
// than per row: category names and whether each organisation is open now.
func (p *Public) decorate(ctx context.Context, db querier, ids []string, items []directory.Summary, now time.Time) error {
	rows, _ := db.Query(ctx, `SELECT oc.organisation_id, c.name FROM organisation_category oc
		JOIN category c ON c.slug = oc.category WHERE oc.organisation_id = ANY($1) ORDER BY c.position`, ids)
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	var id, name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
		items[index[id]].Categories = append(items[index[id]].Categories, name)
		return nil
	}); err != nil {
		return fmt.Errorf("result categories: %w", err)
	}
	hours, err := loadHours(ctx, db, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		items[i].Status = hours[id].StatusAt(now)
		items[i].OpenNow = items[i].Status.Open
	}
	return nil
}

// Vocabulary returns the controlled lists in display order.
func (p *Public) Vocabulary(ctx context.Context) (directory.Vocabulary, error) {
	f, err := p.Facets(ctx)
	return f.Vocabulary, err
}

// vocabulary reads the controlled lists in display order.
func vocabulary(ctx context.Context, db querier) (directory.Vocabulary, error) {
	var v directory.Vocabulary
	var err error
	rows, _ := db.Query(ctx, `SELECT slug, name, coalesce(parent, '') FROM category ORDER BY position`)
	if v.Categories, err = pgx.CollectRows(rows, pgx.RowToStructByPos[directory.Category]); err != nil {
		return v, fmt.Errorf("categories: %w", err)
	}
	rows, _ = db.Query(ctx, `SELECT slug, name FROM target_group ORDER BY position`)
	if v.TargetGroups, err = pgx.CollectRows(rows, pgx.RowToStructByPos[directory.TargetGroup]); err != nil {
		return v, fmt.Errorf("target groups: %w", err)
	}
	rows, _ = db.Query(ctx, `SELECT slug, name FROM district ORDER BY position`)
	if v.Districts, err = pgx.CollectRows(rows, pgx.RowToStructByPos[directory.District]); err != nil {
		return v, fmt.Errorf("districts: %w", err)
	}
	return v, nil
}

// Facets returns the controlled lists with the number of organisations in
// each category (a parent counts the organisations in it or in any of its
// children) and the size of the directory. The result is shared: callers
// must not modify it.
func (p *Public) Facets(ctx context.Context) (f directory.Facets, err error) {
	err = p.read(ctx, func(q pgx.Tx, key int64) error {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.counted == key {
			f = p.facets
			return nil
		}
		if f, err = countFacets(ctx, q); err == nil {
			p.facets, p.counted = f, key
		}
		return err
	})
	return f, err
}

func countFacets(ctx context.Context, db querier) (directory.Facets, error) {
	f := directory.Facets{Counts: map[string]int{}}
	var err error
	if f.Vocabulary, err = vocabulary(ctx, db); err != nil {
		return f, err
	}
	rows, _ := db.Query(ctx, `
		SELECT c.slug, count(DISTINCT oc.organisation_id)
		FROM category c JOIN category m ON m.slug = c.slug OR m.parent = c.slug
		JOIN organisation_category oc ON oc.category = m.slug
		JOIN organisation o ON o.id = oc.organisation_id AND o.deleted_at IS NULL
		GROUP BY c.slug`)
	var slug string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&slug, &n}, func() error {
		f.Counts[slug] = n
		return nil
	}); err != nil {
		return f, fmt.Errorf("category counts: %w", err)
	}
	if err := db.QueryRow(ctx, `SELECT count(*) FROM organisation WHERE deleted_at IS NULL`).Scan(&f.Total); err != nil {
		return f, fmt.Errorf("count organisations: %w", err)
	}
	return f, nil
}
