package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Tasks are deleted into a trash, as organisations are: editors move a
// task there and take it back; only an administrator empties the trash
// for good. The revisions stay in either case.

func (s *Server) deleteTask(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.StrategyEditing.DeleteTask(r.Context(), chi.URLParam(r, "slug"), version, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.forgetPartners()
	http.Redirect(w, r, "/admin/strategia/kosz?info=usunieto", http.StatusSeeOther)
}

func (s *Server) taskTrash(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	items, err := s.StrategyEditing.TaskTrash(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.TaskTrashPage{Head: components.Head{Title: i18n.T(ctx, "task_trash_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Notice: strategyNotice(r.URL.Query().Get("info"))}
	for _, it := range items {
		p.Items = append(p.Items, admin.TaskTrashItem{Slug: it.Slug, Number: it.Number, Title: it.Title, DeletedAt: it.DeletedAt})
	}
	s.render(w, r, http.StatusOK, admin.TaskTrash(p))
}

func (s *Server) undeleteTask(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	if err := s.StrategyEditing.UndeleteTask(r.Context(), slug, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.forgetPartners()
	http.Redirect(w, r, "/admin/strategia/"+slug+"?info=przywrocono", http.StatusSeeOther)
}

func (s *Server) emptyTaskTrash(w http.ResponseWriter, r *http.Request) {
	if _, err := s.StrategyEditing.EmptyTaskTrash(r.Context(), s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/strategia/kosz?info=oprozniono", http.StatusSeeOther)
}
