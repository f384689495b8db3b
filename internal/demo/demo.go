// Package demo holds the portal's demonstration content: 54 fictitious
// organisations of Leszno that show every field and filter of the directory
// before real data is entered.
//
// None of it is real. Every record is marked Example (shown as
// "przykładowe dane"), every name contains "Przykładow…", e-mail addresses
// and websites use the reserved example.org domain and phone numbers the
// unassigned +48 65 000 range; the KRS, NIP and REGON numbers only satisfy
// their checksums. Remove deletes the example records, and only them, so
// the demo can be cleared once staff have entered real organisations.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/store"
)

//go:embed organisations.json
var organisationsJSON []byte

// Organisations returns the demo organisations, each marked Example. The
// embedded file is decoded strictly and every record validated, so an error
// (naming the organisation's slug, the field and the message ID) means the
// file and the rules have drifted apart.
func Organisations() ([]*directory.Organisation, error) {
	dec := json.NewDecoder(bytes.NewReader(organisationsJSON))
	dec.DisallowUnknownFields()
	var orgs []*directory.Organisation
	if err := dec.Decode(&orgs); err != nil {
		return nil, fmt.Errorf("demo organisations: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("demo organisations: data after the array")
	}
	for _, o := range orgs {
		o.Example = true
		if errs := o.Validate(); len(errs) > 0 {
			var msgs []string
			for _, field := range slices.Sorted(maps.Keys(errs)) {
				msgs = append(msgs, fmt.Sprintf("field %s: %s", field, errs[field]))
			}
			return nil, fmt.Errorf("demo organisation %q: %s", o.Slug, strings.Join(msgs, "; "))
		}
	}
	return orgs, nil
}

// Load stores every demo organisation in one transaction, so either all are
// stored or none, and returns how many. Loading twice fails on the taken
// slugs (a fault.Conflict from the store).
func Load(ctx context.Context, s *store.Store) (int, error) {
	orgs, err := Organisations()
	if err != nil {
		return 0, err
	}
	if err := s.CreateOrganisations(ctx, orgs...); err != nil {
		return 0, fmt.Errorf("load demo organisations: %w", err)
	}
	return len(orgs), nil
}

// Remove deletes every organisation marked as example data and returns how
// many were deleted.
func Remove(ctx context.Context, s *store.Store) (int64, error) {
	return s.DeleteExamples(ctx)
}
