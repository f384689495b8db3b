package server

import (
	"context"
	"maps"
	"net/http"
	"strconv"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// SiteTexts is what the admin area needs to edit the site texts.
type SiteTexts interface {
	SiteTexts(ctx context.Context) (store.SiteTexts, error)
	SaveSiteTexts(ctx context.Context, texts sitetext.Texts, version int, by accounts.Audit) error
	SiteTextRevisions(ctx context.Context, limit int) ([]store.SiteTextRevision, error)
}

// siteTextsForm shows the working site texts.
func (s *Server) siteTextsForm(w http.ResponseWriter, r *http.Request) {
	st, err := s.SiteTexts.SiteTexts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	notice := ""
	if r.URL.Query().Get("info") == "zapisano" {
		notice = "sitetexts_saved"
	}
	s.siteTextsPage(w, r, http.StatusOK, admin.SiteTextsPage{Texts: st.Texts, Version: st.Version, Notice: notice})
}

// saveSiteTexts saves the form if nobody saved the texts since it was
// read; on an error the form comes back with everything typed and the
// messages at their fields.
func (s *Server) saveSiteTexts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	in := map[string]string{}
	for _, f := range sitetext.Fields() {
		in[f.Key] = r.PostFormValue(f.Key)
	}
	texts := sitetext.Normalize(in)
	version, verr := strconv.Atoi(r.PostFormValue("version"))
	p := admin.SiteTextsPage{Texts: texts, Version: version}
	if errs := texts.Validate(); errs != nil {
		p.Errors = errs
		s.siteTextsPage(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	if verr != nil {
		// The hidden version came back damaged: show the current one and
		// keep what was typed, as after a conflict.
		version = -1
	}
	err := s.SiteTexts.SaveSiteTexts(ctx, texts, version, s.by(r))
	if fault.Is(err, fault.Conflict) {
		cur, cerr := s.SiteTexts.SiteTexts(ctx)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		p.Version, p.Conflict = cur.Version, true
		p.Theirs = sitetext.Changed(texts, cur.Texts)
		s.siteTextsPage(w, r, http.StatusConflict, p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/teksty?info=zapisano", http.StatusSeeOther)
}

func (s *Server) siteTextsPage(w http.ResponseWriter, r *http.Request, status int, p admin.SiteTextsPage) {
	ctx := r.Context()
	revs, err := s.SiteTexts.SiteTextRevisions(ctx, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Head = components.Head{Title: i18n.T(ctx, "sitetexts_title"), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(ctx))
	p.History = revs
	p.Missing = p.Texts.Missing()
	s.render(w, r, status, admin.SiteTexts(p))
}

// textsUnpublished tells whether the working site texts differ from those
// of the publication the public sees.
func (s *Server) textsUnpublished(ctx context.Context, working sitetext.Texts) bool {
	published, err := s.Directory.SiteTexts(ctx)
	if err != nil {
		return false
	}
	norm := func(t sitetext.Texts) sitetext.Texts {
		out := sitetext.Texts{}
		for k, v := range t {
			if v != "" {
				out[k] = v
			}
		}
		return out
	}
	return !maps.Equal(norm(working), norm(published))
}
