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
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/strategy"
)

// The monitoring cycle (issue 15): periods, reports, responsibility,
// targets, reminders. See migrations/00016_monitoring.sql for the shape.

// PeriodInfo is a reporting period as staff see it.
type PeriodInfo struct {
	Period   strategy.Period
	OpenedAt time.Time
	ClosedAt *time.Time
	Version  int
	// Drafts and Confirmed count the period's reports.
	Drafts, Confirmed int
}

// Closed reports whether the period is closed (its snapshot frozen).
func (p PeriodInfo) Closed() bool { return p.ClosedAt != nil }

// OpenPeriod opens a reporting period; one already there is a
// fault.Conflict.
func (s *Store) OpenPeriod(ctx context.Context, p strategy.Period, by accounts.Audit) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO monitoring_period (code, starts_on, ends_on) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO NOTHING RETURNING id`, p.String(), p.Start(), p.End()).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return &fault.Error{Code: fault.Conflict, Message: "okres " + p.String() + " już istnieje"}
		}
		if err != nil {
			return fmt.Errorf("open period: %w", err)
		}
		if err := revise(ctx, tx, "monitoring_period", id, 1, "create", by, map[string]any{"period": p.String()}, ""); err != nil {
			return err
		}
		by.Kind, by.Target, by.Detail = accounts.AuditMonitoringPeriodOpen, p.String(), nil
		return audit(ctx, tx, by)
	})
}

// revise writes a revision of a monitoring record.
func revise(ctx context.Context, tx pgx.Tx, entity string, id int64, version int, action string, by accounts.Audit, snapshot any, note string) error {
	body, err := json.Marshal(snapshot)
	if err != nil {
		return err
	}
	var actor *int64
	if by.ActorID != 0 {
		actor = &by.ActorID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revision (entity, entity_id, version, action, actor_id, actor_email, snapshot, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, entity, strconv.FormatInt(id, 10), version, action, actor, by.ActorEmail, body, note); err != nil {
		return fmt.Errorf("revision of %s %d: %w", entity, id, err)
	}
	return nil
}

const periodColumns = `p.code, p.opened_at, p.closed_at, p.version,
	(SELECT count(*) FILTER (WHERE confirmed_at IS NULL) FROM monitoring_report r WHERE r.period_id = p.id),
	(SELECT count(*) FILTER (WHERE confirmed_at IS NOT NULL) FROM monitoring_report r WHERE r.period_id = p.id)`

func scanPeriod(r pgx.CollectableRow) (PeriodInfo, error) {
	var p PeriodInfo
	var code string
	if err := r.Scan(&code, &p.OpenedAt, &p.ClosedAt, &p.Version, &p.Drafts, &p.Confirmed); err != nil {
		return p, err
	}
	p.Period, _ = strategy.ParsePeriod(code)
	return p, nil
}

// Periods lists the reporting periods, the latest ending first (a year
// before its second half).
func (s *Store) Periods(ctx context.Context) ([]PeriodInfo, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+periodColumns+` FROM monitoring_period p ORDER BY p.ends_on DESC, p.starts_on`)
	return pgx.CollectRows(rows, scanPeriod)
}

// PeriodInfo returns the period with code; an unknown one is a
// fault.NotFound.
func (s *Store) PeriodInfo(ctx context.Context, code string) (PeriodInfo, error) {
	rows, _ := s.pool.Query(ctx, `SELECT `+periodColumns+` FROM monitoring_period p WHERE p.code = $1`, code)
	p, err := pgx.CollectExactlyOneRow(rows, scanPeriod)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, fault.New(fault.NotFound, "nie ma okresu %q", code)
	}
	return p, err
}

// Report returns the report of the task with slug in the period with
// code; a report not written yet comes back empty with version 0.
func (s *Store) Report(ctx context.Context, code, slug string) (*strategy.Report, error) {
	reports, err := s.reports(ctx, code, slug)
	if err != nil {
		return nil, err
	}
	if r, ok := reports[slug]; ok {
		return r, nil
	}
	return &strategy.Report{Period: code, Task: slug, Stages: []*int{}, Values: []string{}, Spending: []strategy.Spending{}}, nil
}

// PeriodReports returns the reports of a period (drafts included) by the
// task's slug.
func (s *Store) PeriodReports(ctx context.Context, code string) (map[string]*strategy.Report, error) {
	return s.reports(ctx, code, "")
}

func (s *Store) reports(ctx context.Context, code, slug string) (map[string]*strategy.Report, error) {
	rows, _ := s.pool.Query(ctx, `SELECT r.id, t.slug, r.status, r.done, r.blockers, r.stages, r.confirmed_at,
			r.updated_at, r.updated_by, r.version,
			coalesce((SELECT array_agg(coalesce(v.value::text, '') ORDER BY i) FROM generate_series(0,
				coalesce((SELECT max(indicator) FROM monitoring_report_value WHERE report_id = r.id), -1)) i
				LEFT JOIN monitoring_report_value v ON v.report_id = r.id AND v.indicator = i), '{}')
		FROM monitoring_report r JOIN monitoring_period p ON p.id = r.period_id JOIN strategy_task t ON t.id = r.task_id
		WHERE p.code = $1 AND ($2 = '' OR t.slug = $2)`, code, slug)
	out := map[string]*strategy.Report{}
	byID := map[int64]*strategy.Report{}
	var id int64
	var stages []byte
	var r strategy.Report
	if _, err := pgx.ForEachRow(rows, []any{&id, &r.Task, &r.Status, &r.Done, &r.Blockers, &stages, &r.ConfirmedAt,
		&r.UpdatedAt, &r.UpdatedBy, &r.Version, &r.Values}, func() error {
		rep := r
		rep.Period, rep.Confirmed, rep.Spending = code, r.ConfirmedAt != nil, []strategy.Spending{}
		if err := json.Unmarshal(stages, &rep.Stages); err != nil {
			return err
		}
		out[rep.Task], byID[id] = &rep, &rep
		return nil
	}); err != nil {
		return nil, fmt.Errorf("reports of %s: %w", code, err)
	}
	if len(byID) == 0 {
		return out, nil
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	rows, _ = s.pool.Query(ctx, `SELECT report_id, source, amount::text FROM monitoring_report_spending
		WHERE report_id = ANY($1) ORDER BY report_id, position`, ids)
	var sp strategy.Spending
	if _, err := pgx.ForEachRow(rows, []any{&id, &sp.Source, &sp.Amount}, func() error {
		byID[id].Spending = append(byID[id].Spending, sp)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("spending of %s: %w", code, err)
	}
	return out, nil
}

// SaveReport writes the report r (r.Period and r.Task name it) if it is
// still at version (0: not written yet); else it is a fault.Conflict and
// nothing is written. With confirm the report becomes final. In an open
// period a confirmed report cannot change. In a closed period only a
// confirmed correction with a reason is taken: the snapshot stays as it
// was closed and the correction is recorded beside it, public. Every save
// writes a revision and an audit entry.
func (s *Store) SaveReport(ctx context.Context, r *strategy.Report, version int, confirm bool, reason string, by accounts.Audit) error {
	card, err := s.StrategyCard(ctx, r.Task)
	if err != nil {
		return err
	}
	if errs := r.Validate(&card.Task); errs != nil {
		return &fault.Error{Code: fault.Invalid, Message: "raport jest niepoprawny"}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var periodID, taskID int64
		var closed bool
		err := tx.QueryRow(ctx, `SELECT p.id, p.closed_at IS NOT NULL, t.id FROM monitoring_period p, strategy_task t
			WHERE p.code = $1 AND t.slug = $2 FOR SHARE OF p`, r.Period, r.Task).Scan(&periodID, &closed, &taskID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma okresu %q lub zadania %q", r.Period, r.Task)
		}
		if err != nil {
			return fmt.Errorf("period: %w", err)
		}
		var reportID int64
		var current int
		var wasConfirmed bool
		err = tx.QueryRow(ctx, `SELECT id, version, confirmed_at IS NOT NULL FROM monitoring_report
			WHERE period_id = $1 AND task_id = $2 FOR UPDATE`, periodID, taskID).Scan(&reportID, &current, &wasConfirmed)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("lock report: %w", err)
		}
		if current != version {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił ten raport w międzyczasie"}
		}
		note := ""
		switch {
		case closed && reason == "":
			return &fault.Error{Code: fault.Invalid, Message: "korekta po zamknięciu okresu wymaga powodu"}
		case closed:
			confirm, note = true, "korekta: "+reason
		case wasConfirmed:
			return &fault.Error{Code: fault.Conflict, Message: "raport jest już zatwierdzony"}
		case confirm:
			note = "zatwierdzenie"
		}
		stages, err := json.Marshal(r.Stages)
		if err != nil {
			return err
		}
		action := "update"
		if reportID == 0 {
			action = "create"
			err = tx.QueryRow(ctx, `INSERT INTO monitoring_report (period_id, task_id, status, done, blockers, stages, updated_by,
				confirmed_at, confirmed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END, CASE WHEN $8 THEN $7 ELSE '' END)
				RETURNING id, version`, periodID, taskID, r.Status, r.Done, r.Blockers, stages, by.ActorEmail, confirm).Scan(&reportID, &current)
		} else {
			err = tx.QueryRow(ctx, `UPDATE monitoring_report SET status = $2, done = $3, blockers = $4, stages = $5,
				updated_by = $6, updated_at = now(), version = version + 1,
				confirmed_at = CASE WHEN $7 THEN now() ELSE confirmed_at END,
				confirmed_by = CASE WHEN $7 THEN $6 ELSE confirmed_by END
				WHERE id = $1 RETURNING version`, reportID, r.Status, r.Done, r.Blockers, stages, by.ActorEmail, confirm).Scan(&current)
		}
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM monitoring_report_value WHERE report_id = $1`, reportID); err != nil {
			return err
		}
		for i, v := range r.Values {
			if v == "" {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO monitoring_report_value (report_id, indicator, value) VALUES ($1, $2, $3::numeric)`,
				reportID, i, v); err != nil {
				return fmt.Errorf("indicator %d: %w", i, err)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM monitoring_report_spending WHERE report_id = $1`, reportID); err != nil {
			return err
		}
		for i, sp := range r.Spending {
			if _, err := tx.Exec(ctx, `INSERT INTO monitoring_report_spending (report_id, position, source, amount)
				VALUES ($1, $2, $3, $4::numeric)`, reportID, i, sp.Source, sp.Amount); err != nil {
				return fmt.Errorf("spending %d: %w", i, err)
			}
		}
		r.Version, r.Confirmed = current, confirm || wasConfirmed
		if err := revise(ctx, tx, "monitoring_report", reportID, current, action, by, r, note); err != nil {
			return err
		}
		kind := accounts.AuditMonitoringReportSave
		switch {
		case closed:
			kind = accounts.AuditMonitoringReportCorrect
			tasks, err := snapshotTasks(ctx, tx, nil, map[string]*strategy.Report{r.Task: r}, r.Period, card)
			if err != nil {
				return err
			}
			// A correction changes what was reported, not what was aimed
			// at: the targets and the unit stay those frozen at closing.
			var frozen []byte
			err = tx.QueryRow(ctx, `SELECT e FROM monitoring_period p, jsonb_array_elements(p.snapshot->'tasks') e
				WHERE p.id = $1 AND e->>'slug' = $2`, periodID, r.Task).Scan(&frozen)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("frozen entry: %w", err)
			}
			if frozen != nil {
				var was strategy.SnapshotTask
				if err := json.Unmarshal(frozen, &was); err != nil {
					return fmt.Errorf("frozen entry: %w", err)
				}
				tasks[0].Unit = was.Unit
				for i := range tasks[0].Values {
					v := &tasks[0].Values[i]
					if i < len(was.Values) && was.Values[i].Name == v.Name {
						v.Target, v.Baseline = was.Values[i].Target, was.Values[i].Baseline
						v.Share, _ = strategy.Share(v.Value, v.Target)
					}
				}
			}
			body, err := json.Marshal(tasks[0])
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO monitoring_correction (period_id, task_id, reason, report) VALUES ($1, $2, $3, $4)`,
				periodID, taskID, reason, body); err != nil {
				return fmt.Errorf("correction: %w", err)
			}
		case confirm:
			kind = accounts.AuditMonitoringReportConfirm
		}
		by.Kind, by.Target, by.Detail = kind, r.Period+" "+r.Task, map[string]any{"version": current}
		return audit(ctx, tx, by)
	})
}

// snapshotTasks builds the snapshot entries of cards (or of the one card
// only) for the period with code, from the confirmed reports, the targets
// and the units as tx sees them.
func snapshotTasks(ctx context.Context, tx pgx.Tx, cards []*strategy.Card, reports map[string]*strategy.Report, code string, only *strategy.Card) ([]strategy.SnapshotTask, error) {
	p, ok := strategy.ParsePeriod(code)
	if !ok {
		return nil, fmt.Errorf("period code %q", code)
	}
	if only != nil {
		cards = []*strategy.Card{only}
	}
	targets, err := loadTargets(ctx, tx, "")
	if err != nil {
		return nil, err
	}
	units := map[string]string{}
	rows, _ := tx.Query(ctx, `SELECT t.slug, r.unit FROM monitoring_responsibility r JOIN strategy_task t ON t.id = r.task_id`)
	var slug, unit string
	if _, err := pgx.ForEachRow(rows, []any{&slug, &unit}, func() error { units[slug] = unit; return nil }); err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	out := make([]strategy.SnapshotTask, 0, len(cards))
	for _, c := range cards {
		out = append(out, strategy.SnapshotTaskOf(p, c, reports[c.Task.Slug], targets[c.Task.Slug], units[c.Task.Slug]))
	}
	return out, nil
}

// ClosePeriod closes the period with code if it is still at version:
// it freezes the snapshot of every task (confirmed reports only; drafts
// stay private and are left out) and stores the council report that
// render makes of it. Both never change afterwards.
func (s *Store) ClosePeriod(ctx context.Context, code string, version int, now time.Time, render func(*strategy.Snapshot) ([]byte, error), by accounts.Audit) error {
	cards, err := s.StrategyCards(ctx)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		var current int
		var closed bool
		err := tx.QueryRow(ctx, `SELECT id, version, closed_at IS NOT NULL FROM monitoring_period WHERE code = $1 FOR UPDATE`, code).Scan(&id, &current, &closed)
		if errors.Is(err, pgx.ErrNoRows) {
			return fault.New(fault.NotFound, "nie ma okresu %q", code)
		}
		if err != nil {
			return fmt.Errorf("lock period: %w", err)
		}
		if current != version || closed {
			return &fault.Error{Code: fault.Conflict, Message: "okres został już zamknięty lub zmieniony"}
		}
		// The period's lock waited for the reports being saved (they hold
		// it shared) and holds off new ones, so the reports read now,
		// committed, are what is frozen.
		all, err := s.PeriodReports(ctx, code)
		if err != nil {
			return err
		}
		tasks, err := snapshotTasks(ctx, tx, cards, all, code, nil)
		if err != nil {
			return err
		}
		snap := &strategy.Snapshot{Period: code, ClosedAt: now.UTC().Truncate(time.Second), Tasks: tasks}
		pdf, err := render(snap)
		if err != nil {
			return fmt.Errorf("council report: %w", err)
		}
		body, err := json.Marshal(snap)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE monitoring_period SET closed_at = $2, snapshot = $3, report_pdf = $4, version = version + 1
			WHERE id = $1`, id, snap.ClosedAt, body, pdf); err != nil {
			return fmt.Errorf("close period: %w", err)
		}
		if err := revise(ctx, tx, "monitoring_period", id, current+1, "update", by, snap, "zamknięcie okresu"); err != nil {
			return err
		}
		by.Kind, by.Target, by.Detail = accounts.AuditMonitoringPeriodClose, code, map[string]any{"version": current + 1}
		return audit(ctx, tx, by)
	})
}

// Correction is a change of a task's entry after its period was closed.
type Correction struct {
	Slug   string
	At     time.Time
	Reason string
	Entry  strategy.SnapshotTask
}

// ClosedPeriod returns the frozen snapshot of the closed period with code
// and the corrections made since, oldest first. A period that is not
// there or not closed is a fault.NotFound.
func (s *Store) ClosedPeriod(ctx context.Context, code string) (*strategy.Snapshot, []Correction, error) {
	var body []byte
	err := s.pool.QueryRow(ctx, `SELECT snapshot FROM monitoring_period WHERE code = $1 AND closed_at IS NOT NULL`, code).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, fault.New(fault.NotFound, "okres %q nie jest zamknięty", code)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot %s: %w", code, err)
	}
	snap := &strategy.Snapshot{}
	if err := json.Unmarshal(body, snap); err != nil {
		return nil, nil, fmt.Errorf("snapshot %s: %w", code, err)
	}
	rows, _ := s.pool.Query(ctx, `SELECT t.slug, c.at, c.reason, c.report FROM monitoring_correction c
		JOIN monitoring_period p ON p.id = c.period_id JOIN strategy_task t ON t.id = c.task_id
		WHERE p.code = $1 ORDER BY c.at, c.id`, code)
	corr, err := pgx.CollectRows(rows, scanCorrection)
	return snap, corr, err
}

func scanCorrection(r pgx.CollectableRow) (Correction, error) {
	var c Correction
	var body []byte
	if err := r.Scan(&c.Slug, &c.At, &c.Reason, &body); err != nil {
		return c, err
	}
	return c, json.Unmarshal(body, &c.Entry)
}

// ClosedCodes lists the codes of the closed periods, the latest ending
// first.
func (s *Store) ClosedCodes(ctx context.Context) ([]string, error) {
	rows, _ := s.pool.Query(ctx, `SELECT code FROM monitoring_period WHERE closed_at IS NOT NULL ORDER BY ends_on DESC, starts_on`)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// PeriodPDF returns the council report of the closed period with code and
// when it was made.
func (s *Store) PeriodPDF(ctx context.Context, code string) ([]byte, time.Time, error) {
	var pdf []byte
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT report_pdf, closed_at FROM monitoring_period WHERE code = $1 AND closed_at IS NOT NULL`, code).Scan(&pdf, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, at, fault.New(fault.NotFound, "okres %q nie jest zamknięty", code)
	}
	return pdf, at, err
}

// TimelineEntry is a task in one closed period, with its corrections.
type TimelineEntry struct {
	Period      string
	ClosedAt    time.Time
	Entry       strategy.SnapshotTask
	Corrections []Correction
}

// TaskTimeline returns the task's entries of the closed periods, the
// latest ending first.
func (s *Store) TaskTimeline(ctx context.Context, slug string) ([]TimelineEntry, error) {
	rows, _ := s.pool.Query(ctx, `SELECT p.code, p.closed_at, e FROM monitoring_period p,
		jsonb_array_elements(p.snapshot->'tasks') e WHERE p.closed_at IS NOT NULL AND e->>'slug' = $1
		ORDER BY p.ends_on DESC, p.starts_on`, slug)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TimelineEntry, error) {
		var e TimelineEntry
		var body []byte
		if err := r.Scan(&e.Period, &e.ClosedAt, &body); err != nil {
			return e, err
		}
		return e, json.Unmarshal(body, &e.Entry)
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	rows, _ = s.pool.Query(ctx, `SELECT p.code, t.slug, c.at, c.reason, c.report FROM monitoring_correction c
		JOIN monitoring_period p ON p.id = c.period_id JOIN strategy_task t ON t.id = c.task_id
		WHERE t.slug = $1 ORDER BY c.at, c.id`, slug)
	var code string
	var c Correction
	var body []byte
	if _, err := pgx.ForEachRow(rows, []any{&code, &c.Slug, &c.At, &c.Reason, &body}, func() error {
		cc := c
		if err := json.Unmarshal(body, &cc.Entry); err != nil {
			return err
		}
		for i := range out {
			if out[i].Period == code {
				out[i].Corrections = append(out[i].Corrections, cc)
			}
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("corrections of %s: %w", slug, err)
	}
	return out, nil
}

// MonitoringSettings are a task's responsibility and its indicators'
// targets, edited together on one form under one version.
type MonitoringSettings struct {
	Responsibility strategy.Responsibility
	Targets        map[int]strategy.Target // by indicator position
}

// TaskSettings returns the monitoring settings of the task with slug
// (Version 0 when none are set).
func (s *Store) TaskSettings(ctx context.Context, slug string) (MonitoringSettings, error) {
	resp, err := s.Responsibility(ctx, slug)
	if err != nil {
		return MonitoringSettings{}, err
	}
	targets, err := loadTargets(ctx, s.pool, slug)
	if err != nil {
		return MonitoringSettings{}, err
	}
	ms := MonitoringSettings{Responsibility: resp, Targets: targets[slug]}
	if ms.Targets == nil {
		ms.Targets = map[int]strategy.Target{}
	}
	return ms, nil
}

// Responsibilities returns who is responsible for each task, by slug.
func (s *Store) Responsibilities(ctx context.Context) (map[string]strategy.Responsibility, error) {
	return s.responsibilities(ctx, "")
}

// Responsibility returns who is responsible for the task with slug (the
// zero Responsibility, Version 0, when nobody is set).
func (s *Store) Responsibility(ctx context.Context, slug string) (strategy.Responsibility, error) {
	one, err := s.responsibilities(ctx, slug)
	return one[slug], err
}

// responsibilities reads the responsibilities, of one task when slug is
// not empty.
func (s *Store) responsibilities(ctx context.Context, slug string) (map[string]strategy.Responsibility, error) {
	rows, _ := s.pool.Query(ctx, `SELECT t.slug, r.unit, coalesce(r.staff_id, 0), coalesce(u.name, ''), coalesce(u.email, ''),
		r.person_name, r.person_email, r.version
		FROM monitoring_responsibility r JOIN strategy_task t ON t.id = r.task_id LEFT JOIN staff_user u ON u.id = r.staff_id
		WHERE $1 = '' OR t.slug = $1`, slug)
	out := map[string]strategy.Responsibility{}
	var key string
	var r strategy.Responsibility
	if _, err := pgx.ForEachRow(rows, []any{&key, &r.Unit, &r.StaffID, &r.StaffName, &r.StaffEmail, &r.PersonName, &r.PersonEmail, &r.Version}, func() error {
		out[key] = r
		return nil
	}); err != nil {
		return nil, fmt.Errorf("responsibilities: %w", err)
	}
	return out, nil
}

// loadTargets reads the targets and baselines, by task slug and indicator
// position (of one task when slug is not empty).
func loadTargets(ctx context.Context, tx querier, slug string) (map[string]map[int]strategy.Target, error) {
	out := map[string]map[int]strategy.Target{}
	get := func(s string, i int) strategy.Target {
		if out[s] == nil {
			out[s] = map[int]strategy.Target{}
		}
		return out[s][i]
	}
	rows, _ := tx.Query(ctx, `SELECT t.slug, b.indicator, b.year, b.value::text FROM monitoring_baseline b
		JOIN strategy_task t ON t.id = b.task_id WHERE $1 = '' OR t.slug = $1`, slug)
	var s string
	var i, year int
	var value string
	if _, err := pgx.ForEachRow(rows, []any{&s, &i, &year, &value}, func() error {
		tg := get(s, i)
		tg.BaselineYear, tg.Baseline = year, value
		out[s][i] = tg
		return nil
	}); err != nil {
		return nil, fmt.Errorf("baselines: %w", err)
	}
	rows, _ = tx.Query(ctx, `SELECT t.slug, g.indicator, g.year, g.value::text FROM monitoring_target g
		JOIN strategy_task t ON t.id = g.task_id WHERE $1 = '' OR t.slug = $1 ORDER BY t.slug, g.indicator, g.year`, slug)
	if _, err := pgx.ForEachRow(rows, []any{&s, &i, &year, &value}, func() error {
		tg := get(s, i)
		tg.Years = append(tg.Years, strategy.IndicatorValue{Year: year, Value: value})
		out[s][i] = tg
		return nil
	}); err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	return out, nil
}

// SaveTaskSettings writes the responsibility and targets of the task with
// slug if they are still at version (0: none set yet); else it is a
// fault.Conflict. A revision and an audit entry go with it.
func (s *Store) SaveTaskSettings(ctx context.Context, slug string, ms MonitoringSettings, version int, by accounts.Audit) error {
	if errs := ms.Responsibility.Validate(); errs != nil {
		return &fault.Error{Code: fault.Invalid, Message: "odpowiedzialność jest niepoprawna"}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var taskID int64
		if err := tx.QueryRow(ctx, `SELECT id FROM strategy_task WHERE slug = $1 FOR UPDATE`, slug).Scan(&taskID); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fault.New(fault.NotFound, "nie ma zadania %q", slug)
			}
			return fmt.Errorf("lock task: %w", err)
		}
		var current int
		err := tx.QueryRow(ctx, `SELECT version FROM monitoring_responsibility WHERE task_id = $1`, taskID).Scan(&current)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if current != version {
			return &fault.Error{Code: fault.Conflict, Message: "ktoś zmienił te ustawienia w międzyczasie"}
		}
		r := ms.Responsibility
		var staff *int64
		if r.StaffID != 0 {
			staff = &r.StaffID
			r.PersonName, r.PersonEmail = "", ""
		}
		if err := tx.QueryRow(ctx, `INSERT INTO monitoring_responsibility (task_id, unit, staff_id, person_name, person_email)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (task_id) DO UPDATE SET unit = EXCLUDED.unit, staff_id = EXCLUDED.staff_id,
			person_name = EXCLUDED.person_name, person_email = EXCLUDED.person_email, version = monitoring_responsibility.version + 1
			RETURNING version`, taskID, r.Unit, staff, r.PersonName, r.PersonEmail).Scan(&current); err != nil {
			if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "23503" {
				return fault.New(fault.Invalid, "nie ma takiego konta")
			}
			return fmt.Errorf("responsibility: %w", err)
		}
		for _, table := range []string{"monitoring_baseline", "monitoring_target"} {
			if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE task_id = $1", taskID); err != nil {
				return err
			}
		}
		for i, tg := range ms.Targets {
			if tg.Baseline != "" {
				if _, err := tx.Exec(ctx, `INSERT INTO monitoring_baseline (task_id, indicator, year, value) VALUES ($1, $2, $3, $4::numeric)`,
					taskID, i, tg.BaselineYear, tg.Baseline); err != nil {
					return fmt.Errorf("baseline %d: %w", i, err)
				}
			}
			for _, y := range tg.Years {
				if _, err := tx.Exec(ctx, `INSERT INTO monitoring_target (task_id, indicator, year, value) VALUES ($1, $2, $3, $4::numeric)`,
					taskID, i, y.Year, y.Value); err != nil {
					return fmt.Errorf("target %d %d: %w", i, y.Year, err)
				}
			}
		}
		if err := revise(ctx, tx, "monitoring_task", taskID, current, "update", by, ms, ""); err != nil {
			return err
		}
		by.Kind, by.Target, by.Detail = accounts.AuditMonitoringSettings, slug, map[string]any{"version": current}
		return audit(ctx, tx, by)
	})
}

// DueReminder is a reminder a task's report needs in an open period.
type DueReminder struct {
	Period strategy.Period
	Slug   string
	Number string
	Title  string
	Kind   strategy.ReminderKind
	Unit   string
	Person string
	Email  string // "" nobody to send to
	// Sent says the reminder went by e-mail already (it is sent once).
	Sent bool
}

// DueReminders lists, for the open periods, every task whose report is
// not confirmed and needs a reminder on day today (see
// strategy.ReminderDue), with whether it was sent.
func (s *Store) DueReminders(ctx context.Context, today time.Time) ([]DueReminder, error) {
	periods, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	cards, err := s.StrategyCards(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := s.Responsibilities(ctx)
	if err != nil {
		return nil, err
	}
	var out []DueReminder
	for _, p := range periods {
		kind, due := strategy.ReminderDue(p.Period, today)
		if p.Closed() || !due {
			continue
		}
		reports, err := s.PeriodReports(ctx, p.Period.String())
		if err != nil {
			return nil, err
		}
		sent := map[string]bool{}
		rows, _ := s.pool.Query(ctx, `SELECT t.slug FROM monitoring_reminder m JOIN monitoring_period p ON p.id = m.period_id
			JOIN strategy_task t ON t.id = m.task_id WHERE p.code = $1 AND m.kind = $2`, p.Period.String(), kind)
		var slug string
		if _, err := pgx.ForEachRow(rows, []any{&slug}, func() error { sent[slug] = true; return nil }); err != nil {
			return nil, fmt.Errorf("reminders sent: %w", err)
		}
		for _, c := range cards {
			if r := reports[c.Task.Slug]; r != nil && r.Confirmed {
				continue
			}
			rs := resp[c.Task.Slug]
			out = append(out, DueReminder{Period: p.Period, Slug: c.Task.Slug, Number: c.Number(), Title: c.Task.Title,
				Kind: kind, Unit: rs.Unit, Person: rs.Person(), Email: rs.Email(), Sent: sent[c.Task.Slug]})
		}
	}
	return out, nil
}

// SendReminder records the reminder d as sent and calls send; when send
// fails nothing is recorded, so the next run tries again. It reports false
// when the reminder was recorded already (by an earlier run or another
// instance at the same time): each is sent once.
func (s *Store) SendReminder(ctx context.Context, d DueReminder, send func() error) (bool, error) {
	var sent bool
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO monitoring_reminder (period_id, task_id, kind, sent_to)
			SELECT p.id, t.id, $3, $4 FROM monitoring_period p, strategy_task t WHERE p.code = $1 AND t.slug = $2
			ON CONFLICT DO NOTHING`, d.Period.String(), d.Slug, d.Kind, d.Email)
		if err != nil {
			return fmt.Errorf("record reminder: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		if err := send(); err != nil {
			return err
		}
		sent = true
		return audit(ctx, tx, accounts.Audit{ActorEmail: "portal", Kind: accounts.AuditMonitoringReminder, Target: d.Period.String() + " " + d.Slug,
			Detail: map[string]any{"kind": string(d.Kind)}})
	})
	return sent, err
}

// SeedPeriods opens and at once closes the year periods of years that are
// not there yet: the bundled cards are history (2009–2013), so their years
// are frozen with what the cards hold for each year (no report was written
// in the portal, and the snapshot says so). It returns the periods made.
func (s *Store) SeedPeriods(ctx context.Context, years []int, now time.Time, render func(*strategy.Snapshot) ([]byte, error)) ([]string, error) {
	by := accounts.Audit{ActorEmail: "portal import-strategy --seed"}
	var made []string
	for _, y := range years {
		p := strategy.Period{Year: y}
		if err := s.OpenPeriod(ctx, p, by); fault.Is(err, fault.Conflict) {
			continue
		} else if err != nil {
			return made, err
		}
		if err := s.ClosePeriod(ctx, p.String(), 1, now, render, by); err != nil {
			return made, err
		}
		made = append(made, p.String())
	}
	return made, nil
}
