package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/hsds"
	"github.com/mopr-leszno/portal/internal/published"
)

// The HSDS API (issue 14): the current publication in Open Referral's
// Human Services Data Specification 3.0, read-only, from memory, under
// /api/hsds/. The mapping is package hsds; these handlers parse the
// parameters, find the documents in the publication's catalog, map them
// and write JSON. Errors are JSON too (see hsdsError), with the statuses
// the pages use.

// OpenData is the current publication as the HSDS API reads it
// (published.Live).
type OpenData interface {
	// Pin fixes the publication the reads with the returned context see.
	Pin(ctx context.Context) context.Context
	// View returns the request's publication; before one is loaded, a
	// fault.Unavailable.
	View(ctx context.Context) (*published.View, error)
}

// hsdsPrefix is where the API lives (the DCAT catalogue lists it).
const hsdsPrefix = "/api/hsds"

// hsdsRate is how many requests an address may make a minute: a client
// paging through the whole directory at the largest page asks a few
// hundred times.
const hsdsRate = 600

func (s *Server) hsdsRoutes(r chi.Router) {
	r.Use(hsdsCORS)
	r.Use(httprate.Limit(hsdsRate, time.Minute,
		httprate.WithKeyFuncs(func(r *http.Request) (string, error) { return s.clientIP(r), nil }),
		httprate.WithLimitHandler(s.tooManyRequests)))
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)
	r.Get("/openapi.json", s.hsdsOpenAPI())
	for _, e := range s.hsdsEndpoints() {
		r.Get(e.path, s.hsdsHandler(e))
	}
}

// hsdsEndpoint is an address of the API answered from the current
// publication (every one but openapi.json).
type hsdsEndpoint struct {
	path string // below hsdsPrefix
	// params: the endpoint reads the list parameters (hsds.ParseList),
	// before anything else: a bad one is 400 whatever the publication.
	// Without, the parameters are ignored and answer gets the zero List.
	params bool
	answer hsdsAnswer
}

// hsdsAnswer writes the answer from the catalog of the request's pinned
// publication (r carries the pin) with the list parameters p.
type hsdsAnswer func(w http.ResponseWriter, r *http.Request, cat *hsds.Catalog, p hsds.List)

// hsdsEndpoints are the API's addresses but openapi.json: the objects
// made from the organisations (api_hsds_lists.go and api_hsds_items.go
// map them), the taxonomies and their terms (hsdsHeld) and the root.
func (s *Server) hsdsEndpoints() []hsdsEndpoint {
	return []hsdsEndpoint{
		{"/", false, s.hsdsRoot},
		{"/services", true, s.hsdsDocuments(hsdsListedService)},
		{"/services/{id}", true, s.hsdsDocument(hsds.KindService, hsdsWholeService)},
		{"/organizations", true, s.hsdsDocuments(hsdsListedOrganization)},
		{"/organizations/{id}", true, s.hsdsDocument(hsds.KindOrganization, hsdsWholeOrganization)},
		{"/service_at_locations", true, s.hsdsDocuments(hsdsListedServiceAtLocation)},
		{"/service_at_locations/{id}", true, s.hsdsDocument(hsds.KindServiceAtLocation, hsdsWholeServiceAtLocation)},
		{"/taxonomies", true, hsdsTaxonomies.list(s)},
		{"/taxonomies/{id}", false, hsdsTaxonomies.item(s)},
		{"/taxonomy_terms", true, hsdsTaxonomyTerms.list(s)},
		{"/taxonomy_terms/{id}", false, hsdsTaxonomyTerms.item(s)},
	}
}

// hsdsHandler serves e: it reads the list parameters if e takes them
// (400 naming a bad one), pins the publication and finds its catalog
// (hsdsLoad: 404 without the API, 503 before a publication is loaded,
// 304 when the client's copy is current), and has e answer.
func (s *Server) hsdsHandler(e hsdsEndpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var p hsds.List
		if e.params {
			var err error
			if p, err = hsds.ParseList(r.URL.Query()); err != nil {
				s.hsdsBadParameter(w, err)
				return
			}
		}
		cat, r := s.hsdsLoad(w, r)
		if cat == nil {
			return
		}
		e.answer(w, r, cat, p)
	}
}

// redirectSlashes is chi's RedirectSlashes except for the API's root,
// whose address is /api/hsds/ as HSDS writes it.
func redirectSlashes(next http.Handler) http.Handler {
	redirect := middleware.RedirectSlashes(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == hsdsPrefix+"/" {
			next.ServeHTTP(w, r)
			return
		}
		redirect.ServeHTTP(w, r)
	})
}

// isHSDS tells whether r is a request to the API (answered in JSON, also
// when it fails).
func isHSDS(r *http.Request) bool {
	return r.URL.Path == hsdsPrefix || strings.HasPrefix(r.URL.Path, hsdsPrefix+"/")
}

// hsdsCORS lets any site's scripts read the API: it is open data, read
// only, and sends no cookie. It answers the preflight (OPTIONS) of any
// address of the API itself.
func hsdsCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Retry-After, Link")
		if r.Method == http.MethodOptions {
			hsdsPreflight(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hsdsPreflight answers a CORS preflight: GET (and HEAD) with the
// conditional headers, for a day.
func hsdsPreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, If-None-Match, If-Modified-Since")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

// hsdsCatalogs keeps the catalog of the publication an instance serves:
// made on the API's first request after a publication is loaded.
type hsdsCatalogs struct {
	mu  sync.Mutex
	cur atomic.Pointer[hsdsEntry]
}

type hsdsEntry struct {
	view *published.View
	cat  *hsds.Catalog
}

// hsdsLoad pins the request's publication and returns its catalog, or
// answers the request (503 while none is loaded, 304 when the client's
// copy is current) and returns nil.
func (s *Server) hsdsLoad(w http.ResponseWriter, r *http.Request) (*hsds.Catalog, *http.Request) {
	if s.OpenData == nil {
		s.notFound(w, r)
		return nil, r
	}
	r = r.WithContext(s.OpenData.Pin(r.Context()))
	v, err := s.OpenData.View(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return nil, r
	}
	cat, err := s.hsdsCatalog(v)
	if err != nil {
		s.fail(w, r, err)
		return nil, r
	}
	pub := v.Publication
	etag := `W/"hsds-p` + strconv.Itoa(pub.Number) + "-" + strconv.FormatInt(pub.AmendedAt.UnixMicro(), 10) + `"`
	modified := pub.Modified()
	if fresh(w, r, etag, modified) {
		return nil, r
	}
	return cat, r
}

func (s *Server) hsdsCatalog(v *published.View) (*hsds.Catalog, error) {
	if e := s.hsds.cur.Load(); e != nil && e.view == v {
		return e.cat, nil
	}
	s.hsds.mu.Lock()
	defer s.hsds.mu.Unlock()
	if e := s.hsds.cur.Load(); e != nil && e.view == v {
		return e.cat, nil
	}
	cat, err := hsds.NewCatalog(v.Index, v.Publication, s.hsdsLabel)
	if err != nil {
		return nil, err
	}
	s.hsds.cur.Store(&hsdsEntry{view: v, cat: cat})
	return cat, nil
}

// hsdsLabel is a message of the catalogue in Polish: the data of the bank
// is Polish, and so are the labels the API writes beside it.
func (s *Server) hsdsLabel(id string) string {
	return s.Catalogue.Lang("pl").T(id)
}

func (s *Server) hsdsMapper(r *http.Request, cat *hsds.Catalog) *hsds.Mapper {
	return &hsds.Mapper{Base: s.absURL(r, ""), Label: s.hsdsLabel, Published: cat.Publication.At, Taxonomies: cat.Taxonomies}
}

// hsdsJSON writes v as the 200 answer, whole or not at all.
func (s *Server) hsdsJSON(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// hsdsErrorBody is every error the API answers.
type hsdsErrorBody struct {
	Status    int    `json:"status"`
	Error     string `json:"error"`
	Message   string `json:"message"`
	Parameter string `json:"parameter,omitempty"`
}

// hsdsErrorKeys are the kinds of error with a message of their own;
// any other says that the request failed.
var hsdsErrorKeys = map[string]bool{"not_found": true, "invalid": true, "too_many": true, "method": true, "unavailable": true}

// hsdsError answers an API request with the JSON error of status; key is
// the kind (as the error pages name it).
func (s *Server) hsdsError(w http.ResponseWriter, r *http.Request, status int, key string) {
	msg := "hsds_error_other"
	if hsdsErrorKeys[key] {
		msg = "hsds_error_" + key
	}
	s.hsdsWriteError(w, status, hsdsErrorBody{Status: status, Error: key, Message: s.hsdsLabel(msg)})
}

// hsdsBadParameter answers 400 naming the parameter and what it takes.
func (s *Server) hsdsBadParameter(w http.ResponseWriter, err error) {
	pe, ok := errors.AsType[*hsds.ParamError](err)
	if !ok {
		s.hsdsWriteError(w, http.StatusBadRequest, hsdsErrorBody{Status: http.StatusBadRequest, Error: string(fault.Invalid), Message: s.hsdsLabel("hsds_error_invalid")})
		return
	}
	l := s.Catalogue.Lang("pl")
	msg := l.T("hsds_error_parameter", map[string]any{"Name": pe.Param, "Expected": l.T(pe.Expected, pe.Data)})
	s.hsdsWriteError(w, http.StatusBadRequest, hsdsErrorBody{Status: http.StatusBadRequest, Error: string(fault.Invalid), Message: msg, Parameter: pe.Param})
}

func (s *Server) hsdsWriteError(w http.ResponseWriter, status int, body hsdsErrorBody) {
	b, _ := json.Marshal(body)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Del("ETag")
	h.Del("Last-Modified")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// hsdsRoot is GET /api/hsds/: the version, the profile, the OpenAPI
// document, the publication answered from and the licence of the data.
func (s *Server) hsdsRoot(w http.ResponseWriter, r *http.Request, cat *hsds.Catalog, _ hsds.List) {
	s.hsdsJSON(w, r, hsds.Root{
		Version: hsds.Version, Profile: hsds.Profile,
		OpenAPIURL: s.absURL(r, hsdsPrefix+"/openapi.json"),
		Publication: hsds.RootPublication{
			Number: cat.Publication.Number, PublishedAt: cat.Publication.At.UTC().Format(time.RFC3339),
		},
		Licence: hsds.RootLicence{Name: s.Licence.Name, URL: s.Licence.URL},
	})
}

// hsdsOpenAPI answers the API's OpenAPI document. The document is built
// once, on the first request (it depends on the licence only); its
// server, the API's absolute URL, is written in on every request, as it
// is the request's host where the portal has no BaseURL.
func (s *Server) hsdsOpenAPI() http.HandlerFunc {
	doc := sync.OnceValues(func() (*hsds.OpenAPI, error) {
		return hsds.NewOpenAPI(s.Licence.Name, s.Licence.URL)
	})
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := doc()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(d.For(s.absURL(r, hsdsPrefix)))
	}
}
