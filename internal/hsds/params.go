package hsds

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/directory"
)

// The bounds of the list parameters.
const (
	DefaultPerPage = 50
	MaxPerPage     = 500
	MaxPage        = 1_000_000
	MaxSearch      = 200 // characters
)

// List is the parameters of a list request of the HSDS API reference,
// combined with AND.
type List struct {
	Search         string
	Page, PerPage  int
	TaxonomyTermID string
	TaxonomyID     string
	OrganizationID string
	ParentID       string // taxonomy terms: the children of this term
	ModifiedAfter  time.Time
	Minimal        bool
	Full           bool
	FullService    bool
	TopOnly        bool // taxonomy terms: the top level only
	// NDJSON asks for every result, one JSON object a line, unpaginated.
	NDJSON bool
}

// ParamError is a parameter that cannot be read: Param names it and
// Expected is the catalogue's message saying what it takes (with Data).
type ParamError struct {
	Param    string
	Expected string
	Data     map[string]any
}

func (e *ParamError) Error() string { return "hsds: parameter " + e.Param + ": " + e.Expected }

// ParseList reads the list parameters of v. An absent parameter takes its
// default; one that is there must be well formed, or the error names it.
// Parameters the API does not know are ignored, as HTTP APIs do.
func ParseList(v url.Values) (List, error) {
	p := List{Page: 1, PerPage: DefaultPerPage}
	var err error
	text := func(name string) string { return v.Get(name) }
	integer := func(name string, min, max int, dst *int) {
		s := text(name)
		if err != nil || !v.Has(name) {
			return
		}
		n, perr := strconv.Atoi(strings.TrimSpace(s))
		if perr != nil || n < min || n > max {
			err = &ParamError{Param: name, Expected: "hsds_expect_integer", Data: map[string]any{"Min": min, "Max": max}}
			return
		}
		*dst = n
	}
	boolean := func(name string, dst *bool) {
		if err != nil || !v.Has(name) {
			return
		}
		switch strings.ToLower(strings.TrimSpace(text(name))) {
		case "true", "1":
			*dst = true
		case "false", "0":
			*dst = false
		default:
			err = &ParamError{Param: name, Expected: "hsds_expect_boolean"}
		}
	}
	id := func(name string, dst *string) {
		if err != nil || !v.Has(name) {
			return
		}
		u, perr := uuid.Parse(strings.TrimSpace(text(name)))
		if perr != nil {
			err = &ParamError{Param: name, Expected: "hsds_expect_uuid"}
			return
		}
		*dst = u.String()
	}

	if s := text("search"); s != "" {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || utf8.RuneCountInString(s) > MaxSearch {
			return p, &ParamError{Param: "search", Expected: "hsds_expect_search", Data: map[string]any{"Max": MaxSearch}}
		}
		p.Search = strings.TrimSpace(s)
	}
	integer("page", 1, MaxPage, &p.Page)
	integer("per_page", 1, MaxPerPage, &p.PerPage)
	id("taxonomy_term_id", &p.TaxonomyTermID)
	id("taxonomy_id", &p.TaxonomyID)
	id("organization_id", &p.OrganizationID)
	id("parent_id", &p.ParentID)
	boolean("minimal", &p.Minimal)
	boolean("full", &p.Full)
	boolean("full_service", &p.FullService)
	boolean("top_only", &p.TopOnly)
	if err != nil {
		return p, err
	}
	if v.Has("modified_after") {
		t, ok := parseTime(strings.TrimSpace(text("modified_after")))
		if !ok {
			return p, &ParamError{Param: "modified_after", Expected: "hsds_expect_datetime"}
		}
		p.ModifiedAfter = t
	}
	switch f := strings.ToLower(strings.TrimSpace(text("format"))); f {
	case "", "json":
	case "ndjson":
		p.NDJSON = true
	default:
		return p, &ParamError{Param: "format", Expected: "hsds_expect_format"}
	}
	return p, nil
}

// parseTime reads a date-time with an offset (RFC 3339), or a date or a
// date-time without one, taken as Warsaw's wall clock.
func parseTime(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, directory.Warsaw); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
