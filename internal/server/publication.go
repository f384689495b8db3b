package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
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
}

// statusWindow is how long a page that says whether an organisation is
// open now may be answered from a cache: a conditional request is
// answered 304 only within the same window.
const statusWindow = 15 * time.Minute

// publicationCache gives the directory's pages an ETag and a
// Last-Modified derived from the current publication (and the language
// and the window of the open-now status they show), and answers a
// conditional request for an unchanged page with 304 Not Modified.
func (s *Server) publicationCache(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pub, err := s.Directory.Current(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		now := s.Now()
		window := now.Truncate(statusWindow)
		etag := fmt.Sprintf(`W/"p%d-%d-%s-%d"`, pub.Number, pub.AmendedAt.UnixMicro(), i18n.From(r.Context()).Lang(), window.Unix())
		modified := pub.At
		if pub.AmendedAt.After(modified) {
			modified = pub.AmendedAt
		}
		if window.After(modified) {
			modified = window
		}
		h := w.Header()
		h.Set("ETag", etag)
		h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
		h.Set("Cache-Control", "no-cache")
		h.Add("Vary", "Accept-Language")
		if notModified(r, etag, modified) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// notModified applies RFC 9110's rules for GET and HEAD: If-None-Match
// (weak comparison) wins over If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.Truncate(time.Second).After(since)
}

// previewing serves the public directory pages over the working copy, for
// the staff: same handlers, the preview as their directory, and links that
// stay in the preview.
func (s *Server) previewing() http.Handler {
	p := &Server{Deps: s.Deps}
	p.Directory = s.Preview
	r := chi.NewRouter()
	r.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(components.WithDirectoryPath(r.Context(), previewPath)))
		})
	})
	r.Get("/", p.organisations)
	r.Get("/{slug}", p.organisation)
	return r
}

const previewPath = "/admin/podglad/organizacje"

func (s *Server) publications(w http.ResponseWriter, r *http.Request) {
	s.publicationsPage(w, r, http.StatusOK, "", "")
}

// publicationsPage shows the publications and what the next one would
// change, with the publish form holding note and its error msg.
func (s *Server) publicationsPage(w http.ResponseWriter, r *http.Request, status int, note, msg string) {
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
	s.render(w, r, status, admin.Publications(admin.PublicationsPage{
		Head:  components.Head{Title: i18n.T(ctx, "pub_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Publications: pubs, Pending: pending,
		Notice: publicationNotice(r.URL.Query().Get("info")), PreviewURL: previewPath,
		Note: note, NoteError: msg,
	}))
}

func publicationNotice(code string) string {
	switch code {
	case "opublikowano", "przywrocono":
		return "pub_notice_" + code
	}
	return ""
}

func (s *Server) publication(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil {
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

// maxNote bounds a publication's note.
const maxNote = 500

func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	note := strings.TrimSpace(r.PostFormValue("note"))
	if msg := noteError(note); msg != "" {
		s.publicationsPage(w, r, http.StatusUnprocessableEntity, note, msg)
		return
	}
	if _, err := s.Publishing.Publish(ctx, note, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/publikacje?info=opublikowano", http.StatusSeeOther)
}

func noteError(note string) string {
	return directory.CheckText(note, true, maxNote, true)
}

func (s *Server) rollback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	note := i18n.T(ctx, "pub_rollback_note", n)
	if _, err := s.Publishing.Rollback(ctx, n, note, s.by(r)); err != nil {
		if fault.Is(err, fault.NotFound) {
			s.notFound(w, r)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/publikacje?info=przywrocono", http.StatusSeeOther)
}
