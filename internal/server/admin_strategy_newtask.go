package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// A new task starts from its number, title and years; the rest of the
// card (stages, partners, indicators, budget, which need the years as
// columns) is filled in the task's own form, where staff land next.

func (s *Server) newTaskPage(w http.ResponseWriter, r *http.Request, status int, p admin.NewTaskPage) {
	ctx := r.Context()
	area, err := s.StrategyEditing.StrategyPart(ctx, strategy.KindArea, p.AreaID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	goal, err := s.StrategyEditing.StrategyPart(ctx, strategy.KindGoal, area.ParentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Area = i18n.T(ctx, "strategy_goal", map[string]string{"Number": goal.Number}) + " · " +
		i18n.T(ctx, "strategy_area") + " " + area.Number + ": " + area.Name
	p.Head = components.Head{Title: i18n.T(ctx, "task_new"), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(ctx))
	s.render(w, r, status, admin.NewTask(p))
}

func (s *Server) newTaskForm(w http.ResponseWriter, r *http.Request) {
	id, err := partID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.StrategyEditing.NextTaskNumber(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.newTaskPage(w, r, http.StatusOK, admin.NewTaskPage{AreaID: id, Number: strconv.Itoa(n)})
}

// createTask creates the task and opens its card's form.
func (s *Server) createTask(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := partID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	p := admin.NewTaskPage{AreaID: id, Number: r.PostForm.Get("task.number"), Title: r.PostForm.Get("task.title"),
		Years: r.PostForm.Get("task.years")}
	errs := strategy.FieldErrors{}
	number, err := strconv.Atoi(strings.TrimSpace(p.Number))
	if err != nil || number < 1 || number > 999 {
		errs["task.number"] = "err_task_number"
	}
	title := strings.TrimSpace(p.Title)
	if e := directory.CheckText(title, true, 1000, false); e != "" {
		errs["task.title"] = e
	}
	years, ok := parseYears(p.Years)
	if !ok {
		errs["task.years"] = "err_years"
	}
	if len(errs) > 0 {
		p.Errors = errs
		s.newTaskPage(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	slug, err := s.StrategyEditing.CreateTask(ctx, id, number, title, years, s.by(r))
	var taken *store.TakenError
	if errors.As(err, &taken) {
		p.Errors = strategy.FieldErrors{"task.number": "err_task_number_taken"}
		p.TakenBy = taken.Other
		if n, nerr := s.StrategyEditing.NextTaskNumber(ctx, id); nerr == nil {
			p.FreeNext = strconv.Itoa(n)
		}
		s.newTaskPage(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/strategia/"+slug+"?info=dodano", http.StatusSeeOther)
}

// parseYears reads the years of a task as people type them: "2024 2025",
// "2024, 2025" or a range "2024-2030" (also with an en dash); they must
// rise, within 1990–2100, at most 30 of them.
func parseYears(typed string) ([]int, bool) {
	typed = strings.NewReplacer("–", "-", "—", "-", ",", " ", ";", " ").Replace(typed)
	var years []int
	for _, f := range strings.Fields(typed) {
		from, to, isRange := strings.Cut(f, "-")
		a, err := strconv.Atoi(from)
		if err != nil {
			return nil, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(to); err != nil || b < a || b-a >= 30 {
				return nil, false
			}
		}
		for y := a; y <= b; y++ {
			years = append(years, y)
			if len(years) > 30 {
				return nil, false
			}
		}
	}
	c := strategy.Card{Task: strategy.Task{Years: years}}
	if _, bad := c.Validate()["task.years"]; bad {
		return nil, false
	}
	return years, true
}
