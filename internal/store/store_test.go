package store_test

import (
	"context"
	"testing"

	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/store"
)

// open gives the test a store on its own, freshly migrated database.
func open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dbtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// org returns a minimal valid organisation; change what a test needs.
func org(slug, name string, categories ...string) *directory.Organisation {
	if len(categories) == 0 {
		categories = []string{"ubostwo"}
	}
	return &directory.Organisation{
		Slug:        slug,
		Name:        name,
		LegalForm:   directory.FormAssociation,
		Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
		Description: "Organizacja " + name + ".",
		Categories:  categories,
	}
}

func create(t *testing.T, s *store.Store, orgs ...*directory.Organisation) {
	t.Helper()
	for _, o := range orgs {
		if errs := o.Validate(); errs != nil {
			t.Fatalf("fixture %s is invalid: %v", o.Slug, errs)
		}
	}
	if err := s.CreateOrganisations(context.Background(), orgs...); err != nil {
		t.Fatal(err)
	}
}
