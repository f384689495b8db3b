// Package schema holds the official HSDS 3.0 JSON schemas the tests
// validate the API's answers against: the compiled ones of the objects
// the API returns whole or in lists, and the taxonomy ones. They are the
// files of openreferral/specification, branch 3.0, commit
// 279fd2eb3552c349bf698c07c00cc25f5fc8249b (CC BY-SA 4.0, see LICENSE),
// unchanged. Only tests import this package: the portal itself embeds
// none of it.
package schema

import (
	"bytes"
	"embed"
	"io/fs"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.json compiled/*.json
var files embed.FS

// Base is where the API reference's $refs find the schemas.
const Base = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// Compiler returns a compiler holding every schema under its address
// (Base + path). With strict, every object schema refuses properties it
// does not name, as the standard's own CI checks conformance (it sets
// additionalProperties to false everywhere before validating). Formats
// (uuid, uri, email, date-time) are asserted.
func Compiler(strict bool) (*jsonschema.Compiler, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return err
		}
		if strict {
			refuseAdditional(doc)
		}
		return c.AddResource(Base+path, doc)
	})
	return c, err
}

// refuseAdditional sets additionalProperties to false in every object
// schema (one with properties) within v.
func refuseAdditional(v any) {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			if _, set := v["additionalProperties"]; !set || v["additionalProperties"] == true {
				v["additionalProperties"] = false
			}
			for _, p := range props {
				refuseAdditional(p)
			}
		}
		for k, x := range v {
			if k != "properties" {
				refuseAdditional(x)
			}
		}
	case []any:
		for _, x := range v {
			refuseAdditional(x)
		}
	}
}

//go:embed oas/schema-2022-10-07.json
var openAPISchema []byte

// OpenAPI31 is the OpenAPI Initiative's schema of OpenAPI 3.1 documents
// (https://spec.openapis.org/oas/3.1/schema/2022-10-07, unchanged; see
// oas/README.md), compiled: an OpenAPI document that it refuses is not one.
func OpenAPI31() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPISchema))
	if err != nil {
		return nil, err
	}
	const id = "https://spec.openapis.org/oas/3.1/schema/2022-10-07"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id)
}
