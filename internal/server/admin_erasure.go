package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Erasing removes a person's data everywhere (RODO).
type Erasing interface {
	ErasePerson(ctx context.Context, id uuid.UUID, name string, by accounts.Audit) (store.Erased, error)
}

func (s *Server) erasureForm(w http.ResponseWriter, r *http.Request) {
	s.erasurePage(w, r, http.StatusOK, "", "", nil)
}

func (s *Server) erasurePage(w http.ResponseWriter, r *http.Request, status int, name, msg string, done *store.Erased) {
	ctx := r.Context()
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.ErasurePage{
		Head:  components.Head{Title: i18n.T(ctx, "erase_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Org: o, Name: name, Error: msg,
	}
	if done != nil {
		p.Done = true
		p.Counts = map[string]int64{"Working": done.WorkingCopy, "Publications": done.Publications,
			"Revisions": done.Revisions, "Submissions": done.Submissions}
	}
	s.render(w, r, status, admin.Erasure(p))
}

func (s *Server) erasePerson(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	if msg := directory.CheckText(name, true, 200, false); msg != "" {
		s.erasurePage(w, r, http.StatusUnprocessableEntity, name, msg, nil)
		return
	}
	id, err := orgID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.Erasing.ErasePerson(r.Context(), id, name, s.by(r))
	switch {
	case errors.Is(err, store.ErrNoSuchPerson):
		s.erasurePage(w, r, http.StatusUnprocessableEntity, name, "erase_err_nobody", nil)
	case errors.Is(err, store.ErrPublishing):
		s.erasurePage(w, r, http.StatusConflict, name, "pub_err_busy", nil)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.refresh(r.Context())
		// The name is not repeated on the page that confirms its erasure.
		s.erasurePage(w, r, http.StatusOK, "", "", &e)
	}
}
