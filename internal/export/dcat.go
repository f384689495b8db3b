package export

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// The catalogue of the portal's datasets in DCAT-AP (the EU application
// profile of W3C DCAT, of which DCAT-AP-PL, the profile dane.gov.pl
// harvests, is a subprofile), written as JSON-LD. Every term is a compact
// IRI of a prefix declared in the context (dct:title, dcat:distribution),
// so a harvester that expands the document and a program that reads it as
// plain JSON read the same thing.

// CataloguePath is the catalogue's address in the portal.
const CataloguePath = "/katalog.jsonld"

// The addresses the catalogue describes, beside the directory's downloads.
const (
	FeedPath          = "/publikacje.atom"
	StrategyCSVPath   = "/strategia.csv"
	StrategyJSONPath  = "/strategia.json"
	HSDSPath          = "/api/hsds/"
	MetadataSuffix    = "-metadata.json"
	CSVWMediaType     = "application/csvm+json"
	JSONLDMediaType   = "application/ld+json"
	hsdsSpecification = "https://docs.openreferral.org/en/latest/hsds/"
)

// Vocabularies the catalogue points into: the EU's authority tables for
// file types, languages and data themes (required or recommended by
// DCAT-AP), IANA's media types.
const (
	euFileType = "http://publications.europa.eu/resource/authority/file-type/"
	euLanguage = "http://publications.europa.eu/resource/authority/language/"
	euTheme    = "http://publications.europa.eu/resource/authority/data-theme/"
	ianaMedia  = "http://www.iana.org/assignments/media-types/"
)

// MediaTypeIRI is media type t (without parameters) as the IANA address
// DCAT-AP's dcat:mediaType takes.
func MediaTypeIRI(t string) string { return ianaMedia + t }

var dcatContext = map[string]string{
	"dcat":  "http://www.w3.org/ns/dcat#",
	"dct":   "http://purl.org/dc/terms/",
	"foaf":  "http://xmlns.com/foaf/0.1/",
	"vcard": "http://www.w3.org/2006/vcard/ns#",
	"owl":   "http://www.w3.org/2002/07/owl#",
	"xsd":   "http://www.w3.org/2001/XMLSchema#",
}

// Publisher is who publishes the data: MOPR as the site texts name it.
type Publisher struct {
	Name  string
	Email string
}

// Catalogue is what the DCAT-AP catalogue states.
type Catalogue struct {
	// Base is the portal's absolute address, without a trailing slash.
	Base        string
	Publication directory.Publication
	Licence     Licence
	Publisher   Publisher
	// Languages are the localizers of the portal's languages, Polish
	// first: titles and descriptions are given in each, language-tagged.
	Languages []*i18n.Localizer
}

type node = map[string]any

// WriteDCAT writes catalogue c as one JSON-LD document: the catalogue, its
// two datasets (the organisations of the current publication and the
// strategy's task cards) with their distributions, and the HSDS API as a
// data service. It returns the error of w.
func WriteDCAT(w io.Writer, c Catalogue) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(c.document())
}

func (c Catalogue) document() node {
	b := c.Base
	ref := func(iri string) node { return node{"@id": iri} }
	texts := func(id string) []node {
		out := make([]node, len(c.Languages))
		for i, l := range c.Languages {
			out[i] = node{"@language": l.Lang(), "@value": l.T(id)}
		}
		return out
	}
	// keywords are a comma-separated message as one language-tagged
	// literal per keyword, as dcat:keyword wants them.
	keywords := func(id string) []node {
		var out []node
		for _, l := range c.Languages {
			for _, k := range strings.Split(l.T(id), ",") {
				if k = strings.TrimSpace(k); k != "" {
					out = append(out, node{"@language": l.Lang(), "@value": k})
				}
			}
		}
		return out
	}
	var langs []node
	for _, l := range c.Languages {
		langs = append(langs, ref(euLanguage+map[string]string{"pl": "POL", "uk": "UKR", "en": "ENG"}[l.Lang()]))
	}
	publisher := node{"@id": b + "/#mopr", "@type": "foaf:Agent", "foaf:name": c.Publisher.Name, "foaf:homepage": ref(b + "/")}
	contact := node{"@type": "vcard:Organization", "vcard:fn": c.Publisher.Name}
	if c.Publisher.Email != "" {
		contact["vcard:hasEmail"] = ref("mailto:" + c.Publisher.Email)
	}
	var licence node
	if c.Licence.URL != "" {
		licence = node{"@id": c.Licence.URL, "@type": "dct:LicenseDocument", "dct:title": c.Licence.Name}
	}
	var modified node
	if !c.Publication.At.IsZero() {
		modified = node{"@type": "xsd:dateTime", "@value": c.Publication.At.In(directory.Warsaw).Format(time.RFC3339)}
	}
	distribution := func(id, path, mediaType, format, title, desc string, schema string) node {
		d := node{
			"@id":            b + CataloguePath + "#" + id,
			"@type":          "dcat:Distribution",
			"dct:title":      texts(title),
			"dcat:accessURL": ref(b + path),
			"dcat:mediaType": ref(MediaTypeIRI(mediaType)),
			"dct:format":     ref(euFileType + format),
		}
		if path != HSDSPath {
			d["dcat:downloadURL"] = ref(b + path)
		}
		if desc != "" {
			d["dct:description"] = texts(desc)
		}
		if licence != nil {
			d["dct:license"] = licence
		}
		if schema != "" {
			d["dct:conformsTo"] = ref(schema)
		}
		return d
	}
	hsds := node{
		"@id":                b + HSDSPath + "#usluga",
		"@type":              "dcat:DataService",
		"dct:title":          texts("opendata_hsds_title"),
		"dct:description":    texts("opendata_hsds_description"),
		"dcat:endpointURL":   ref(b + HSDSPath),
		"dct:conformsTo":     ref(hsdsSpecification),
		"dct:publisher":      ref(b + "/#mopr"),
		"dcat:servesDataset": ref(b + CataloguePath + "#organizacje"),
	}
	if licence != nil {
		hsds["dct:license"] = licence
	}
	api := distribution("organizacje-api", HSDSPath, "application/json", "JSON", "opendata_hsds_title", "opendata_hsds_description", hsdsSpecification)
	api["dcat:accessService"] = ref(b + HSDSPath + "#usluga")

	organisations := node{
		"@id":               b + CataloguePath + "#organizacje",
		"@type":             "dcat:Dataset",
		"dct:identifier":    b + "/organizacje",
		"dct:title":         texts("opendata_orgs_title"),
		"dct:description":   texts("opendata_orgs_description"),
		"dcat:keyword":      keywords("opendata_orgs_keywords"),
		"dct:publisher":     ref(b + "/#mopr"),
		"dcat:contactPoint": contact,
		"dcat:landingPage":  ref(b + "/organizacje"),
		"dcat:theme":        ref(euTheme + "SOCI"),
		"dct:language":      langs,
		"dcat:distribution": []node{
			distribution("organizacje-csv", "/"+DownloadExcel, "text/csv", "CSV", "embed_csv_excel", "embed_csv_excel_hint", b+"/"+DownloadExcel+MetadataSuffix),
			distribution("organizacje-csv-przecinek", "/"+DownloadComma, "text/csv", "CSV", "embed_csv_comma", "embed_csv_comma_hint", b+"/"+DownloadComma+MetadataSuffix),
			distribution("organizacje-json", "/"+DownloadJSON, "application/json", "JSON", "embed_json", "embed_json_hint", ""),
			distribution("publikacje-atom", FeedPath, "application/atom+xml", "ATOM", "embed_feed", "embed_feed_hint", ""),
			api,
		},
	}
	if c.Publication.Number > 0 {
		organisations["owl:versionInfo"] = strconv.Itoa(c.Publication.Number)
	}
	if modified != nil {
		organisations["dct:modified"] = modified
	}
	strategy := node{
		"@id":               b + CataloguePath + "#strategia",
		"@type":             "dcat:Dataset",
		"dct:identifier":    b + "/strategia",
		"dct:title":         texts("opendata_strategy_title"),
		"dct:description":   texts("opendata_strategy_description"),
		"dcat:keyword":      keywords("opendata_strategy_keywords"),
		"dct:publisher":     ref(b + "/#mopr"),
		"dcat:contactPoint": contact,
		"dcat:landingPage":  ref(b + "/strategia"),
		"dcat:theme":        ref(euTheme + "GOVE"),
		"dct:language":      langs[:min(1, len(langs))], // the cards' own texts are Polish
		"dcat:distribution": []node{
			distribution("strategia-csv", StrategyCSVPath, "text/csv", "CSV", "download_csv_all", "", b+StrategyCSVPath+MetadataSuffix),
			distribution("strategia-json", StrategyJSONPath, "application/json", "JSON", "download_json_all", "", ""),
		},
	}
	cat := node{
		"@context":        dcatContext,
		"@id":             b + CataloguePath,
		"@type":           "dcat:Catalog",
		"dct:title":       texts("opendata_catalogue_title"),
		"dct:description": texts("opendata_catalogue_description"),
		"dct:publisher":   publisher,
		"foaf:homepage":   ref(b + "/"),
		"dct:language":    langs,
		"dcat:dataset":    []node{organisations, strategy},
		"dcat:service":    []node{hsds},
	}
	if licence != nil {
		cat["dct:license"] = licence
	}
	if modified != nil {
		cat["dct:modified"] = modified
	}
	return cat
}
