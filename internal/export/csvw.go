package export

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// A CSV file has no place for metadata that the programs reading it would
// not take for data, so the CSV downloads are described beside them, the
// way W3C "CSV on the Web" (CSVW) sets out: a metadata document at the
// file's address followed by "-metadata.json" (the location CSVW
// processors try first), linked from the file's response with
// rel="describedby". It states the licence, the publisher, the publication
// and its date, the dialect and every column with its title in the
// header, so the file's own columns stay exactly as they are.

// Column is one column of a CSV download.
type Column struct {
	// Name is the column's machine name (the record's field key).
	Name string
	// Titles are the header's text in each language, by language code;
	// the file's header is the Polish one.
	Titles map[string]string
	// Datatype is the CSVW datatype: "string", "anyURI" or a boolean
	// with its format ("✓|–").
	Datatype any
}

// Table is what the metadata of one CSV download says.
type Table struct {
	// URL is the CSV file's absolute address.
	URL         string
	Title       map[string]string // by language code
	Dialect     CSV               // the file's, as its writer was set
	Columns     []Column
	Publication directory.Publication
	Licence     Licence
	Publisher   Publisher
}

// OrganisationColumns are the columns of the organisations CSV (see
// WriteOrganisationsCSV), titled in each of ls's languages.
func OrganisationColumns(ls []*i18n.Localizer) []Column {
	titles := func(id string) map[string]string {
		m := make(map[string]string, len(ls))
		for _, l := range ls {
			m[l.Lang()] = l.T(id)
		}
		return m
	}
	var cols []Column
	for _, f := range (&directory.Organisation{}).Fields() {
		if f.Field == "slug" {
			cols = append(cols, Column{Name: "url", Titles: titles("embed_csv_url"), Datatype: "anyURI"})
			continue
		}
		cols = append(cols, Column{Name: f.Field, Titles: titles(directory.LabelID(f.Field)), Datatype: "string"})
	}
	return append(cols, Column{Name: "example", Titles: titles("embed_csv_example"),
		Datatype: map[string]string{"base": "boolean", "format": "✓|–"}})
}

// StrategyColumns are the columns of the strategy's long CSV (see
// WriteStrategyCSV); their header is their name.
func StrategyColumns() []Column {
	cols := make([]Column, len(strategyCSVHeader))
	for i, h := range strategyCSVHeader {
		cols[i] = Column{Name: h, Titles: map[string]string{"pl": h}, Datatype: "string"}
	}
	return cols
}

// langValues are the texts of m as JSON-LD language-tagged values, Polish
// first.
func langValues(m map[string]string) []node {
	var out []node
	for _, lang := range []string{"pl", "uk", "en"} {
		if v, ok := m[lang]; ok {
			out = append(out, node{"@language": lang, "@value": v})
		}
	}
	return out
}

// WriteCSVW writes t as a CSVW metadata document (JSON-LD with the CSVW
// context). It returns the error of w.
func WriteCSVW(w io.Writer, t Table) error {
	cols := make([]node, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = node{"name": c.Name, "titles": c.Titles, "datatype": c.Datatype}
	}
	doc := node{
		"@context": []any{"http://www.w3.org/ns/csvw", node{"@language": "pl"}},
		"url":      t.URL,
		"dc:title": langValues(t.Title),
		"dialect": node{
			"delimiter":       string(t.Dialect.Comma),
			"encoding":        "utf-8",
			"header":          true,
			"lineTerminators": []string{t.Dialect.LineTerminator()},
		},
		"tableSchema": node{"columns": cols},
	}
	if t.Publisher.Name != "" {
		doc["dc:publisher"] = node{"schema:name": t.Publisher.Name}
	}
	if t.Licence.URL != "" {
		doc["dc:license"] = node{"@id": t.Licence.URL}
		doc["schema:license"] = node{"@id": t.Licence.URL, "schema:name": t.Licence.Name}
	}
	if t.Publication.Number > 0 {
		doc["schema:version"] = strconv.Itoa(t.Publication.Number)
	}
	if !t.Publication.At.IsZero() {
		doc["dc:modified"] = node{"@type": "xsd:dateTime", "@value": t.Publication.At.In(directory.Warsaw).Format(time.RFC3339)}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
