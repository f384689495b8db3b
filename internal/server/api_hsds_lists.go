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

// hsdsServices is GET /api/hsds/services.
func (s *Server) hsdsServices(w http.ResponseWriter, r *http.Request) {
	s.hsdsDocuments(w, r, func(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
		switch {
		case p.Minimal:
			return minimalService{ID: hsds.ServiceID(o.ID), Name: o.Name, Status: "active", LastModified: m.Service(o, hsds.Brief).LastModified}
		case p.Full:
			return m.Service(o, hsds.Full)
		}
		return m.Service(o, hsds.Brief)
	})
}

// hsdsOrganizations is GET /api/hsds/organizations.
func (s *Server) hsdsOrganizations(w http.ResponseWriter, r *http.Request) {
	s.hsdsDocuments(w, r, func(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
		if p.Full || p.FullService {
			return m.Organization(o, hsds.Full, p.FullService)
		}
		return m.Organization(o, hsds.Brief, false)
	})
}

// hsdsServiceAtLocations is GET /api/hsds/service_at_locations.
func (s *Server) hsdsServiceAtLocations(w http.ResponseWriter, r *http.Request) {
	s.hsdsDocuments(w, r, func(m *hsds.Mapper, o *directory.Organisation, p hsds.List) any {
		if p.Full {
			return m.ServiceAtLocation(o, hsds.Full)
		}
		return m.ServiceAtLocation(o, hsds.Brief)
	})
}

// hsdsDocuments lists the organisations the parameters select, each
// mapped by item.
func (s *Server) hsdsDocuments(w http.ResponseWriter, r *http.Request, item func(*hsds.Mapper, *directory.Organisation, hsds.List) any) {
	p, err := hsds.ParseList(r.URL.Query())
	if err != nil {
		s.hsdsBadParameter(w, err)
		return
	}
	cat, r := s.hsdsLoad(w, r)
	if cat == nil {
		return
	}
	m := s.hsdsMapper(r, cat)
	docs := cat.Select(p)
	if p.NDJSON {
		s.hsdsStream(w, r, docs, func(n uint32) (any, error) {
			o, err := cat.Index.OrganisationAt(n)
			if err != nil {
				return nil, err
			}
			return item(m, o, p), nil
		})
		return
	}
	page := hsds.PageOf(docs, p.Page, p.PerPage)
	contents := make([]any, 0, len(page))
	for _, n := range page {
		o, err := cat.Index.OrganisationAt(n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		contents = append(contents, item(m, o, p))
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

// hsdsTaxonomies is GET /api/hsds/taxonomies.
func (s *Server) hsdsTaxonomies(w http.ResponseWriter, r *http.Request) {
	p, err := hsds.ParseList(r.URL.Query())
	if err != nil {
		s.hsdsBadParameter(w, err)
		return
	}
	cat, r := s.hsdsLoad(w, r)
	if cat == nil {
		return
	}
	var out []hsds.Taxonomy
	for _, t := range cat.Taxonomies.List {
		if matchesText(p.Search, t.Name, t.Description) {
			out = append(out, t)
		}
	}
	hsdsSlice(s, w, r, p, out)
}

// hsdsTaxonomyTerms is GET /api/hsds/taxonomy_terms.
func (s *Server) hsdsTaxonomyTerms(w http.ResponseWriter, r *http.Request) {
	p, err := hsds.ParseList(r.URL.Query())
	if err != nil {
		s.hsdsBadParameter(w, err)
		return
	}
	cat, r := s.hsdsLoad(w, r)
	if cat == nil {
		return
	}
	var out []hsds.TaxonomyTerm
	for _, t := range cat.Taxonomies.Terms {
		if (p.TaxonomyID == "" || t.TaxonomyID == p.TaxonomyID) &&
			(!p.TopOnly || t.ParentID == "") &&
			(p.ParentID == "" || t.ParentID == p.ParentID) &&
			matchesText(p.Search, t.Name, t.Code) {
			out = append(out, t)
		}
	}
	hsdsSlice(s, w, r, p, out)
}

// hsdsSlice writes a page (or all, as NDJSON) of a short list held whole.
func hsdsSlice[T any](s *Server, w http.ResponseWriter, r *http.Request, p hsds.List, items []T) {
	if p.NDJSON {
		all := roaring.New()
		all.AddRange(0, uint64(len(items)))
		s.hsdsStream(w, r, all, func(n uint32) (any, error) { return items[n], nil })
		return
	}
	from := min(len(items), (p.Page-1)*p.PerPage)
	s.hsdsJSON(w, r, hsds.NewPage(items[from:min(len(items), from+p.PerPage)], len(items), p.Page, p.PerPage))
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
