package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// StrategyEditing is what the admin area needs to edit the strategy.
type StrategyEditing interface {
	UpdateTask(ctx context.Context, c, was *strategy.Card, version int, action string, by accounts.Audit) error
	TaskRevisions(ctx context.Context, slug string) ([]store.TaskRevision, error)
	TaskVersion(ctx context.Context, slug string) (int, error)
	StrategyAdmin
}

func (s *Server) adminTasks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cards, retired, byStaff, err := s.StrategyEditing.StaffCards(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	sort, area := r.URL.Query().Get("sort"), r.URL.Query().Get("obszar")
	p := admin.TaskListPage{Head: components.Head{Title: i18n.T(ctx, "tasks_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Query: q, Sort: sort, Area: area}
	for _, c := range cards {
		key := c.Goal.Number + "-" + strconv.Itoa(c.Area.Number)
		if len(p.Areas) == 0 || p.Areas[len(p.Areas)-1].Key != key {
			p.Areas = append(p.Areas, admin.AreaOption{Key: key, Name: c.Goal.Number + "." + strconv.Itoa(c.Area.Number) + " " + c.Area.Name})
		}
		if q != "" && !strings.Contains(directory.Fold(c.Task.Title), directory.Fold(q)) || area != "" && area != key {
			continue
		}
		p.Rows = append(p.Rows, admin.TaskRow{Slug: c.Task.Slug, Title: c.Task.Title,
			Area: strconv.Itoa(c.Area.Number) + ". " + c.Area.Name, Progress: c.Task.Progress(),
			Retired: retired[c.Task.Slug], ByStaff: byStaff[c.Task.Slug]})
	}
	switch sort {
	case "tytul":
		slices.SortStableFunc(p.Rows, func(a, b admin.TaskRow) int { return strings.Compare(directory.Fold(a.Title), directory.Fold(b.Title)) })
	case "postep": // furthest behind plan first
		slices.SortStableFunc(p.Rows, func(a, b admin.TaskRow) int {
			return (a.Progress.Actual - a.Progress.Planned) - (b.Progress.Actual - b.Progress.Planned)
		})
	}
	s.render(w, r, http.StatusOK, admin.TaskList(p))
}

func (s *Server) taskForm(w http.ResponseWriter, r *http.Request, status int, p admin.TaskFormPage) {
	p.Head = components.Head{Title: i18n.T(r.Context(), "task_page_title", map[string]string{"Number": p.Card.Number()}) + ": " + p.Card.Task.Title, NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(r.Context()))
	s.render(w, r, status, admin.TaskForm(p))
}

func (s *Server) editTaskForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	c, err := s.StrategyEditing.StaffCard(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.StrategyEditing.TaskVersion(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.taskForm(w, r, http.StatusOK, admin.TaskFormPage{Card: c, Was: c, Version: v, Notice: strategyNotice(r.URL.Query().Get("info"))})
}

// updateTask saves a task card if nobody changed it since the form was
// opened; else it comes back with this person's input and what changed.
func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	stored, err := s.StrategyEditing.StaffCard(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	c, errs := parseTaskForm(r.PostForm, stored)
	for i, p := range c.Task.Partners {
		if p.Organisation == "" {
			continue
		}
		if _, err := s.Directory.Organisation(ctx, p.Organisation); err != nil {
			if errs == nil {
				errs = strategy.FieldErrors{}
			}
			errs["partners."+strconv.Itoa(i)+".organisation"] = "err_unknown_organisation"
		}
	}
	// What the form was loaded with, for the texts shared with other tasks.
	was, wasErrs := parseWas(r.PostForm, stored)
	for k, v := range wasErrs {
		if errs == nil {
			errs = strategy.FieldErrors{}
		}
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	page := admin.TaskFormPage{Card: c, Was: was, Version: version, Errors: errs}
	if errs != nil {
		s.taskForm(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	err = s.StrategyEditing.UpdateTask(ctx, c, was, version, "update", s.by(r))
	if err == nil {
		s.forgetPartners()
	}
	if fault.Is(err, fault.Conflict) {
		current, cerr := s.StrategyEditing.TaskVersion(ctx, slug)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		// What others changed: in the task since its version, and in the
		// shared goal and area since the form was loaded.
		page.Conflict = s.taskChangedSince(ctx, slug, version, stored)
		shared := *stored
		shared.Goal, shared.Area = was.Goal, was.Area
		for _, ch := range strategy.Diff(&shared, stored) {
			if strings.HasPrefix(ch.Field, "goal.") || strings.HasPrefix(ch.Field, "area.") {
				page.Conflict = append(page.Conflict, ch)
			}
		}
		page.Version, page.Was = current, stored
		s.taskForm(w, r, http.StatusConflict, page)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/strategia/"+slug+"?info=zapisano", http.StatusSeeOther)
}

func (s *Server) taskChangedSince(ctx context.Context, slug string, version int, current *strategy.Card) []strategy.Change {
	revs, err := s.StrategyEditing.TaskRevisions(ctx, slug)
	if err != nil {
		return nil
	}
	for _, rev := range revs {
		if rev.Version == version {
			return strategy.Diff(rev.Card, current)
		}
	}
	return nil
}

func (s *Server) taskHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	c, err := s.StrategyEditing.StaffCard(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	revs, err := s.StrategyEditing.TaskRevisions(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.StrategyEditing.TaskVersion(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.HistoryPage{Head: components.Head{Title: i18n.T(ctx, "history_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Title: c.Task.Title, BackURL: "/admin/strategia/" + slug, Version: v}
	for i, rev := range revs {
		var before *strategy.Card
		if i+1 < len(revs) {
			before = revs[i+1].Card
		}
		p.Entries = append(p.Entries, admin.HistoryEntry{ID: rev.ID, Action: rev.Action,
			At: rev.At, Actor: rev.ActorEmail,
			Changes: admin.TaskChanges(strategy.Diff(before, rev.Card)), Current: i == 0})
	}
	s.render(w, r, http.StatusOK, admin.History(p))
}

func (s *Server) restoreTask(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	id, err := strconv.ParseInt(chi.URLParam(r, "rev"), 10, 64)
	if err != nil {
		s.fail(w, r, fault.New(fault.NotFound, "no such revision"))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	revs, err := s.StrategyEditing.TaskRevisions(ctx, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, rev := range revs {
		if rev.ID == id {
			rev.Card.Task.Slug = slug
			if err := s.StrategyEditing.UpdateTask(ctx, rev.Card, nil, version, "restore", s.by(r)); err != nil {
				s.fail(w, r, err)
				return
			}
			s.forgetPartners()
			http.Redirect(w, r, "/admin/strategia/"+slug+"?info=przywrocono", http.StatusSeeOther)
			return
		}
	}
	s.fail(w, r, fault.New(fault.NotFound, "no such revision"))
}
