package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/hsds"
	"github.com/mopr-leszno/portal/internal/hsds/schema"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/server"
)

// TestHSDS runs the API's checks on one site (each site costs a database
// and a publication); those that publish come last.
func TestHSDS(t *testing.T) {
	s := newSite(t)
	for _, c := range []struct {
		name string
		run  func(*testing.T, *site)
	}{
		{"AnswersValidateAgainstSchemas", hsdsAnswersValidateAgainstSchemas},
		{"OpenAPIMatchesRoutes", hsdsOpenAPIMatchesRoutes},
		{"ConfidentialAddress", hsdsConfidentialAddress},
		{"ListParameters", hsdsListParameters},
		{"Errors", hsdsErrors},
		{"Mapping", hsdsMapping},
		{"CORSAndETag", hsdsCORSAndETag},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, s) })
	}
}

// hsdsGet requests an API address and decodes its JSON answer.
func (s *site) hsdsGet(target string, into any) page {
	s.t.Helper()
	p := s.get(target)
	if into != nil && p.status == http.StatusOK {
		if err := json.Unmarshal([]byte(p.body), into); err != nil {
			s.t.Fatalf("GET %s: %v\n%s", target, err, p.body)
		}
	}
	return p
}

type hsdsPage struct {
	TotalItems int               `json:"total_items"`
	TotalPages int               `json:"total_pages"`
	PageNumber int               `json:"page_number"`
	Size       int               `json:"size"`
	FirstPage  bool              `json:"first_page"`
	LastPage   bool              `json:"last_page"`
	Empty      bool              `json:"empty"`
	Contents   []json.RawMessage `json:"contents"`
}

func ids(t *testing.T, raw []json.RawMessage) []string {
	t.Helper()
	var out []string
	for _, r := range raw {
		var v struct{ ID string }
		if err := json.Unmarshal(r, &v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v.ID)
	}
	return out
}

// openAPI is the served OpenAPI document with its schemas compiled: the
// HSDS schemas strict (additional properties refused, as the standard's
// CI checks), reached through the document's own $refs.
type openAPI struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	url      string
}

// openAPIs are the documents loaded, by site: compiling the strict HSDS
// schemas costs seconds, once per site is enough.
var openAPIs = map[*site]*openAPI{}

func loadOpenAPI(t *testing.T, s *site) *openAPI {
	t.Helper()
	if api, ok := openAPIs[s]; ok {
		return api
	}
	t.Cleanup(func() { delete(openAPIs, s) })
	p := s.get("/api/hsds/openapi.json")
	if p.status != http.StatusOK {
		t.Fatalf("openapi.json: %d", p.status)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	// The document is an OpenAPI 3.1 document by the OpenAPI Initiative's
	// own schema.
	oas, err := schema.OpenAPI31()
	if err != nil {
		t.Fatal(err)
	}
	if err := oas.Validate(doc); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3.1 document: %v", err)
	}
	c, err := schema.Compiler(true)
	if err != nil {
		t.Fatal(err)
	}
	const at = "http://example.com/api/hsds/openapi.json"
	if err := c.AddResource(at, doc); err != nil {
		t.Fatal(err)
	}
	var plain map[string]any
	json.Unmarshal([]byte(p.body), &plain)
	api := &openAPI{doc: plain, compiler: c, url: at}
	openAPIs[s] = api
	return api
}

// response compiles the schema the document gives for path's answer of
// status.
func (o *openAPI) response(t *testing.T, path, status string) *jsonschema.Schema {
	t.Helper()
	esc := strings.NewReplacer("~", "~0", "/", "~1")
	ptr := "#/paths/" + esc.Replace(path) + "/get/responses/" + status
	resp := o.doc["paths"].(map[string]any)[path].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)[status].(map[string]any)
	if ref, ok := resp["$ref"].(string); ok {
		ptr = ref
	}
	sch, err := o.compiler.Compile(o.url + ptr + "/content/application~1json/schema")
	if err != nil {
		t.Fatalf("%s %s: %v", path, status, err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, target, body string) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s does not validate: %v", target, err)
	}
}

// Every endpoint's answers for the demo data validate against the official
// HSDS 3.0 schemas (strict), through the schemas the served OpenAPI
// document names for them; the whole objects also against the compiled
// schema of their kind directly.
func hsdsAnswersValidateAgainstSchemas(t *testing.T, s *site) {
	api := loadOpenAPI(t, s)
	compiled := func(name string) *jsonschema.Schema {
		sch, err := api.compiler.Compile(schema.Base + name)
		if err != nil {
			t.Fatal(err)
		}
		return sch
	}
	whole := map[string]*jsonschema.Schema{
		"/services/{id}":             compiled("compiled/service.json"),
		"/organizations/{id}":        compiled("compiled/organization.json"),
		"/service_at_locations/{id}": compiled("compiled/service_at_location.json"),
		"/taxonomies/{id}":           compiled("taxonomy.json"),
		"/taxonomy_terms/{id}":       compiled("taxonomy_term.json"),
	}
	lists := map[string][]string{
		"/":                     {""},
		"/services":             {"", "?full=true", "?minimal=true", "?per_page=3&page=2", "?search=pomoc"},
		"/organizations":        {"", "?full=true", "?full_service=true", "?per_page=500"},
		"/service_at_locations": {"", "?full=true"},
		"/taxonomies":           {""},
		"/taxonomy_terms":       {"", "?top_only=true"},
	}
	for path, queries := range lists {
		sch := api.response(t, path, "200")
		for _, q := range queries {
			target := "/api/hsds" + strings.TrimSuffix(path, "/") + q
			if path == "/" {
				target = "/api/hsds/"
			}
			p := s.get(target)
			if p.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", target, p.status, p.body)
			}
			validate(t, sch, target, p.body)
		}
	}
	// Every object of the publication, whole.
	for _, kind := range []string{"services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"} {
		var list hsdsPage
		s.hsdsGet("/api/hsds/"+kind+"?per_page=500", &list)
		if list.TotalItems == 0 || len(list.Contents) != list.TotalItems {
			t.Fatalf("%s: %d of %d", kind, len(list.Contents), list.TotalItems)
		}
		path := "/" + kind + "/{id}"
		sch := api.response(t, path, "200")
		for _, id := range ids(t, list.Contents) {
			for _, q := range []string{"", "?full_service=true"} {
				if q != "" && kind != "organizations" {
					continue
				}
				target := "/api/hsds/" + kind + "/" + id + q
				p := s.get(target)
				if p.status != http.StatusOK {
					t.Fatalf("GET %s: %d %s", target, p.status, p.body)
				}
				validate(t, sch, target, p.body)
				validate(t, whole[path], target, p.body)
			}
		}
	}
	// The errors, as the document gives them.
	validate(t, api.response(t, "/services", "400"), "per_page=0", s.get("/api/hsds/services?per_page=0").body)
	validate(t, api.response(t, "/services/{id}", "404"), "unknown id", s.get("/api/hsds/services/"+hsds.ServiceID("00000000-0000-0000-0000-000000000000")).body)
}

// The served document lists exactly the routes the API serves, every
// documented path answers, and the document holds together: OpenAPI 3.1,
// every operation with responses, every local $ref resolving, every
// response schema compiling.
func hsdsOpenAPIMatchesRoutes(t *testing.T, s *site) {
	api := loadOpenAPI(t, s)
	if api.doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", api.doc["openapi"])
	}
	if info := api.doc["info"].(map[string]any); info["license"].(map[string]any)["name"] != testLicence.Name {
		t.Errorf("the document does not state the licence: %v", info["license"])
	}
	if srv := api.doc["servers"].([]any)[0].(map[string]any)["url"]; srv != "http://example.com/api/hsds" {
		t.Errorf("server = %v", srv)
	}
	paths := api.doc["paths"].(map[string]any)
	var documented []string
	for path, item := range paths {
		documented = append(documented, path)
		op := item.(map[string]any)["get"].(map[string]any)
		for status, resp := range op["responses"].(map[string]any) {
			r := resp.(map[string]any)
			if ref, ok := r["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/responses/")
				r = api.doc["components"].(map[string]any)["responses"].(map[string]any)[name].(map[string]any)
			}
			if content, _ := r["content"].(map[string]any); content["application/json"] != nil {
				api.response(t, path, status)
			}
		}
	}
	slices.Sort(documented)

	var served []string
	err := chi.Walk(s.h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodGet && strings.HasPrefix(route, "/api/hsds/") && route != "/api/hsds/openapi.json" {
			served = append(served, strings.TrimPrefix(route, "/api/hsds"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(served)
	if !slices.Equal(served, documented) {
		t.Errorf("served %v\ndocumented %v", served, documented)
	}

	// Every documented path answers 200 with a real id.
	var svc, org, sal, tax, term hsdsPage
	s.hsdsGet("/api/hsds/services", &svc)
	s.hsdsGet("/api/hsds/organizations", &org)
	s.hsdsGet("/api/hsds/service_at_locations", &sal)
	s.hsdsGet("/api/hsds/taxonomies", &tax)
	s.hsdsGet("/api/hsds/taxonomy_terms", &term)
	id := map[string]string{
		"/services/{id}": ids(t, svc.Contents)[0], "/organizations/{id}": ids(t, org.Contents)[0],
		"/service_at_locations/{id}": ids(t, sal.Contents)[0], "/taxonomies/{id}": ids(t, tax.Contents)[0],
		"/taxonomy_terms/{id}": ids(t, term.Contents)[0],
	}
	for _, path := range documented {
		target := "/api/hsds" + strings.Replace(path, "{id}", id[path], 1)
		if p := s.get(target); p.status != http.StatusOK {
			t.Errorf("documented %s answers %d", target, p.status)
		}
	}
}

// The mapping a client sees: one organization with its service, location
// and service_at_location; the address in Poland's Wielkopolska; registry
// numbers as identifiers; categories and target groups as terms; office
// hours with Warsaw's offset; contacts only with consent; ids the same in
// the next publication.
func hsdsMapping(t *testing.T, s *site) {
	ctx := context.Background()
	var orgs hsdsPage
	s.hsdsGet("/api/hsds/organizations?per_page=500&full_service=true", &orgs)
	if orgs.TotalItems != 54 {
		t.Fatalf("%d organizations, want the 54 of the demo", orgs.TotalItems)
	}
	var sawKRS, sawHours, sawContact bool
	for _, raw := range orgs.Contents {
		var o hsds.Organization
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		if len(o.Services) != 1 || o.Services[0].ID != hsds.ServiceID(o.ID) || len(o.Locations) != 1 {
			t.Fatalf("%s: want one service and one location, got %d, %d", o.Name, len(o.Services), len(o.Locations))
		}
		rec, err := s.live.Organisation(ctx, strings.TrimPrefix(o.URI, "http://example.com/organizacje/"))
		if err != nil {
			t.Fatalf("%s: uri %s: %v", o.Name, o.URI, err)
		}
		for _, a := range o.Locations[0].Addresses {
			if a.Country != "PL" || a.StateProvince != "wielkopolskie" || a.City != rec.Address.City || a.PostalCode != rec.Address.PostalCode {
				t.Errorf("%s: address %+v", o.Name, a)
			}
		}
		if rec.KRS != "" {
			if !slices.ContainsFunc(o.OrganizationIdentifiers, func(i hsds.OrganizationIdentifier) bool {
				return i.IdentifierScheme == "PL-KRS" && i.Identifier == rec.KRS
			}) {
				t.Errorf("%s: KRS %s not among %+v", o.Name, rec.KRS, o.OrganizationIdentifiers)
			}
			sawKRS = true
		}
		// Contacts: exactly those who consented, by name.
		var want, got []string
		for _, c := range rec.PublicContacts() {
			want = append(want, c.Name)
		}
		for _, c := range o.Contacts {
			got = append(got, c.Name)
		}
		if !slices.Equal(want, got) {
			t.Errorf("%s: contacts %v, want the consenting %v", o.Name, got, want)
		}
		sawContact = sawContact || len(got) > 0
		// Categories and target groups as attributes of the service.
		var terms []string
		for _, a := range o.Services[0].Attributes {
			terms = append(terms, a.TaxonomyTerm.Code)
		}
		for _, c := range append(slices.Clone(rec.Categories), rec.TargetGroups...) {
			if !slices.Contains(terms, c) {
				t.Errorf("%s: %s not among the service's terms %v", o.Name, c, terms)
			}
		}
		for _, sc := range o.Locations[0].Schedules {
			sawHours = true
			if !strings.HasSuffix(sc.OpensAt, "+01:00") && !strings.HasSuffix(sc.OpensAt, "+02:00") || sc.Freq != "WEEKLY" || sc.ValidFrom == "" {
				t.Errorf("%s: schedule %+v", o.Name, sc)
			}
		}
	}
	for _, prefix := range []string{"hsds_", "access_", "language_", "legal_form_"} {
		if body := s.get("/api/hsds/organizations?format=ndjson&full_service=true").body; strings.Contains(body, `"`+prefix) {
			t.Errorf("a message id %s… shows instead of its text", prefix)
		}
	}
	if !sawKRS || !sawHours || !sawContact {
		t.Fatalf("the demo showed no KRS (%v), hours (%v) or contact (%v): the test proves nothing", sawKRS, sawHours, sawContact)
	}

	// A contact person without consent is in the working copy, never in
	// the API.
	var withheld string
	for _, raw := range orgs.Contents {
		var o hsds.Organization
		json.Unmarshal(raw, &o)
		rec, err := s.store.Organisation(ctx, strings.TrimPrefix(o.URI, "http://example.com/organizacje/"))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rec.Contacts {
			if !c.Consent && c.Name != "" {
				withheld = c.Name
			}
		}
	}
	if withheld == "" {
		t.Fatal("the demo has no contact without consent: the test proves nothing")
	}
	if p := s.get("/api/hsds/organizations?format=ndjson&full_service=true"); strings.Contains(p.body, withheld) {
		t.Errorf("%s, who did not consent, is in the API", withheld)
	}

	// The same ids in the next publication.
	var before hsdsPage
	s.hsdsGet("/api/hsds/service_at_locations?per_page=500&full=true", &before)
	if _, err := s.publishNow(ctx, "again", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	var after hsdsPage
	p := s.hsdsGet("/api/hsds/service_at_locations?per_page=500&full=true", &after)
	if p.status != http.StatusOK || !slices.Equal(ids(t, before.Contents), ids(t, after.Contents)) {
		t.Errorf("ids changed with the publication")
	}
}

// The confidential shelter's street, building number and coordinates
// appear in no answer of the API.
func hsdsConfidentialAddress(t *testing.T, s *site) {
	var found hsdsPage
	s.hsdsGet("/api/hsds/services?search=bezpieczny+dom", &found)
	if found.TotalItems == 0 {
		t.Fatal("the search does not find the shelter: the walk would prove nothing")
	}
	for _, target := range []string{
		"/api/hsds/organizations?format=ndjson&full_service=true",
		"/api/hsds/services?format=ndjson&full=true",
		"/api/hsds/service_at_locations?format=ndjson&full=true",
		"/api/hsds/services/" + ids(t, found.Contents)[0],
	} {
		p := s.get(target)
		if p.status != http.StatusOK {
			t.Fatalf("GET %s: %d", target, p.status)
		}
		for _, secret := range shelterSecrets {
			if strings.Contains(p.body, secret) {
				t.Errorf("%s shows %q", target, secret)
			}
		}
	}
}

// The list parameters combine with AND and agree with the directory's own
// search and filters; the Page object counts right; NDJSON gives every
// result unpaginated.
func hsdsListParameters(t *testing.T, s *site) {
	ctx := context.Background()
	facets, err := s.live.Facets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat := facets.Categories[0].Slug
	term := hsds.TermID(hsds.TaxonomyCategories, cat)
	var byTerm hsdsPage
	s.hsdsGet("/api/hsds/services?taxonomy_term_id="+term, &byTerm)
	if byTerm.TotalItems != facets.Counts[cat] || byTerm.TotalItems == 0 {
		t.Errorf("taxonomy_term_id of %s: %d, the directory counts %d", cat, byTerm.TotalItems, facets.Counts[cat])
	}
	res, _ := s.live.Search(ctx, directory.Query{Text: "seniorzy", Category: cat, PerPage: 100})
	var both hsdsPage
	s.hsdsGet("/api/hsds/services?search=seniorzy&taxonomy_term_id="+term, &both)
	if both.TotalItems != res.Total {
		t.Errorf("search AND term: %d, the directory finds %d", both.TotalItems, res.Total)
	}
	var vol hsdsPage
	s.hsdsGet("/api/hsds/services?taxonomy_term_id="+hsds.TermID(hsds.TaxonomyFeatures, hsds.FeatureVolunteers), &vol)
	volRes, _ := s.live.Search(ctx, directory.Query{Volunteers: true})
	if vol.TotalItems != volRes.Total || vol.TotalItems == 0 {
		t.Errorf("volunteers: %d, the directory finds %d", vol.TotalItems, volRes.Total)
	}

	var all hsdsPage
	s.hsdsGet("/api/hsds/services?per_page=500", &all)
	var p1, p2 hsdsPage
	s.hsdsGet("/api/hsds/services?per_page=20&page=1", &p1)
	s.hsdsGet("/api/hsds/services?per_page=20&page=3", &p2)
	if p1.TotalPages != 3 || !p1.FirstPage || p1.LastPage || p2.Size != all.TotalItems-40 || !p2.LastPage || p2.PageNumber != 3 {
		t.Errorf("pages: %+v / %+v", p1, p2)
	}
	if !slices.Equal(ids(t, p2.Contents), ids(t, all.Contents)[40:]) {
		t.Error("page 3 is not the third twenty of the list")
	}
	var past hsdsPage
	s.hsdsGet("/api/hsds/services?page=99", &past)
	if past.Size != 0 || past.TotalItems != all.TotalItems || past.Empty {
		t.Errorf("past the end: %+v", past)
	}

	var one hsdsPage
	orgID := ids(t, all.Contents)[0]
	var svc hsds.Service
	json.Unmarshal(all.Contents[0], &svc)
	s.hsdsGet("/api/hsds/service_at_locations?organization_id="+svc.OrganizationID, &one)
	if one.TotalItems != 1 || ids(t, one.Contents)[0] != hsds.ServiceAtLocationID(svc.OrganizationID) {
		t.Errorf("organization_id %s: %+v (service %s)", svc.OrganizationID, one, orgID)
	}
	var none hsdsPage
	s.hsdsGet("/api/hsds/services?modified_after=2999-01-01", &none)
	var since hsdsPage
	s.hsdsGet("/api/hsds/services?modified_after=2000-01-01T00:00:00Z", &since)
	if none.TotalItems != 0 || !none.Empty || since.TotalItems != all.TotalItems {
		t.Errorf("modified_after: future %d, past %d of %d", none.TotalItems, since.TotalItems, all.TotalItems)
	}

	p := s.get("/api/hsds/services?format=ndjson&per_page=1")
	if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("ndjson Content-Type %q", ct)
	}
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(p.body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v hsds.Service
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, v.ID)
	}
	if !slices.Equal(lines, ids(t, all.Contents)) {
		t.Errorf("ndjson gave %d lines, the list %d", len(lines), all.TotalItems)
	}

	var minimal hsdsPage
	s.hsdsGet("/api/hsds/services?minimal=true", &minimal)
	var m map[string]any
	json.Unmarshal(minimal.Contents[0], &m)
	if _, ok := m["last_modified"]; !ok || len(m) != 4 {
		t.Errorf("minimal item: %v", m)
	}
}

// Bad parameters are 400 naming the parameter, in JSON; unknown ids and
// paths 404; other methods 405; all in JSON, never a page.
func hsdsErrors(t *testing.T, s *site) {
	for target, param := range map[string]string{
		"/api/hsds/services?per_page=0":                         "per_page",
		"/api/hsds/services?per_page=100000":                    "per_page",
		"/api/hsds/services?page=abc":                           "page",
		"/api/hsds/services?taxonomy_id=kategorie":              "taxonomy_id",
		"/api/hsds/services?modified_after=wczoraj":             "modified_after",
		"/api/hsds/services?format=xml":                         "format",
		"/api/hsds/organizations?full_service=tak":              "full_service",
		"/api/hsds/organizations/x?full_service=tak":            "full_service",
		"/api/hsds/taxonomy_terms?top_only=maybe":               "top_only",
		"/api/hsds/services?search=" + strings.Repeat("a", 201): "search",
	} {
		p := s.get(target)
		var e struct {
			Status    int
			Error     string
			Message   string
			Parameter string
		}
		if err := json.Unmarshal([]byte(p.body), &e); err != nil || p.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", target, p.status, p.body)
			continue
		}
		if e.Parameter != param || !strings.Contains(e.Message, param) || e.Status != 400 {
			t.Errorf("%s: %+v, want parameter %s named", target, e, param)
		}
	}
	for target, status := range map[string]int{
		"/api/hsds/services/not-a-uuid":                       404,
		"/api/hsds/services/" + hsds.ServiceID("nobody"):      404,
		"/api/hsds/organizations/" + hsds.ServiceID("nobody"): 404,
		"/api/hsds/taxonomies/" + hsds.TaxonomyID("nothing"):  404,
		"/api/hsds/nowhere":                                   404,
		"/api/hsds/services?search=%00":                       400,
		"/api/hsds/services?search=%ff":                       400,
	} {
		p := s.get(target)
		if p.status != status || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") || !strings.Contains(p.body, `"status":`+strconv.Itoa(status)) {
			t.Errorf("%s: %d %q %s", target, p.status, p.header.Get("Content-Type"), p.body)
		}
	}
	if p := s.do(http.MethodPost, "/api/hsds/services", nil); p.status != http.StatusMethodNotAllowed && p.status != http.StatusForbidden || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
		t.Errorf("POST: %d %q", p.status, p.header.Get("Content-Type"))
	}
	// An organization id asked as a service is not found: ids name one
	// kind of object.
	var orgs hsdsPage
	s.hsdsGet("/api/hsds/organizations", &orgs)
	if p := s.get("/api/hsds/services/" + ids(t, orgs.Contents)[0]); p.status != http.StatusNotFound {
		t.Errorf("an organization's id as a service: %d", p.status)
	}
}

// Other sites' scripts may read the API (CORS, with the preflight); an
// unchanged publication is answered 304; the root states the publication
// and the licence.
func hsdsCORSAndETag(t *testing.T, s *site) {
	req := func(method, target string, h map[string]string) page {
		r, _ := http.NewRequest(method, "http://example.com"+target, nil)
		for k, v := range h {
			r.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, r)
		return page{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	}
	p := req(http.MethodGet, "/api/hsds/services", map[string]string{"Origin": "https://other.example"})
	if p.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("no CORS: %v", p.header)
	}
	pre := req(http.MethodOptions, "/api/hsds/services", map[string]string{
		"Origin": "https://other.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"})
	if pre.status != http.StatusNoContent || !strings.Contains(pre.header.Get("Access-Control-Allow-Methods"), "GET") ||
		!strings.Contains(pre.header.Get("Access-Control-Allow-Headers"), "If-None-Match") || pre.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %v", pre.status, pre.header)
	}
	etag := p.header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if again := req(http.MethodGet, "/api/hsds/services?page=1", map[string]string{"If-None-Match": etag}); again.status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", again.status)
	}
	if _, err := s.publishNow(context.Background(), "next", accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	if after := req(http.MethodGet, "/api/hsds/services", map[string]string{"If-None-Match": etag}); after.status != http.StatusOK || after.header.Get("ETag") == etag {
		t.Errorf("after a publication: %d, ETag %s", after.status, after.header.Get("ETag"))
	}

	var root hsds.Root
	s.hsdsGet("/api/hsds/", &root)
	pub, _ := s.live.Current(context.Background())
	if root.Version != "3.0" || root.OpenAPIURL != "http://example.com/api/hsds/openapi.json" ||
		root.Publication.Number != pub.Number || root.Licence.Name != testLicence.Name || root.Licence.URL != testLicence.URL {
		t.Errorf("root: %+v", root)
	}
	if p := s.get("/api/hsds"); p.status != http.StatusOK {
		t.Errorf("/api/hsds: %d", p.status)
	}
}

// Too many requests from one address get 429 in JSON with Retry-After.
func TestHSDSRateLimit(t *testing.T) {
	s := newSite(t)
	var last page
	for range 601 {
		last = s.get("/api/hsds/nowhere")
		if last.status != http.StatusNotFound {
			break
		}
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" || !strings.Contains(last.body, `"status":429`) {
		t.Errorf("after 601 requests: %d %v %s", last.status, last.header, last.body)
	}
}

// notLoaded is an instance that has not loaded a publication yet.
type notLoaded struct{}

func (notLoaded) Pin(ctx context.Context) context.Context { return ctx }
func (notLoaded) View(context.Context) (*published.View, error) {
	return nil, fault.New(fault.Unavailable, "the publication is not loaded yet")
}

// Before a publication is loaded the API answers 503 with Retry-After.
func TestHSDSUnavailableWithoutPublication(t *testing.T) {
	s := newSite(t, func(d *server.Deps) {
		d.OpenData = notLoaded{}
	})
	p := s.get("/api/hsds/services")
	if p.status != http.StatusServiceUnavailable || p.header.Get("Retry-After") == "" || !strings.Contains(p.body, `"status":503`) {
		t.Errorf("%d %v %s", p.status, p.header, p.body)
	}
}
