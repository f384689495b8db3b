package server

import (
	"net/http"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// organisationDataForm serves the form pre-filled with an organisation's
// working copy, for the yearly verification, in the language the
// organisation last sent its data in. It holds contact persons' data, so
// no cache keeps it.
func (s *Server) organisationDataForm(w http.ResponseWriter, r *http.Request) {
	id, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang, err := s.Submissions.OrganisationLanguage(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r = r.WithContext(i18n.With(r.Context(), s.Catalogue.Lang(lang)))
	s.servePDF(w, r, o, "formularz-"+o.Slug+".pdf", "private, no-store")
}
