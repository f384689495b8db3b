package hsds

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
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
// by NewOpenAPI and OpenAPI.For.
//
//go:embed openapi.json
var openapi []byte

// OpenAPI is the API's OpenAPI document with the licence of the data
// filled in, decoded and encoded once. Only its server, the absolute URL
// the API is served at, may differ from request to request (it is the
// request's host where the portal has no base URL): For writes it into
// the encoded document.
type OpenAPI struct {
	// head and tail are the encoded document before and after the
	// server's URL (a JSON string).
	head, tail []byte
}

// serverMark stands for the server's URL while the document is encoded:
// a string the document does not hold otherwise (NewOpenAPI checks).
const serverMark = "\x00hsds-server\x00"

// NewOpenAPI returns the OpenAPI document with the data under the licence
// named.
func NewOpenAPI(licence, licenceURL string) (*OpenAPI, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapi, &doc); err != nil {
		return nil, err
	}
	info := doc["info"].(map[string]any)
	info["license"] = map[string]any{"name": licence, "url": licenceURL}
	doc["servers"] = []any{map[string]any{"url": serverMark}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	mark, _ := json.Marshal(serverMark)
	head, tail, ok := bytes.Cut(b, mark)
	if !ok || bytes.Contains(tail, mark) {
		return nil, errors.New("hsds: the OpenAPI document holds the server's mark")
	}
	return &OpenAPI{head: head, tail: tail}, nil
}

// For returns the document for the API served at server (an absolute
// URL): the bytes json.MarshalIndent writes for the document with that
// server, as the URL is encoded alone the way it is encoded inside it.
func (d *OpenAPI) For(server string) []byte {
	url, _ := json.Marshal(server) // a string always encodes
	out := make([]byte, 0, len(d.head)+len(url)+len(d.tail))
	return append(append(append(out, d.head...), url...), d.tail...)
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
