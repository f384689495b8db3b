package hsds

import (
	_ "embed"
	"encoding/json"
)

// Version is the HSDS version the API follows.
const Version = "3.0"

// Profile is the HSDS profile the API follows: the core specification.
// The bank needs no profile of its own: its Polish fields map onto core
// fields and attributes (identifiers as organization_identifiers, the
// voivodeship as state_province, the features as taxonomy terms).
const Profile = "https://docs.openreferral.org/en/v3.0/hsds/"

// openapi is the API's OpenAPI 3.1 document: the HSDS API reference
// (openreferral/specification, branch 3.0, CC BY-SA 4.0) with our
// information, the filters organizations take too, list items that are
// brief or whole, the error responses, and without postcode and proximity
// (the bank has no service areas). Its licence and server are filled in
// by OpenAPI.
//
//go:embed openapi.json
var openapi []byte

// OpenAPI returns the OpenAPI document for the API served at server (an
// absolute URL) with the data under the licence named.
func OpenAPI(server, licence, licenceURL string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapi, &doc); err != nil {
		return nil, err
	}
	info := doc["info"].(map[string]any)
	info["license"] = map[string]any{"name": licence, "url": licenceURL}
	doc["servers"] = []any{map[string]any{"url": server}}
	return json.MarshalIndent(doc, "", "  ")
}

// Root is the API's root document.
type Root struct {
	Version     string          `json:"version"`
	Profile     string          `json:"profile"`
	OpenAPIURL  string          `json:"openapi_url"`
	Publication RootPublication `json:"publication"`
	Licence     RootLicence     `json:"licence"`
}

// RootPublication is the publication the API answers from.
type RootPublication struct {
	Number      int    `json:"number"`
	PublishedAt string `json:"published_at"`
}

// RootLicence is the licence of the data.
type RootLicence struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}
