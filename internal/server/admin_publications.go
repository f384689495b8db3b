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
	s.render(w, r, status, admin.Publications(admin.PublicationsPage{
		Head:  components.Head{Title: i18n.T(ctx, "pub_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Publications: pubs, Pending: pending,
		Notice: publicationNotice(r.URL.Query().Get("info")), PreviewURL: previewPath,
		Note: note, NoteError: msg, Error: failure, MissingTexts: texts.Texts.Missing(),
	}))
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

func (s *Server) rollback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, ok := publicationNumber(r)
	if !ok {
		s.notFound(w, r)
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
