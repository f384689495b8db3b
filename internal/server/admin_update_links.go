package server

import (
	"net/http"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Update links: the secret address an organisation updates its record at
// (/zglos/{token}), made, shown once and revoked by staff.

func (s *Server) tokenPage(w http.ResponseWriter, r *http.Request, link string) {
	ctx := r.Context()
	id, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	at, by, ok, err := s.Submissions.UpdateTokenIssued(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.TokenPage{Head: components.Head{Title: i18n.T(ctx, "submissions_link_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), OrgID: o.ID, OrgName: o.Name, Link: link, Active: ok, IssuedBy: by}
	if ok {
		p.IssuedAt = components.DateTime(at)
	}
	// The page may show a fresh link, which must not stay in any cache.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, admin.Token(p))
}

func (s *Server) showToken(w http.ResponseWriter, r *http.Request) { s.tokenPage(w, r, "") }

// issueToken makes a new link (the earlier one stops working) and shows
// it once, on this answer: it is not kept anywhere to show again.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, err := s.Submissions.IssueUpdateToken(r.Context(), id, s.by(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.tokenPage(w, r, s.absURL(r, "/zglos/"+token))
}

func (s *Server) revokeTokens(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err == nil {
		err = s.Submissions.RevokeUpdateTokens(r.Context(), id, s.by(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/organizacje/"+id.String()+"/link", http.StatusSeeOther)
}
