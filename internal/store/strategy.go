package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/strategy"
)

// ImportCard writes a parsed task card in one transaction; see
// ImportCards for the rules.
func (s *Store) ImportCard(ctx context.Context, c *strategy.Card, sourceFile string) (slug string, created bool, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		slug, created, err = importCard(ctx, tx, c, sourceFile)
		return err
	})
	return slug, created, err
}

// ImportedCard is a card to import with the file it was read from.
type ImportedCard struct {
	File string
	Card *strategy.Card
}

// ImportResult says what the import did with one card.
type ImportResult struct {
	Slug    string
	Created bool
}

// ImportCards writes the cards in one transaction: when any of them
// cannot be written, nothing is, and the error names its file.
//
// The importer owns the rows it created (source 'import'). A card already
// imported (same document, goal, area and task numbers) is updated in
// place: its texts, stages, indicators and budget are replaced by the
// card's, while what staff added — partner links to the directory and
// indicator bindings to live metrics — is kept for partners and indicators
// of the same name. What staff created in the admin area (source 'staff')
// is never overwritten: a goal or area of the card's number that staff
// created keeps its texts and receives the task; a task of the card's
// number that staff created stops the import (a fault.Conflict naming
// it). Nothing is ever deleted, retired or brought back by an import: a
// retired goal stays retired, a task in the trash stays there (updated).
func (s *Store) ImportCards(ctx context.Context, cards []ImportedCard) ([]ImportResult, error) {
	out := make([]ImportResult, len(cards))
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		for i, c := range cards {
			slug, created, err := importCard(ctx, tx, c.Card, c.File)
			if err != nil {
				return fmt.Errorf("%s: %w", c.File, err)
			}
			out[i] = ImportResult{slug, created}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importBy is the importer as revisions name it; it has no person to audit.
var importBy = accounts.Audit{ActorEmail: "portal import-strategy"}

// importPart finds the document, goal or area of a card by its key (a
// document's name, a goal's or area's number under parentID) and creates
// it when missing. An existing one the importer owns gets the card's texts
// (a new version with its revision when they differ); one staff created
// is left as staff wrote it.
func importPart(ctx context.Context, tx pgx.Tx, p strategy.Part, parentID int64, sourceFile string) (int64, error) {
	var q string
	var args []any
	switch p.Kind {
	case strategy.KindDocument:
		q, args = `SELECT id FROM strategy_document WHERE name = $1 FOR UPDATE`, []any{p.Name}
	case strategy.KindGoal:
		q, args = `SELECT id FROM strategy_goal WHERE document_id = $1 AND number = $2 FOR UPDATE`, []any{parentID, p.Number}
	default:
		q, args = `SELECT id FROM strategy_area WHERE goal_id = $1 AND number = $2 FOR UPDATE`, []any{parentID, p.Position()}
	}
	var id int64
	err := tx.QueryRow(ctx, q, args...).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		switch p.Kind {
		case strategy.KindDocument:
			err = tx.QueryRow(ctx, `INSERT INTO strategy_document (name) VALUES ($1) RETURNING id`, p.Name).Scan(&id)
		case strategy.KindGoal:
			err = tx.QueryRow(ctx, `INSERT INTO strategy_goal (document_id, number, position, title, lead)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, parentID, p.Number, p.Position(), p.Name, p.Lead).Scan(&id)
		default:
			err = tx.QueryRow(ctx, `INSERT INTO strategy_area (goal_id, number, name, coordinator)
				VALUES ($1, $2, $3, $4) RETURNING id`, parentID, p.Position(), p.Name, p.Lead).Scan(&id)
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", p.Kind, err)
		}
		return id, partRevision(ctx, tx, p.Kind, id, "create", sourceFile, importBy)
	case err != nil:
		return 0, fmt.Errorf("%s: %w", p.Kind, err)
	}
	var tag pgconn.CommandTag
	switch p.Kind {
	case strategy.KindGoal:
		tag, err = tx.Exec(ctx, `UPDATE strategy_goal SET title = $2, lead = $3, version = version + 1, updated_at = now()
			WHERE id = $1 AND source = 'import' AND (title, lead) IS DISTINCT FROM ($2, $3)`, id, p.Name, p.Lead)
	case strategy.KindArea:
		tag, err = tx.Exec(ctx, `UPDATE strategy_area SET name = $2, coordinator = $3, version = version + 1, updated_at = now()
			WHERE id = $1 AND source = 'import' AND (name, coordinator) IS DISTINCT FROM ($2, $3)`, id, p.Name, p.Lead)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", p.Kind, err)
	}
	if tag.RowsAffected() > 0 {
		return id, partRevision(ctx, tx, p.Kind, id, "update", sourceFile, importBy)
	}
	return id, nil
}

func importCard(ctx context.Context, tx pgx.Tx, c *strategy.Card, sourceFile string) (slug string, created bool, err error) {
	if _, ok := strategy.Roman(c.Goal.Number); !ok {
		return "", false, fault.New(fault.Invalid, "numer celu %q nie jest liczbą rzymską", c.Goal.Number)
	}
	docID, err := importPart(ctx, tx, strategy.Part{Kind: strategy.KindDocument, Name: c.Document}, 0, sourceFile)
	if err != nil {
		return "", false, err
	}
	goalID, err := importPart(ctx, tx, strategy.Part{Kind: strategy.KindGoal, Number: c.Goal.Number, Name: c.Goal.Title, Lead: c.Goal.Lead}, docID, sourceFile)
	if err != nil {
		return "", false, err
	}
	areaID, err := importPart(ctx, tx, strategy.Part{Kind: strategy.KindArea, Number: strconv.Itoa(c.Area.Number), Name: c.Area.Name, Lead: c.Area.Coordinator}, goalID, sourceFile)
	if err != nil {
		return "", false, err
	}
	t := &c.Task
	var taskID int64
	var version int
	var source string
	err = tx.QueryRow(ctx, `SELECT id, slug, source FROM strategy_task WHERE area_id = $1 AND number = $2 FOR UPDATE`,
		areaID, t.Number).Scan(&taskID, &slug, &source)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		created = true
		if slug, err = taskSlug(ctx, tx, c.Document, c.Goal.Number, c.Area.Number, t.Number); err != nil {
			return "", false, err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO strategy_task (area_id, number, slug, title, addressees, justification, description,
				implementer, years, total_cost, source_file)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, '')::numeric, $11)
			RETURNING id, version`,
			areaID, t.Number, slug, t.Title, t.Addressees, t.Justification, t.Description, t.Implementer,
			t.Years, t.TotalCost, sourceFile).Scan(&taskID, &version)
	case err != nil:
	case source == SourceStaff:
		return "", false, fault.New(fault.Conflict,
			"zadanie %s.%d.%d (%s) utworzyli pracownicy w panelu; import go nie nadpisuje — nadaj karcie inny numer zadania albo przenieś tamto zadanie do kosza i opróżnij kosz",
			c.Goal.Number, c.Area.Number, t.Number, slug)
	default:
		err = tx.QueryRow(ctx, `
			UPDATE strategy_task SET title = $2, addressees = $3, justification = $4, description = $5,
				implementer = $6, years = $7, total_cost = NULLIF($8, '')::numeric, source_file = $9,
				imported_at = now(), updated_at = now(), version = version + 1
			WHERE id = $1 RETURNING version`,
			taskID, t.Title, t.Addressees, t.Justification, t.Description, t.Implementer,
			t.Years, t.TotalCost, sourceFile).Scan(&version)
	}
	if err != nil {
		return "", false, fmt.Errorf("task %s.%d.%d: %w", c.Goal.Number, c.Area.Number, t.Number, err)
	}
	if err := replaceTaskDetails(ctx, tx, taskID, t, true); err != nil {
		return "", false, err
	}
	// The import is a change like any other: it leaves a revision with
	// the card as imported.
	snap := *c
	snap.Task.Slug = slug
	body, err := json.Marshal(snap)
	if err != nil {
		return "", false, err
	}
	action := "update"
	if created {
		action = "create"
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revision (entity, entity_id, version, action, actor_email, snapshot, note)
		VALUES ('strategy_task', $1, $2, $3, $4, $5, $6)`,
		strconv.FormatInt(taskID, 10), version, action, importBy.ActorEmail, body, sourceFile); err != nil {
		return "", false, fmt.Errorf("revision of task %s: %w", slug, err)
	}
	return slug, created, nil
}

// replaceTaskDetails replaces a task's stages, partners, indicators, budget
// and flags with the card's. With keepLinks (an import, a restore) a
// partner link or metric binding the card leaves empty is carried over
// from the stored task by name; without it (an edit) the card says what
// they are — except that a link to an organisation in the trash, which
// the form cannot show, is kept.
func replaceTaskDetails(ctx context.Context, tx pgx.Tx, taskID int64, t *strategy.Task, keepLinks bool) error {
	type link struct {
		org     *string
		trashed bool
	}
	links := map[string]link{}
	rows, _ := tx.Query(ctx, `SELECT p.name, p.organisation_id::text, coalesce(o.deleted_at IS NOT NULL, false)
		FROM strategy_partner p LEFT JOIN organisation o ON o.id = p.organisation_id WHERE p.task_id = $1`, taskID)
	var name string
	var org *string
	var trashed bool
	if _, err := pgx.ForEachRow(rows, []any{&name, &org, &trashed}, func() error { links[name] = link{org, trashed}; return nil }); err != nil {
		return fmt.Errorf("partner links: %w", err)
	}
	metrics := map[string]*string{}
	rows, _ = tx.Query(ctx, `SELECT type || ':' || name, metric FROM strategy_indicator WHERE task_id = $1`, taskID)
	var metric *string
	if _, err := pgx.ForEachRow(rows, []any{&name, &metric}, func() error { metrics[name] = metric; return nil }); err != nil {
		return fmt.Errorf("indicator bindings: %w", err)
	}
	for _, table := range []string{"strategy_stage", "strategy_partner", "strategy_indicator", "strategy_budget_line"} {
		if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE task_id = $1", taskID); err != nil {
			return fmt.Errorf("clear %s: %w", table, err)
		}
	}

	for i, st := range t.Stages {
		var stageID int64
		if err := tx.QueryRow(ctx, `INSERT INTO strategy_stage (task_id, position, description, period)
			VALUES ($1, $2, $3, $4) RETURNING id`, taskID, i, st.Description, st.Period).Scan(&stageID); err != nil {
			return fmt.Errorf("stage %d: %w", st.Order, err)
		}
		for _, y := range st.Years {
			if _, err := tx.Exec(ctx, `INSERT INTO strategy_stage_year (stage_id, year, planned, actual)
				VALUES ($1, $2, $3, $4)`, stageID, y.Year, y.Planned, y.Actual); err != nil {
				return fmt.Errorf("stage %d, %d: %w", st.Order, y.Year, err)
			}
		}
	}
	for i, p := range t.Partners {
		var orgID *string
		switch prev := links[p.Name]; {
		case p.Organisation != "":
			var id string
			if err := tx.QueryRow(ctx, `SELECT id::text FROM organisation WHERE slug = $1`, p.Organisation).Scan(&id); err != nil {
				return &fault.Error{Code: fault.Invalid, Message: "nieznana organizacja " + p.Organisation, Err: err}
			}
			orgID = &id
		case keepLinks || prev.trashed:
			orgID = prev.org
		}
		if _, err := tx.Exec(ctx, `INSERT INTO strategy_partner (task_id, position, name, scope, organisation_id)
			VALUES ($1, $2, $3, $4, $5::uuid)`, taskID, i, p.Name, p.Scope, orgID); err != nil {
			return fmt.Errorf("partner %q: %w", p.Name, err)
		}
	}
	indicatorIDs := make([]int64, len(t.Indicators))
	for i, ind := range t.Indicators {
		var metric *string
		switch {
		case ind.Metric != "":
			m := string(ind.Metric)
			metric = &m
		case keepLinks:
			metric = metrics[string(ind.Type)+":"+ind.Name]
		}
		if err := tx.QueryRow(ctx, `INSERT INTO strategy_indicator (task_id, position, type, name, source, metric)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			taskID, i, ind.Type, ind.Name, ind.Source, metric).Scan(&indicatorIDs[i]); err != nil {
			return fmt.Errorf("indicator %q: %w", ind.Name, err)
		}
		for _, v := range ind.Values {
			if _, err := tx.Exec(ctx, `INSERT INTO strategy_indicator_value (indicator_id, year, value)
				VALUES ($1, $2, $3::numeric)`, indicatorIDs[i], v.Year, v.Value); err != nil {
				return fmt.Errorf("indicator %q, %d: %w", ind.Name, v.Year, err)
			}
		}
	}
	for i, b := range t.Budget {
		if _, err := tx.Exec(ctx, `INSERT INTO strategy_budget_line (task_id, position, source, amount)
			VALUES ($1, $2, $3, $4::numeric)`, taskID, i, b.Source, b.Amount); err != nil {
			return fmt.Errorf("budget line %q: %w", b.Source, err)
		}
	}
	for _, f := range t.Flags {
		if f.Indicator < 0 || f.Indicator >= len(indicatorIDs) {
			return fmt.Errorf("flag for indicator %d of %d", f.Indicator, len(indicatorIDs))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO strategy_flag (indicator_id, kind, line, year, previous, value)
			VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric)`,
			indicatorIDs[f.Indicator], f.Kind, f.Line, f.Year, f.Previous, f.Value); err != nil {
			return fmt.Errorf("flag: %w", err)
		}
	}
	return nil
}

// StrategyCards loads every task the public sees — not in the trash, not
// under a retired document, goal or area — with its goal and area, in the
// order of goals, areas and tasks. The whole strategy is tens of tasks, so
// it is read with one query per table, not per task.
func (s *Store) StrategyCards(ctx context.Context) ([]*strategy.Card, error) {
	return loadCardsFrom(ctx, s.pool, "", cardsPublic, nil)
}

// StrategyCard loads the task with slug as the public sees it; an unknown,
// trashed or retired one is a fault.NotFound.
func (s *Store) StrategyCard(ctx context.Context, slug string) (*strategy.Card, error) {
	return oneCard(ctx, s.pool, slug, cardsPublic)
}

// StaffCards loads the tasks staff edit: every task not in the trash,
// under retired parts too; retired holds the slugs of those under a
// retired document, goal or area, and staffOwned those staff created.
func (s *Store) StaffCards(ctx context.Context) (cards []*strategy.Card, retired, staffOwned map[string]bool, err error) {
	marks := &taskMarks{retired: map[string]bool{}, staffOwned: map[string]bool{}}
	cards, err = loadCardsFrom(ctx, s.pool, "", cardsStaff, marks)
	if err != nil {
		return nil, nil, nil, err
	}
	return cards, marks.retired, marks.staffOwned, nil
}

// StaffCard loads the task with slug for staff: under a retired part too,
// but not in the trash (a fault.NotFound, like an unknown slug).
func (s *Store) StaffCard(ctx context.Context, slug string) (*strategy.Card, error) {
	return oneCard(ctx, s.pool, slug, cardsStaff)
}

func oneCard(ctx context.Context, q querier, slug string, which cardSet) (*strategy.Card, error) {
	cards, err := loadCardsFrom(ctx, q, slug, which, nil)
	if err != nil {
		return nil, err
	}
	if len(cards) == 0 {
		return nil, fault.New(fault.NotFound, "nie ma zadania %q", slug)
	}
	return cards[0], nil
}

// cardSet says which tasks loadCardsFrom reads.
type cardSet int

const (
	cardsPublic cardSet = iota // not trashed, no retired part above
	cardsStaff                 // not trashed
	cardsAll                   // every task
)

// taskMarks holds, by slug, what staff see beside each task: whether it is
// under a retired document, goal or area, and whether staff created it.
type taskMarks struct {
	retired, staffOwned map[string]bool
}

// loadCardsFrom reads the cards of which set, or only the one with slug
// when it is not empty, and records every task's marks in marks when it
// is not nil.
func loadCardsFrom(ctx context.Context, q querier, slug string, which cardSet, marks *taskMarks) ([]*strategy.Card, error) {
	rows, _ := q.Query(ctx, `
		SELECT t.id, d.name, g.number, g.title, g.lead, a.number, a.name, a.coordinator,
			t.slug, t.number, t.title, t.addressees, t.justification, t.description, t.implementer,
			t.years, coalesce(t.total_cost::text, ''),
			d.retired_at IS NOT NULL OR g.retired_at IS NOT NULL OR a.retired_at IS NOT NULL, t.source = 'staff'
		FROM strategy_task t
		JOIN strategy_area a ON a.id = t.area_id
		JOIN strategy_goal g ON g.id = a.goal_id
		JOIN strategy_document d ON d.id = g.document_id
		WHERE ($1 = '' OR t.slug = $1)
			AND ($2 > 1 OR t.deleted_at IS NULL)
			AND ($2 > 0 OR (d.retired_at IS NULL AND g.retired_at IS NULL AND a.retired_at IS NULL))
		ORDER BY d.name, g.position, a.number, t.number`, slug, int(which))
	var cards []*strategy.Card
	byID := map[int64]*strategy.Task{}
	var ids []int64
	var id int64
	var c strategy.Card
	var retired, staffOwned bool
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.Document, &c.Goal.Number, &c.Goal.Title, &c.Goal.Lead,
		&c.Area.Number, &c.Area.Name, &c.Area.Coordinator, &c.Task.Slug, &c.Task.Number, &c.Task.Title,
		&c.Task.Addressees, &c.Task.Justification, &c.Task.Description, &c.Task.Implementer,
		&c.Task.Years, &c.Task.TotalCost, &retired, &staffOwned}, func() error {
		if marks != nil {
			marks.retired[c.Task.Slug], marks.staffOwned[c.Task.Slug] = retired, staffOwned
		}
		card := c
		// Lists are empty, not nil, as the parser makes them: the JSON
		// downloads show [] rather than null.
		card.Task.Stages, card.Task.Partners, card.Task.Indicators = []strategy.Stage{}, []strategy.Partner{}, []strategy.Indicator{}
		card.Task.Budget, card.Task.Flags = []strategy.BudgetLine{}, []strategy.Flag{}
		cards = append(cards, &card)
		byID[id] = &card.Task
		ids = append(ids, id)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("strategy tasks: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}

	// Stages with their years; stage positions are dense per task.
	rows, _ = q.Query(ctx, `
		SELECT st.task_id, st.position, st.description, st.period, y.year, y.planned, y.actual
		FROM strategy_stage st LEFT JOIN strategy_stage_year y ON y.stage_id = st.id
		WHERE st.task_id = ANY($1) ORDER BY st.task_id, st.position, y.year`, ids)
	var pos int
	var desc, period string
	var year *int
	var planned, actual *int
	if _, err := pgx.ForEachRow(rows, []any{&id, &pos, &desc, &period, &year, &planned, &actual}, func() error {
		t := byID[id]
		if len(t.Stages) == pos {
			t.Stages = append(t.Stages, strategy.Stage{Order: pos + 1, Description: desc, Period: period})
		}
		if year != nil {
			st := &t.Stages[pos]
			st.Years = append(st.Years, strategy.StageYear{Year: *year, Planned: planned, Actual: actual})
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("strategy stages: %w", err)
	}

	rows, _ = q.Query(ctx, `
		SELECT p.task_id, p.name, p.scope, coalesce(o.slug, '')
		FROM strategy_partner p LEFT JOIN organisation o ON o.id = p.organisation_id AND o.deleted_at IS NULL
		WHERE p.task_id = ANY($1) ORDER BY p.task_id, p.position`, ids)
	var p strategy.Partner
	if _, err := pgx.ForEachRow(rows, []any{&id, &p.Name, &p.Scope, &p.Organisation}, func() error {
		byID[id].Partners = append(byID[id].Partners, p)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("strategy partners: %w", err)
	}

	rows, _ = q.Query(ctx, `
		SELECT i.task_id, i.position, i.type, i.name, i.source, coalesce(i.metric, ''), v.year, v.value::text
		FROM strategy_indicator i LEFT JOIN strategy_indicator_value v ON v.indicator_id = i.id
		WHERE i.task_id = ANY($1) ORDER BY i.task_id, i.position, v.year`, ids)
	var ind strategy.Indicator
	var value *string
	if _, err := pgx.ForEachRow(rows, []any{&id, &pos, &ind.Type, &ind.Name, &ind.Source, &ind.Metric, &year, &value}, func() error {
		t := byID[id]
		if len(t.Indicators) == pos {
			t.Indicators = append(t.Indicators, strategy.Indicator{Type: ind.Type, Name: ind.Name, Source: ind.Source, Metric: ind.Metric})
		}
		if year != nil && value != nil {
			t.Indicators[pos].Values = append(t.Indicators[pos].Values, strategy.IndicatorValue{Year: *year, Value: *value})
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("strategy indicators: %w", err)
	}

	rows, _ = q.Query(ctx, `SELECT task_id, source, amount::text FROM strategy_budget_line
		WHERE task_id = ANY($1) ORDER BY task_id, position`, ids)
	var b strategy.BudgetLine
	if _, err := pgx.ForEachRow(rows, []any{&id, &b.Source, &b.Amount}, func() error {
		byID[id].Budget = append(byID[id].Budget, b)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("strategy budget: %w", err)
	}

	rows, _ = q.Query(ctx, `
		SELECT i.task_id, i.position, f.kind, f.line, f.year, f.previous::text, f.value::text
		FROM strategy_flag f JOIN strategy_indicator i ON i.id = f.indicator_id
		WHERE i.task_id = ANY($1) ORDER BY i.task_id, i.position, f.year`, ids)
	var f strategy.Flag
	if _, err := pgx.ForEachRow(rows, []any{&id, &f.Indicator, &f.Kind, &f.Line, &f.Year, &f.Previous, &f.Value}, func() error {
		byID[id].Flags = append(byID[id].Flags, f)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("strategy flags: %w", err)
	}
	return cards, nil
}

// CountStrategyTasks returns how many tasks the portal holds.
func (s *Store) CountStrategyTasks(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM strategy_task`).Scan(&n)
	return n, err
}

// BindIndicator binds the indicator at position (0-based, in the card's
// order) of the task with slug to a live metric, or unbinds it when metric
// is empty.
func (s *Store) BindIndicator(ctx context.Context, slug string, position int, metric strategy.Metric) error {
	if metric != "" && !metric.Valid() {
		return fault.New(fault.Invalid, "nieznana miara %q", metric)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE strategy_indicator i SET metric = NULLIF($3, '')
		FROM strategy_task t WHERE t.id = i.task_id AND t.slug = $1 AND i.position = $2`, slug, position, string(metric))
	if err != nil {
		return fmt.Errorf("bind indicator: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fault.New(fault.NotFound, "zadanie %q nie ma miernika nr %d", slug, position+1)
	}
	return nil
}

// LinkPartner links the partner at position (0-based) of the task with slug
// to the organisation with orgSlug, or unlinks it when orgSlug is empty.
func (s *Store) LinkPartner(ctx context.Context, slug string, position int, orgSlug string) error {
	var orgID *string
	if orgSlug != "" {
		err := s.pool.QueryRow(ctx, `SELECT id::text FROM organisation WHERE slug = $1`, orgSlug).Scan(&orgID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma organizacji %q", orgSlug)
		}
		if err != nil {
			return fmt.Errorf("link partner: %w", err)
		}
	}
	tag, err := s.pool.Exec(ctx, `UPDATE strategy_partner p SET organisation_id = $3::uuid
		FROM strategy_task t WHERE t.id = p.task_id AND t.slug = $1 AND p.position = $2`, slug, position, orgID)
	if err != nil {
		return fmt.Errorf("link partner: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fault.New(fault.NotFound, "zadanie %q nie ma partnera nr %d", slug, position+1)
	}
	return nil
}

// PartnerTasks returns, for each organisation named as a partner of a
// strategy task (by its slug), the tasks that name it, by task.
func (s *Store) PartnerTasks(ctx context.Context) (map[string][]strategy.TaskRef, error) {
	rows, _ := s.pool.Query(ctx, `
		SELECT o.slug, t.slug, t.title, p.name FROM strategy_partner p
		JOIN strategy_task t ON t.id = p.task_id
		JOIN organisation o ON o.id = p.organisation_id
		JOIN strategy_area a ON a.id = t.area_id JOIN strategy_goal g ON g.id = a.goal_id
		JOIN strategy_document d ON d.id = g.document_id
		WHERE o.deleted_at IS NULL AND t.deleted_at IS NULL
			AND d.retired_at IS NULL AND g.retired_at IS NULL AND a.retired_at IS NULL
		ORDER BY o.slug, t.slug, p.position`)
	out := map[string][]strategy.TaskRef{}
	var org string
	var ref strategy.TaskRef
	if _, err := pgx.ForEachRow(rows, []any{&org, &ref.Slug, &ref.Title, &ref.Partner}, func() error {
		out[org] = append(out[org], ref)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("partners of the strategy: %w", err)
	}
	return out, nil
}

// LiveValue computes a metric from the directory now, as an exact decimal.
// The values are kept per directory_state version and day (the share of
// recently verified organisations changes with the date alone), so a task
// page costs one version lookup until either changes.
func (s *Store) LiveValue(ctx context.Context, m strategy.Metric) (string, error) {
	if !m.Valid() {
		return "", fault.New(fault.Invalid, "nieznana miara %q", m)
	}
	if m == strategy.MetricFormsReceived {
		// One index range scan; submissions do not move the directory's
		// version, so this one is not cached.
		n, err := s.FormsReceived(ctx, time.Now().In(directory.Warsaw).Year())
		return strconv.Itoa(n), err
	}
	if err := s.refreshLive(ctx); err != nil {
		return "", err
	}
	s.live.Lock()
	defer s.live.Unlock()
	return s.live.values[m], nil
}

// LiveBasis returns what the metrics counting organisations count from:
// the real organisations of the working copy and the example ones they
// leave out (kept with the values, see LiveValue).
func (s *Store) LiveBasis(ctx context.Context) (strategy.LiveBasis, error) {
	if err := s.refreshLive(ctx); err != nil {
		return strategy.LiveBasis{}, err
	}
	s.live.Lock()
	defer s.live.Unlock()
	return s.live.basis, nil
}

// refreshLive computes the live values again when the directory's version
// or the day changed since they were.
func (s *Store) refreshLive(ctx context.Context) error {
	var version int64
	if err := s.pool.QueryRow(ctx, `SELECT version FROM directory_state`).Scan(&version); err != nil {
		return fmt.Errorf("directory version: %w", err)
	}
	day := time.Now().In(directory.Warsaw).Format(time.DateOnly)
	s.live.Lock()
	defer s.live.Unlock()
	if s.live.version != version || s.live.day != day {
		var orgs, share string
		var basis strategy.LiveBasis
		err := s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE NOT example)::text,
			coalesce(round(avg(CASE WHEN verified_on >= (now() AT TIME ZONE 'Europe/Warsaw')::date - interval '12 months'
				THEN 1 ELSE 0 END) FILTER (WHERE NOT example), 2), 0)::text,
			count(*) FILTER (WHERE NOT example), count(*) FILTER (WHERE example)
			FROM organisation WHERE deleted_at IS NULL`).Scan(&orgs, &share, &basis.Organisations, &basis.Examples)
		if err != nil {
			return fmt.Errorf("live metrics: %w", err)
		}
		s.live.values = map[strategy.Metric]string{strategy.MetricOrganisations: orgs, strategy.MetricVerifiedShare: share}
		s.live.basis = basis
		s.live.version, s.live.day = version, day
	}
	return nil
}

// UpdateTask saves a task card edited by staff if the task is still at
// version; else it is a fault.Conflict and nothing is written. The goal's
// and area's texts, which the area's other tasks share, are written only
// when they differ from was (the card the form was loaded with) and only
// if nobody changed them meanwhile; a nil was leaves them alone (a
// restore). The new card is recorded as a revision and in the audit log.
// c.Task.Slug names the task.
func (s *Store) UpdateTask(ctx context.Context, c *strategy.Card, was *strategy.Card, version int, action string, by accounts.Audit) error {
	if errs := c.Validate(); errs != nil {
		return &fault.Error{Code: fault.Invalid, Message: "dane zadania są niepoprawne"}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var taskID, areaID, goalID int64
		var current int
		err := tx.QueryRow(ctx, `SELECT t.id, t.version, a.id, a.goal_id FROM strategy_task t
			JOIN strategy_area a ON a.id = t.area_id WHERE t.slug = $1 AND t.deleted_at IS NULL FOR UPDATE OF t`, c.Task.Slug).Scan(&taskID, &current, &areaID, &goalID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma zadania %q", c.Task.Slug)
		}
		if err != nil {
			return fmt.Errorf("lock task: %w", err)
		}
		if current != version {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił to zadanie w międzyczasie"}
		}
		t := &c.Task
		stale := &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił cel lub obszar w międzyczasie"}
		if was != nil && (c.Goal.Title != was.Goal.Title || c.Goal.Lead != was.Goal.Lead) {
			tag, err := tx.Exec(ctx, `UPDATE strategy_goal SET title = $2, lead = $3, version = version + 1, updated_at = now()
				WHERE id = $1 AND title = $4 AND lead = $5`,
				goalID, c.Goal.Title, c.Goal.Lead, was.Goal.Title, was.Goal.Lead)
			if err != nil {
				return fmt.Errorf("goal: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return stale
			}
			// The goal keeps a history of its own (see strategy_admin.go).
			if err := partRevision(ctx, tx, strategy.KindGoal, goalID, "update", "", by); err != nil {
				return err
			}
		}
		if was != nil && (c.Area.Name != was.Area.Name || c.Area.Coordinator != was.Area.Coordinator) {
			tag, err := tx.Exec(ctx, `UPDATE strategy_area SET name = $2, coordinator = $3, version = version + 1, updated_at = now()
				WHERE id = $1 AND name = $4 AND coordinator = $5`,
				areaID, c.Area.Name, c.Area.Coordinator, was.Area.Name, was.Area.Coordinator)
			if err != nil {
				return fmt.Errorf("area: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return stale
			}
			if err := partRevision(ctx, tx, strategy.KindArea, areaID, "update", "", by); err != nil {
				return err
			}
		}
		// The revision records the goal and area as they now are.
		if err := tx.QueryRow(ctx, `SELECT g.title, g.lead, a.name, a.coordinator FROM strategy_area a
			JOIN strategy_goal g ON g.id = a.goal_id WHERE a.id = $1`, areaID).Scan(&c.Goal.Title, &c.Goal.Lead, &c.Area.Name, &c.Area.Coordinator); err != nil {
			return fmt.Errorf("goal and area: %w", err)
		}
		if err := tx.QueryRow(ctx, `UPDATE strategy_task SET title = $2, addressees = $3, justification = $4,
			description = $5, implementer = $6, years = $7, total_cost = NULLIF($8, '')::numeric,
			version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
			taskID, t.Title, t.Addressees, t.Justification, t.Description, t.Implementer, t.Years, t.TotalCost).Scan(&current); err != nil {
			return fmt.Errorf("task: %w", err)
		}
		t.Flags = []strategy.Flag{} // flags describe an imported card's text
		if err := replaceTaskDetails(ctx, tx, taskID, t, was == nil); err != nil {
			return err
		}
		return taskRevision(ctx, tx, taskID, current, action, c, by)
	})
}

// TaskRevision is one recorded version of a task card.
type TaskRevision struct {
	ID         int64
	Version    int
	Action     string
	At         time.Time
	ActorEmail string
	Card       *strategy.Card
}

// TaskRevisions returns the history of the task with slug, newest first.
func (s *Store) TaskRevisions(ctx context.Context, slug string) ([]TaskRevision, error) {
	rows, _ := s.pool.Query(ctx, `SELECT r.id, r.version, r.action, r.at, r.actor_email, r.snapshot
		FROM revision r JOIN strategy_task t ON r.entity = 'strategy_task' AND r.entity_id = t.id::text
		WHERE t.slug = $1 ORDER BY r.id DESC`, slug)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (TaskRevision, error) {
		var rev TaskRevision
		var body []byte
		if err := r.Scan(&rev.ID, &rev.Version, &rev.Action, &rev.At, &rev.ActorEmail, &body); err != nil {
			return rev, err
		}
		rev.Card = &strategy.Card{}
		return rev, json.Unmarshal(body, rev.Card)
	})
}

// TaskVersion returns the current version of the task with slug.
func (s *Store) TaskVersion(ctx context.Context, slug string) (int, error) {
	var v int
	err := s.pool.QueryRow(ctx, `SELECT version FROM strategy_task WHERE slug = $1`, slug).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fault.New(fault.NotFound, "nie ma zadania %q", slug)
	}
	return v, err
}
