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
	"github.com/mopr-leszno/portal/internal/strategy"
)

// Who owns a row of the strategy: the importer of task cards, or the
// staff who created it in the admin area. An import updates only its own
// rows and never overwrites a task staff created (see ImportCard).
const (
	SourceImport = "import"
	SourceStaff  = "staff"
)

// StrategyPart is a document, goal or area as the admin area lists and
// edits it.
type StrategyPart struct {
	strategy.Part
	ID, ParentID int64
	Source       string // SourceImport or SourceStaff
	Version      int
	// Tasks counts the tasks under an area that are not in the trash.
	Tasks    int
	Children []StrategyPart // a document's goals, a goal's areas
}

// TakenError says that a goal's or an area's number (or a document's
// name) is already used by another one in the same place, retired ones
// included: Field is the form field, Other the name of the one using it.
type TakenError struct {
	Field, Other string
}

func (e *TakenError) Error() string { return fmt.Sprintf("%s taken by %q", e.Field, e.Other) }

// partSQL is the one place that knows each level's table and columns.
func partSQL(kind strategy.PartKind) (table, columns string) {
	const tail = ", retired_at IS NOT NULL, source, version FROM "
	switch kind {
	case strategy.KindDocument:
		return "strategy_document", "SELECT id, 0::bigint, ''::text, name, ''::text" + tail + "strategy_document"
	case strategy.KindGoal:
		return "strategy_goal", "SELECT id, document_id, number, title, lead" + tail + "strategy_goal"
	default:
		return "strategy_area", "SELECT id, goal_id, number::text, name, coordinator" + tail + "strategy_area"
	}
}

func scanPart(kind strategy.PartKind, row pgx.Row) (StrategyPart, error) {
	p := StrategyPart{Part: strategy.Part{Kind: kind}}
	err := row.Scan(&p.ID, &p.ParentID, &p.Number, &p.Name, &p.Lead, &p.Retired, &p.Source, &p.Version)
	return p, err
}

// StrategyTree returns every document with its goals and their areas,
// retired ones too, in the strategy's order.
func (s *Store) StrategyTree(ctx context.Context) ([]StrategyPart, error) {
	var levels [3][]StrategyPart
	for i, kind := range strategy.PartKinds {
		_, q := partSQL(kind)
		order := map[strategy.PartKind]string{strategy.KindDocument: " ORDER BY name",
			strategy.KindGoal: " ORDER BY document_id, position", strategy.KindArea: " ORDER BY goal_id, number"}[kind]
		rows, _ := s.pool.Query(ctx, q+order)
		parts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (StrategyPart, error) { return scanPart(kind, r) })
		if err != nil {
			return nil, fmt.Errorf("strategy %ss: %w", kind, err)
		}
		levels[i] = parts
	}
	counts := map[int64]int{}
	rows, _ := s.pool.Query(ctx, `SELECT area_id, count(*) FROM strategy_task WHERE deleted_at IS NULL GROUP BY area_id`)
	var area int64
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&area, &n}, func() error { counts[area] = n; return nil }); err != nil {
		return nil, fmt.Errorf("tasks by area: %w", err)
	}
	areas := map[int64][]StrategyPart{}
	for _, a := range levels[2] {
		a.Tasks = counts[a.ID]
		areas[a.ParentID] = append(areas[a.ParentID], a)
	}
	goals := map[int64][]StrategyPart{}
	for _, g := range levels[1] {
		g.Children = areas[g.ID]
		goals[g.ParentID] = append(goals[g.ParentID], g)
	}
	docs := levels[0]
	for i := range docs {
		docs[i].Children = goals[docs[i].ID]
	}
	return docs, nil
}

// StrategyPart returns the document, goal or area with id; an unknown one
// is a fault.NotFound.
func (s *Store) StrategyPart(ctx context.Context, kind strategy.PartKind, id int64) (StrategyPart, error) {
	return loadPart(ctx, s.pool, kind, id, "")
}

func loadPart(ctx context.Context, q querier, kind strategy.PartKind, id int64, lock string) (StrategyPart, error) {
	if !kind.Valid() {
		return StrategyPart{}, fault.New(fault.NotFound, "nieznany poziom strategii")
	}
	_, sel := partSQL(kind)
	p, err := scanPart(kind, q.QueryRow(ctx, sel+" WHERE id = $1"+lock, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return p, fault.New(fault.NotFound, "nie ma takiej części strategii")
	}
	if err != nil {
		return p, fmt.Errorf("strategy %s %d: %w", kind, id, err)
	}
	return p, nil
}

// NextPartNumber is the number a new goal of the document (or area of the
// goal) parentID gets unless staff type another: the one after the
// highest, retired ones included. Documents have no number.
func (s *Store) NextPartNumber(ctx context.Context, kind strategy.PartKind, parentID int64) (string, error) {
	var q string
	switch kind {
	case strategy.KindGoal:
		q = `SELECT coalesce(max(position), 0) FROM strategy_goal WHERE document_id = $1`
	case strategy.KindArea:
		q = `SELECT coalesce(max(number), 0) FROM strategy_area WHERE goal_id = $1`
	default:
		return "", nil
	}
	var highest int
	if err := s.pool.QueryRow(ctx, q, parentID).Scan(&highest); err != nil {
		return "", fmt.Errorf("next number: %w", err)
	}
	return strategy.NextNumber(kind, highest), nil
}

// checkTaken returns a *TakenError when another row in the same place
// uses p's number (a document: its name).
func checkTaken(ctx context.Context, tx pgx.Tx, p strategy.Part, parentID, self int64) error {
	var q string
	var args []any
	field := "number"
	switch p.Kind {
	case strategy.KindDocument:
		q, args, field = `SELECT name FROM strategy_document WHERE name = $1 AND id <> $2`, []any{p.Name, self}, "name"
	case strategy.KindGoal:
		q, args = `SELECT title FROM strategy_goal WHERE document_id = $1 AND number = $2 AND id <> $3`, []any{parentID, p.Number, self}
	case strategy.KindArea:
		q, args = `SELECT name FROM strategy_area WHERE goal_id = $1 AND number = $2 AND id <> $3`, []any{parentID, p.Position(), self}
	}
	var other string
	err := tx.QueryRow(ctx, q, args...).Scan(&other)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("is the number taken: %w", err)
	}
	return &TakenError{Field: field, Other: other}
}

// CreatePart creates a document, a goal of the document parentID or an
// area of the goal parentID, owned by staff, with its revision and audit
// entry. It returns the new id; an invalid part is a fault.Invalid, a
// number already used there a *TakenError, an unknown parent a
// fault.NotFound.
func (s *Store) CreatePart(ctx context.Context, p strategy.Part, parentID int64, by accounts.Audit) (int64, error) {
	if p.Validate() != nil {
		return 0, fault.New(fault.Invalid, "dane są niepoprawne")
	}
	p.Retired = false
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		switch p.Kind {
		case strategy.KindGoal:
			if _, err := loadPart(ctx, tx, strategy.KindDocument, parentID, " FOR SHARE"); err != nil {
				return err
			}
		case strategy.KindArea:
			if _, err := loadPart(ctx, tx, strategy.KindGoal, parentID, " FOR SHARE"); err != nil {
				return err
			}
		}
		if err := checkTaken(ctx, tx, p, parentID, 0); err != nil {
			return err
		}
		var err error
		switch p.Kind {
		case strategy.KindDocument:
			err = tx.QueryRow(ctx, `INSERT INTO strategy_document (name, source) VALUES ($1, 'staff') RETURNING id`, p.Name).Scan(&id)
		case strategy.KindGoal:
			err = tx.QueryRow(ctx, `INSERT INTO strategy_goal (document_id, number, position, title, lead, source)
				VALUES ($1, $2, $3, $4, $5, 'staff') RETURNING id`, parentID, p.Number, p.Position(), p.Name, p.Lead).Scan(&id)
		case strategy.KindArea:
			err = tx.QueryRow(ctx, `INSERT INTO strategy_area (goal_id, number, name, coordinator, source)
				VALUES ($1, $2, $3, $4, 'staff') RETURNING id`, parentID, p.Position(), p.Name, p.Lead).Scan(&id)
		}
		if err != nil {
			return fmt.Errorf("create %s: %w", p.Kind, err)
		}
		return partRevision(ctx, tx, p.Kind, id, "create", "", by)
	})
	return id, err
}

// UpdatePart saves a part's number, name and lead if it is still at
// version (else a fault.Conflict); action is "update", or "restore" for
// an earlier revision written back (note: its id). Whether it is retired
// is left as it is. Errors as CreatePart.
func (s *Store) UpdatePart(ctx context.Context, id int64, p strategy.Part, version int, action, note string, by accounts.Audit) error {
	if p.Validate() != nil {
		return fault.New(fault.Invalid, "dane są niepoprawne")
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		cur, err := loadPart(ctx, tx, p.Kind, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		if cur.Version != version {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił to w międzyczasie"}
		}
		if err := checkTaken(ctx, tx, p, cur.ParentID, id); err != nil {
			return err
		}
		switch p.Kind {
		case strategy.KindDocument:
			_, err = tx.Exec(ctx, `UPDATE strategy_document SET name = $2, version = version + 1, updated_at = now() WHERE id = $1`, id, p.Name)
		case strategy.KindGoal:
			_, err = tx.Exec(ctx, `UPDATE strategy_goal SET number = $2, position = $3, title = $4, lead = $5,
				version = version + 1, updated_at = now() WHERE id = $1`, id, p.Number, p.Position(), p.Name, p.Lead)
		case strategy.KindArea:
			_, err = tx.Exec(ctx, `UPDATE strategy_area SET number = $2, name = $3, coordinator = $4,
				version = version + 1, updated_at = now() WHERE id = $1`, id, p.Position(), p.Name, p.Lead)
		}
		if err != nil {
			return fmt.Errorf("update %s: %w", p.Kind, err)
		}
		return partRevision(ctx, tx, p.Kind, id, action, note, by)
	})
}

// SetPartRetired retires a part (it and everything under it leave the
// public pages; nothing is deleted) or brings it back, if it is still at
// version (else a fault.Conflict).
func (s *Store) SetPartRetired(ctx context.Context, kind strategy.PartKind, id int64, version int, retired bool, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		cur, err := loadPart(ctx, tx, kind, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		if cur.Version != version {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił to w międzyczasie"}
		}
		if cur.Retired == retired {
			return nil
		}
		table, _ := partSQL(kind)
		if _, err := tx.Exec(ctx, "UPDATE "+table+` SET retired_at = CASE WHEN $2 THEN now() END,
			version = version + 1, updated_at = now() WHERE id = $1`, id, retired); err != nil {
			return fmt.Errorf("retire %s: %w", kind, err)
		}
		action := "unretire"
		if retired {
			action = "retire"
		}
		return partRevision(ctx, tx, kind, id, action, "", by)
	})
}

// partRevision records the part as it now is in tx as a revision, and
// audits the change when a person made it.
func partRevision(ctx context.Context, tx pgx.Tx, kind strategy.PartKind, id int64, action, note string, by accounts.Audit) error {
	p, err := loadPart(ctx, tx, kind, id, "")
	if err != nil {
		return err
	}
	body, err := json.Marshal(p.Part)
	if err != nil {
		return err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revision (entity, entity_id, version, action, actor_id, actor_email, snapshot, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, "strategy_"+string(kind), strconv.FormatInt(id, 10),
		p.Version, action, actor, by.ActorEmail, body, note); err != nil {
		return fmt.Errorf("revision of %s %d: %w", kind, id, err)
	}
	if by.ActorID == 0 && by.IP == "" {
		return nil // the importer: its revision names it, no person to audit
	}
	target := p.Name
	if p.Number != "" {
		target = p.Number + ". " + p.Name
	}
	by.Kind, by.Target = "strategy_part_"+action, target
	by.Detail = map[string]any{"level": string(kind), "id": id, "version": p.Version}
	return audit(ctx, tx, by)
}

// PartRevision is one recorded version of a document, goal or area.
type PartRevision struct {
	ID         int64
	Version    int
	Action     string
	At         time.Time
	ActorEmail string
	Part       strategy.Part
}

// PartRevisions returns the history of a part, newest first.
func (s *Store) PartRevisions(ctx context.Context, kind strategy.PartKind, id int64) ([]PartRevision, error) {
	rows, _ := s.pool.Query(ctx, `SELECT id, version, action, at, actor_email, snapshot FROM revision
		WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC`, "strategy_"+string(kind), strconv.FormatInt(id, 10))
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (PartRevision, error) {
		var rev PartRevision
		var body []byte
		if err := r.Scan(&rev.ID, &rev.Version, &rev.Action, &rev.At, &rev.ActorEmail, &body); err != nil {
			return rev, err
		}
		return rev, json.Unmarshal(body, &rev.Part)
	})
}

// RestorePart writes an earlier revision's number, name and lead back as
// a new revision, if the part is still at version. An unknown revision is
// a fault.NotFound; a number another part took meanwhile a *TakenError.
func (s *Store) RestorePart(ctx context.Context, kind strategy.PartKind, id, revisionID int64, version int, by accounts.Audit) error {
	var body []byte
	err := s.pool.QueryRow(ctx, `SELECT snapshot FROM revision WHERE id = $1 AND entity = $2 AND entity_id = $3`,
		revisionID, "strategy_"+string(kind), strconv.FormatInt(id, 10)).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return fault.New(fault.NotFound, "nie ma wersji %d", revisionID)
	}
	if err != nil {
		return fmt.Errorf("revision %d: %w", revisionID, err)
	}
	var p strategy.Part
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("revision %d: %w", revisionID, err)
	}
	p.Kind = kind
	return s.UpdatePart(ctx, id, p, version, "restore", strconv.FormatInt(revisionID, 10), by)
}

// CreateTask creates a task owned by staff under the area areaID, with
// its number, title and years; the rest of the card is filled in the
// task's own form. Its address is generated from the goal, area and task
// numbers (see taskSlug). It returns the slug; a number the area already
// has (also in the trash) is a *TakenError, an invalid card a
// fault.Invalid, an unknown area a fault.NotFound.
func (s *Store) CreateTask(ctx context.Context, areaID int64, number int, title string, years []int, by accounts.Audit) (string, error) {
	var slug string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c := &strategy.Card{Task: strategy.Task{Number: number, Title: title, Years: years,
			Stages: []strategy.Stage{}, Partners: []strategy.Partner{}, Indicators: []strategy.Indicator{},
			Budget: []strategy.BudgetLine{}, Flags: []strategy.Flag{}}}
		var docID int64
		err := tx.QueryRow(ctx, `SELECT d.id, d.name, g.number, g.title, g.lead, a.number, a.name, a.coordinator
			FROM strategy_area a JOIN strategy_goal g ON g.id = a.goal_id JOIN strategy_document d ON d.id = g.document_id
			WHERE a.id = $1 FOR SHARE OF a`, areaID).Scan(&docID, &c.Document, &c.Goal.Number, &c.Goal.Title, &c.Goal.Lead,
			&c.Area.Number, &c.Area.Name, &c.Area.Coordinator)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma takiego obszaru")
		}
		if err != nil {
			return fmt.Errorf("area %d: %w", areaID, err)
		}
		if number < 1 || number > 999 {
			return fault.New(fault.Invalid, "numer zadania jest niepoprawny")
		}
		if errs := c.Validate(); errs != nil {
			return fault.New(fault.Invalid, "dane zadania są niepoprawne")
		}
		var other string
		err = tx.QueryRow(ctx, `SELECT title FROM strategy_task WHERE area_id = $1 AND number = $2`, areaID, number).Scan(&other)
		if err == nil {
			return &TakenError{Field: "number", Other: other}
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("is the number taken: %w", err)
		}
		if slug, err = taskSlug(ctx, tx, c.Document, c.Goal.Number, c.Area.Number, number); err != nil {
			return err
		}
		c.Task.Slug = slug
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO strategy_task (area_id, number, slug, title, years, source)
			VALUES ($1, $2, $3, $4, $5, 'staff') RETURNING id`, areaID, number, slug, title, years).Scan(&id); err != nil {
			return fmt.Errorf("create task: %w", err)
		}
		return taskRevision(ctx, tx, id, 1, "create", c, by)
	})
	return slug, err
}

// NextTaskNumber is the number after the highest task of the area
// (trashed ones included).
func (s *Store) NextTaskNumber(ctx context.Context, areaID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(number), 0) + 1 FROM strategy_task WHERE area_id = $1`, areaID).Scan(&n)
	return n, err
}

// taskSlug is the address of a new task: "ii-9-2" from the goal, area and
// task numbers, as the importer has always made it; when another
// document's task has it already, the document's name goes in front
// ("strategia-2030-ii-9-2", directory.Slugify), and a number after that
// if still taken. Addresses never change once given, also when a goal or
// area is renumbered.
func taskSlug(ctx context.Context, tx pgx.Tx, document, goal string, area, task int) (string, error) {
	base := strategy.Slug(goal, area, task)
	candidates := []string{base, directory.Slugify(document) + "-" + base}
	for i := 2; i < 100; i++ {
		candidates = append(candidates, candidates[1]+"-"+strconv.Itoa(i))
	}
	for _, c := range candidates {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM strategy_task WHERE slug = $1)`, c).Scan(&taken); err != nil {
			return "", fmt.Errorf("task address: %w", err)
		}
		if !taken {
			return c, nil
		}
	}
	return "", fault.New(fault.Conflict, "nie ma wolnego adresu dla zadania %s", base)
}

// taskRevision records card as the task's revision at version and audits
// it as "strategy_<action>" when a person made the change.
func taskRevision(ctx context.Context, tx pgx.Tx, taskID int64, version int, action string, c *strategy.Card, by accounts.Audit) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revision (entity, entity_id, version, action, actor_id, actor_email, snapshot)
		VALUES ('strategy_task', $1, $2, $3, $4, $5, $6)`, strconv.FormatInt(taskID, 10), version, action, actor, by.ActorEmail, body); err != nil {
		return fmt.Errorf("revision of task %s: %w", c.Task.Slug, err)
	}
	by.Kind, by.Target, by.Detail = "strategy_"+action, c.Task.Slug, map[string]any{"version": version}
	return audit(ctx, tx, by)
}

// DeleteTask moves the task with slug to the trash, if it is still at
// version (else a fault.Conflict): it leaves the public pages and the
// admin list, and keeps its history. An unknown or trashed task is a
// fault.NotFound.
func (s *Store) DeleteTask(ctx context.Context, slug string, version int, by accounts.Audit) error {
	return s.setTaskDeleted(ctx, slug, &version, true, by)
}

// UndeleteTask takes the task with slug out of the trash.
func (s *Store) UndeleteTask(ctx context.Context, slug string, by accounts.Audit) error {
	return s.setTaskDeleted(ctx, slug, nil, false, by)
}

func (s *Store) setTaskDeleted(ctx context.Context, slug string, version *int, deleted bool, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var current int
		err := tx.QueryRow(ctx, `SELECT id, version FROM strategy_task WHERE slug = $1 AND (deleted_at IS NOT NULL) = $2
			FOR UPDATE`, slug, !deleted).Scan(&id, &current)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma zadania %q", slug)
		}
		if err != nil {
			return fmt.Errorf("lock task: %w", err)
		}
		if version != nil && *version != current {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił to zadanie w międzyczasie"}
		}
		// The task row is locked, so its card read now is the one this
		// revision records.
		cards, err := loadCardsFrom(ctx, tx, slug, cardsAll, nil)
		if err != nil {
			return err
		}
		if len(cards) == 0 {
			return fault.New(fault.NotFound, "nie ma zadania %q", slug)
		}
		if err := tx.QueryRow(ctx, `UPDATE strategy_task SET deleted_at = CASE WHEN $2 THEN now() END,
			version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`, id, deleted).Scan(&current); err != nil {
			return fmt.Errorf("trash task: %w", err)
		}
		action := "undelete"
		if deleted {
			action = "delete"
		}
		return taskRevision(ctx, tx, id, current, action, cards[0], by)
	})
}

// TrashedTask is a task in the trash.
type TrashedTask struct {
	Slug, Number, Title string
	DeletedAt           time.Time
}

// TaskTrash lists the tasks in the trash, most recently deleted first.
func (s *Store) TaskTrash(ctx context.Context) ([]TrashedTask, error) {
	rows, _ := s.pool.Query(ctx, `SELECT t.slug, g.number || '.' || a.number || '.' || t.number, t.title, t.deleted_at
		FROM strategy_task t JOIN strategy_area a ON a.id = t.area_id JOIN strategy_goal g ON g.id = a.goal_id
		WHERE t.deleted_at IS NOT NULL ORDER BY t.deleted_at DESC, t.id`)
	return pgx.CollectRows(rows, pgx.RowToStructByPos[TrashedTask])
}

// EmptyTaskTrash deletes the tasks in the trash for good (an
// administrator's decision); their revisions stay. It returns how many.
func (s *Store) EmptyTaskTrash(ctx context.Context, by accounts.Audit) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM strategy_task WHERE deleted_at IS NOT NULL`)
		if err != nil {
			return fmt.Errorf("empty the task trash: %w", err)
		}
		n = tag.RowsAffected()
		by.Kind, by.Target, by.Detail = accounts.AuditStrategyTrashEmptied, "", map[string]any{"count": n}
		return audit(ctx, tx, by)
	})
	return n, err
}
