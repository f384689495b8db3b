package server

import "net/http"

// organisationDataForm serves the form pre-filled with an organisation's
// working copy, for the yearly verification. It holds contact persons'
// data, so no cache keeps it.
func (s *Server) organisationDataForm(w http.ResponseWriter, r *http.Request) {
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.servePDF(w, r, o, "formularz-"+o.Slug+".pdf", "private, no-store")
}
