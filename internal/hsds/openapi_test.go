package hsds

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The document For writes is the one encoded whole with its server: the
// URL is written into the document encoded once, escaped as inside it.
func TestOpenAPIForIsTheDocumentEncodedWithItsServer(t *testing.T) {
	const licence, licenceURL = "CC BY 4.0 <&>", "https://creativecommons.org/licenses/by/4.0/"
	doc, err := NewOpenAPI(licence, licenceURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, server := range []string{
		"http://example.com/api/hsds",
		"https://other.example:8443/api/hsds",
		`http://host/"quoted"\<&>/api/hsds`,
		"http://żółw.example/api/hsds\u2028",
		"http://bad\xff/api/hsds",
	} {
		var want map[string]any
		if err := json.Unmarshal(openapi, &want); err != nil {
			t.Fatal(err)
		}
		want["info"].(map[string]any)["license"] = map[string]any{"name": licence, "url": licenceURL}
		want["servers"] = []any{map[string]any{"url": server}}
		wantJSON, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.For(server); !bytes.Equal(got, wantJSON) {
			t.Errorf("For(%q) differs from the document encoded with it", server)
		}
	}
}
