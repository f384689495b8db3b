package schema_test

import (
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mopr-leszno/portal/internal/hsds/schema"
)

// The OpenAPI schema refuses what is not an OpenAPI 3.1 document, so the
// API's document passing it says something.
func TestOpenAPI31RefusesWhatIsNotOne(t *testing.T) {
	oas, err := schema.OpenAPI31()
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		`{"openapi": "3.1.0"}`,
		`{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}`,
		`{"openapi": "3.1.0", "info": {"title": "x"}, "paths": {}}`,
		`{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {}}}}}}`,
	} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if oas.Validate(v) == nil {
			t.Errorf("%s passed as an OpenAPI 3.1 document", doc)
		}
	}
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}`))
	if err := oas.Validate(v); err != nil {
		t.Errorf("a minimal document refused: %v", err)
	}
}
