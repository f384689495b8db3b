package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/hsds"
)

// The API's objects by id: whole, with every related object nested. An id
// the current publication does not hold is 404.

// hsdsMapping makes an object of the API from an organisation, as the
// request's list parameters ask.
type hsdsMapping func(*hsds.Mapper, *directory.Organisation, hsds.List) any

// hsdsWholeService is the service of GET /api/hsds/services/{id}.
func hsdsWholeService(m *hsds.Mapper, o *directory.Organisation, _ hsds.List) any {
	return m.Service(o, hsds.Full)
}

// hsdsWholeOrganization is the organization of GET
// /api/hsds/organizations/{id}: its service brief, or whole with
// ?full_service=true.
func hsdsWholeOrganization(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
	return m.Organization(o, hsds.Full, p.FullService)
}

// hsdsWholeServiceAtLocation is the service at location of GET
// /api/hsds/service_at_locations/{id}.
func hsdsWholeServiceAtLocation(m *hsds.Mapper, o *directory.Organisation, _ hsds.List) any {
	return m.ServiceAtLocation(o, hsds.Full)
}

// hsdsDocument answers the object of kind with the request's id, made
// from its organisation by item.
func (s *Server) hsdsDocument(kind hsds.Kind, item hsdsMapping) hsdsAnswer {
	return func(w http.ResponseWriter, r *http.Request, cat *hsds.Catalog, p hsds.List) {
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
}

// item answers the item with the request's id (the lists are in
// api_hsds_lists.go).
func (h hsdsHeld[T]) item(s *Server) hsdsAnswer {
	return func(w http.ResponseWriter, r *http.Request, cat *hsds.Catalog, _ hsds.List) {
		id := chi.URLParam(r, "id")
		for _, t := range h.all(cat) {
			if h.id(t) == id {
				s.hsdsJSON(w, r, t)
				return
			}
		}
		s.notFound(w, r)
	}
}
