package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Publishing is what the admin area needs to publish the directory.
type Publishing interface {
	Publish(ctx context.Context, note string, by accounts.Audit) (directory.Publication, error)
	Rollback(ctx context.Context, number int, note string, by accounts.Audit) (directory.Publication, error)
	Publications(ctx context.Context, limit int) ([]directory.Publication, error)
	Publication(ctx context.Context, number int) (directory.Publication, error)
	PendingChanges(ctx context.Context) (directory.Publication, error)
	// RollbackPreview is publication number with what making it current
	// again would change against the current one.
	RollbackPreview(ctx context.Context, number int) (directory.Publication, error)
	// Pin keeps a publication's copy whatever its age (or no longer).
	Pin(ctx context.Context, number int, pinned bool, by accounts.Audit) error
}

func (s *Server) publications(w http.ResponseWriter, r *http.Request) {
	s.publicationsPage(w, r, http.StatusOK, "", "", "")
}

// publicationsPage shows the publications and what the next one would
// change, with the publish form holding note and its error msg, and
// failure (a catalogue key) on top when an action was refused.
func (s *Server) publicationsPage(w http.ResponseWriter, r *http.Request, status int, note, msg, failure string) {
	s.renderPublications(w, r, status, admin.PublicationsPage{Note: note, NoteError: msg, Error: failure})
}

// publicationsPageEmpty refuses to publish an empty working copy without
// the box confirming it, the note kept.
func (s *Server) publicationsPageEmpty(w http.ResponseWriter, r *http.Request, note string) {
	s.renderPublications(w, r, http.StatusUnprocessableEntity, admin.PublicationsPage{Note: note, EmptyError: "pub_publish_empty_required"})
}

// renderPublications fills p with the publications and what the next one
// would change, and renders it.
func (s *Server) renderPublications(w http.ResponseWriter, r *http.Request, status int, p admin.PublicationsPage) {
	ctx := r.Context()
	pubs, err := s.Publishing.Publications(ctx, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pending, err := s.Publishing.PendingChanges(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	texts, err := s.SiteTexts.SiteTexts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Head = components.Head{Title: i18n.T(ctx, "pub_title"), NoIndex: true, Section: "admin"}
	p.Staff, p.Publications, p.Pending = staffProps(staffFrom(ctx)), pubs, pending
	p.Notice, p.PreviewURL = publicationNotice(r.URL.Query().Get("info")), previewPath
	p.EmptyTicked = r.Method == http.MethodPost && r.PostFormValue("pusty") == yes
	p.MissingTexts = texts.Texts.Missing()
	s.render(w, r, status, admin.Publications(p))
}

func publicationNotice(code string) string {
	switch code {
	case "opublikowano", "przywrocono", "przypieto", "odpieto":
		return "pub_notice_" + code
	}
	return ""
}

func (s *Server) publication(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, ok := publicationNumber(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pub, err := s.Publishing.Publication(ctx, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, admin.PublicationDetail(admin.PublicationPage{
		Head:  components.Head{Title: i18n.T(ctx, "pub_number", pub.Number), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Publication: pub,
	}))
}

// publicationNumber is the publication named in the path ({n}).
func publicationNumber(r *http.Request) (int, bool) {
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	return n, err == nil
}

// maxNote bounds a publication's note.
const maxNote = 500

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	note := strings.TrimSpace(r.PostFormValue("note"))
	if msg := noteError(note); msg != "" {
		s.publicationsPage(w, r, http.StatusUnprocessableEntity, note, msg, "")
		return
	}
	// Publishing an empty working copy empties the public directory: only
	// with the box that says so ticked. (The count is the working copy's
	// a moment before publishing; a directory emptied in between by
	// another person is the one case this does not catch.)
	if r.PostFormValue("pusty") != yes {
		pending, err := s.Publishing.PendingChanges(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if pending.Organisations == 0 {
			s.publicationsPageEmpty(w, r, note)
			return
		}
	}
	if _, err := s.Publishing.Publish(ctx, note, s.by(r)); err != nil {
		if key := refusal(err); key != "" {
			// The note is kept: publishing again is one click.
			s.publicationsPage(w, r, http.StatusConflict, note, "", key)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.refresh(ctx)
	http.Redirect(w, r, "/admin/publikacje?info=opublikowano", http.StatusSeeOther)
}

func noteError(note string) string {
	return directory.CheckText(note, true, maxNote, true)
}

// rollbackForm asks the administrator to confirm a rollback, showing what
// it would change against the current publication.
func (s *Server) rollbackForm(w http.ResponseWriter, r *http.Request) {
	s.rollbackPage(w, r, http.StatusOK, "")
}

// rollbackPage renders the confirmation of a rollback, with emptyError
// (a catalogue key) at the box that confirms an empty directory.
func (s *Server) rollbackPage(w http.ResponseWriter, r *http.Request, status int, emptyError string) {
	ctx := r.Context()
	n, ok := publicationNumber(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pub, err := s.Publishing.RollbackPreview(ctx, n)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			s.notFound(w, r)
			return
		}
		if key := refusal(err); key != "" {
			s.publicationsPage(w, r, http.StatusConflict, "", "", key)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, admin.RollbackConfirm(admin.RollbackPage{
		Head:  components.Head{Title: i18n.T(ctx, "pub_rollback_confirm_title", pub.Number), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Publication: pub, EmptyError: emptyError,
	}))
}

// rollback makes an earlier publication current again once the
// administrator confirmed it on rollbackForm's page (the field
// potwierdzenie); one with no organisations only with the box that says
// the public directory will be empty (pusty). Anything less shows the
// confirmation again and changes nothing.
func (s *Server) rollback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, ok := publicationNumber(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if r.PostFormValue("potwierdzenie") != yes {
		s.rollbackPage(w, r, http.StatusOK, "")
		return
	}
	target, err := s.Publishing.Publication(ctx, n)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			s.notFound(w, r)
			return
		}
		s.fail(w, r, err)
		return
	}
	// A publication never changes once made, so its count read here is
	// the count the rollback shows.
	if target.Organisations == 0 && r.PostFormValue("pusty") != yes {
		s.rollbackPage(w, r, http.StatusUnprocessableEntity, "pub_rollback_empty_required")
		return
	}
	note := i18n.T(ctx, "pub_rollback_note", n)
	if _, err := s.Publishing.Rollback(ctx, n, note, s.by(r)); err != nil {
		if fault.Is(err, fault.NotFound) {
			s.notFound(w, r)
			return
		}
		if key := refusal(err); key != "" {
			s.publicationsPage(w, r, http.StatusConflict, "", "", key)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.refresh(ctx)
	http.Redirect(w, r, "/admin/publikacje?info=przywrocono", http.StatusSeeOther)
}

// pinPublication pins (…/przypnij) or unpins (…/odepnij) a publication:
// a pinned one keeps its copy, so it can be made current again, whatever
// its age.
func (s *Server) pinPublication(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, ok := publicationNumber(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pin := strings.HasSuffix(r.URL.Path, "/przypnij")
	if err := s.Publishing.Pin(ctx, n, pin, s.by(r)); err != nil {
		if fault.Is(err, fault.NotFound) {
			s.notFound(w, r)
			return
		}
		if key := refusal(err); key != "" {
			s.publicationsPage(w, r, http.StatusConflict, "", "", key)
			return
		}
		s.fail(w, r, err)
		return
	}
	info := "przypieto"
	if !pin {
		info = "odpieto"
	}
	http.Redirect(w, r, "/admin/publikacje?info="+info, http.StatusSeeOther)
}

// refusal is the message (a catalogue key) of a publishing action refused
// for a reason the administrator can act on, or "".
func refusal(err error) string {
	switch {
	case errors.Is(err, store.ErrPublishing):
		return "pub_err_busy"
	case errors.Is(err, store.ErrPruned):
		return "pub_err_pruned"
	case errors.Is(err, store.ErrSiteTextsMissing):
		return "pub_err_site_texts"
	}
	return ""
}
