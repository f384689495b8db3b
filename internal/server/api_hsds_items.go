package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/hsds"
)

// The API's objects by id: whole, with every related object nested. An id
// the current publication does not hold is 404.

// hsdsService is GET /api/hsds/services/{id}.
func (s *Server) hsdsService(w http.ResponseWriter, r *http.Request) {
	s.hsdsDocument(w, r, hsds.KindService, func(m *hsds.Mapper, o *directory.Organisation, _ hsds.List) any {
		return m.Service(o, hsds.Full)
	})
}

// hsdsOrganization is GET /api/hsds/organizations/{id}: its service brief,
// or whole with ?full_service=true.
func (s *Server) hsdsOrganization(w http.ResponseWriter, r *http.Request) {
	s.hsdsDocument(w, r, hsds.KindOrganization, func(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
		return m.Organization(o, hsds.Full, p.FullService)
	})
}

// hsdsServiceAtLocation is GET /api/hsds/service_at_locations/{id}.
func (s *Server) hsdsServiceAtLocation(w http.ResponseWriter, r *http.Request) {
	s.hsdsDocument(w, r, hsds.KindServiceAtLocation, func(m *hsds.Mapper, o *directory.Organisation, _ hsds.List) any {
		return m.ServiceAtLocation(o, hsds.Full)
	})
}

func (s *Server) hsdsDocument(w http.ResponseWriter, r *http.Request, kind hsds.Kind, item func(*hsds.Mapper, *directory.Organisation, hsds.List) any) {
	p, err := hsds.ParseList(r.URL.Query())
	if err != nil {
		s.hsdsBadParameter(w, err)
		return
	}
	cat, r := s.hsdsLoad(w, r)
	if cat == nil {
		return
	}
	n, ok := cat.Find(kind, chi.URLParam(r, "id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	o, err := cat.Index.OrganisationAt(n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.hsdsJSON(w, r, item(s.hsdsMapper(r, cat), o, p))
}

// hsdsTaxonomy is GET /api/hsds/taxonomies/{id}.
func (s *Server) hsdsTaxonomy(w http.ResponseWriter, r *http.Request) {
	cat, r := s.hsdsLoad(w, r)
	if cat == nil {
		return
	}
	id := chi.URLParam(r, "id")
	for _, t := range cat.Taxonomies.List {
		if t.ID == id {
			s.hsdsJSON(w, r, t)
			return
		}
	}
	s.notFound(w, r)
}

// hsdsTaxonomyTerm is GET /api/hsds/taxonomy_terms/{id}.
func (s *Server) hsdsTaxonomyTerm(w http.ResponseWriter, r *http.Request) {
	cat, r := s.hsdsLoad(w, r)
	if cat == nil {
		return
	}
	id := chi.URLParam(r, "id")
	for _, t := range cat.Taxonomies.Terms {
		if t.ID == id {
			s.hsdsJSON(w, r, t)
			return
		}
	}
	s.notFound(w, r)
}
