package server

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/hsds"
)

// The API's lists: the parameters of the API reference combined with AND,
// one page in the Page object, or every result as NDJSON. A page decodes
// only its own documents: the selection is a bitmap of the publication's
// index (see hsds.Catalog.Select).

// minimalService is a service as ?minimal=true lists it: its id and when
// it last changed (with the name and status HSDS requires of a service).
type minimalService struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Status       string `json:"status"`
	LastModified string `json:"last_modified"`
}

// hsdsListedService is a service as GET /api/hsds/services lists it:
// brief, whole with ?full=true, or minimalService with ?minimal=true.
func hsdsListedService(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
	switch {
	case p.Minimal:
		return minimalService{ID: hsds.ServiceID(o.ID), Name: o.Name, Status: "active", LastModified: m.Service(o, hsds.Brief).LastModified}
	case p.Full:
		return m.Service(o, hsds.Full)
	}
	return m.Service(o, hsds.Brief)
}

// hsdsListedOrganization is an organization as GET
// /api/hsds/organizations lists it: brief, or whole with ?full=true, and
// with its services whole with ?full_service=true.
func hsdsListedOrganization(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
	if p.Full || p.FullService {
		return m.Organization(o, hsds.Full, p.FullService)
	}
	return m.Organization(o, hsds.Brief, false)
}

// hsdsListedServiceAtLocation is a service at location as GET
// /api/hsds/service_at_locations lists it: brief, or whole with
// ?full=true.
func hsdsListedServiceAtLocation(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
	if p.Full {
		return m.ServiceAtLocation(o, hsds.Full)
	}
	return m.ServiceAtLocation(o, hsds.Brief)
}

// hsdsDocuments answers the list of the organisations the parameters
// select, each mapped by item.
func (s *Server) hsdsDocuments(item hsdsMapping) hsdsAnswer {
	return func(w http.ResponseWriter, r *http.Request, cat *hsds.Catalog, p hsds.List) {
		m := s.hsdsMapper(r, cat)
		s.hsdsList(w, r, p, cat.Select(p), func(n uint32) (any, error) {
			o, err := cat.Index.OrganisationAt(n)
			if err != nil {
				return nil, err
			}
			return item(m, o, p), nil
		})
	}
}

// hsdsHeld is a short list the catalog holds whole, mapped already: the
// taxonomies or their terms. The list answers the items match keeps, a
// page of them or all as NDJSON; the item the one of the request's id.
type hsdsHeld[T any] struct {
	all   func(*hsds.Catalog) []T
	id    func(T) string
	match func(T, hsds.List) bool
}

// hsdsTaxonomies are GET /api/hsds/taxonomies, with ?search, and
// /api/hsds/taxonomies/{id}.
var hsdsTaxonomies = hsdsHeld[hsds.Taxonomy]{
	all: func(c *hsds.Catalog) []hsds.Taxonomy { return c.Taxonomies.List },
	id:  func(t hsds.Taxonomy) string { return t.ID },
	match: func(t hsds.Taxonomy, p hsds.List) bool {
		return matchesText(p.Search, t.Name, t.Description)
	},
}

// hsdsTaxonomyTerms are GET /api/hsds/taxonomy_terms, with ?taxonomy_id,
// ?top_only, ?parent_id and ?search, and /api/hsds/taxonomy_terms/{id}.
var hsdsTaxonomyTerms = hsdsHeld[hsds.TaxonomyTerm]{
	all: func(c *hsds.Catalog) []hsds.TaxonomyTerm { return c.Taxonomies.Terms },
	id:  func(t hsds.TaxonomyTerm) string { return t.ID },
	match: func(t hsds.TaxonomyTerm, p hsds.List) bool {
		return (p.TaxonomyID == "" || t.TaxonomyID == p.TaxonomyID) &&
			(!p.TopOnly || t.ParentID == "") &&
			(p.ParentID == "" || t.ParentID == p.ParentID) &&
			matchesText(p.Search, t.Name, t.Code)
	},
}

// list answers the items match keeps (the items by id are in
// api_hsds_items.go).
func (h hsdsHeld[T]) list(s *Server) hsdsAnswer {
	return func(w http.ResponseWriter, r *http.Request, cat *hsds.Catalog, p hsds.List) {
		var out []T
		for _, t := range h.all(cat) {
			if h.match(t, p) {
				out = append(out, t)
			}
		}
		all := roaring.New()
		all.AddRange(0, uint64(len(out)))
		s.hsdsList(w, r, p, all, func(n uint32) (any, error) { return out[n], nil })
	}
}

// hsdsList writes the list of docs, each made by item: page p.Page of
// p.PerPage in the Page object, or with ?format=ndjson all of them (see
// hsdsStream).
func (s *Server) hsdsList(w http.ResponseWriter, r *http.Request, p hsds.List, docs *roaring.Bitmap, item func(uint32) (any, error)) {
	if p.NDJSON {
		s.hsdsStream(w, r, docs, item)
		return
	}
	page := hsds.PageOf(docs, p.Page, p.PerPage)
	contents := make([]any, 0, len(page))
	for _, n := range page {
		v, err := item(n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		contents = append(contents, v)
	}
	s.hsdsJSON(w, r, hsds.NewPage(contents, int(docs.GetCardinality()), p.Page, p.PerPage))
}

// hsdsStream writes every document of docs as one JSON line, one
// document decoded at a time.
func (s *Server) hsdsStream(w http.ResponseWriter, r *http.Request, docs *roaring.Bitmap, item func(uint32) (any, error)) {
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	it := docs.Iterator()
	for it.HasNext() {
		if r.Context().Err() != nil {
			return // the client has gone
		}
		v, err := item(it.Next())
		if err == nil {
			err = enc.Encode(v)
		}
		if err != nil {
			// The status is sent: end the stream short, as a cut
			// connection would, and log why.
			s.Logger.ErrorContext(r.Context(), "hsds stream failed", "error", err)
			return
		}
	}
	bw.Flush()
}

// matchesText tells whether every word of search starts a word of one of
// texts (folded as the directory folds: case and Polish letters).
func matchesText(search string, texts ...string) bool {
	words := directory.Words(search)
	if len(words) == 0 {
		return true
	}
	var have []string
	for _, t := range texts {
		for _, w := range directory.Words(t) {
			have = append(have, directory.Fold(w))
		}
	}
	for _, w := range words {
		f := directory.Fold(w)
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, f) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
