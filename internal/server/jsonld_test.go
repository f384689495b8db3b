package server

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
)

// encodeJSON is what templ.JSONScript wrote into the page before.
func encodeJSON(t *testing.T, v any) string {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The hand-written encoding of an organisation page's schema.org data is
// byte for byte encoding/json's, for any text in any field, present or not.
func FuzzSchemaJSON(f *testing.F) {
	f.Add("Fundacja „Nowa Nadzieja” <b>&</b>", "ul. Długa 5\n\t\"x\"\\", "\u2028\u2029\x00\x1f\x7f", "\xff\xfe", 51.84, 16.57, uint8(255))
	f.Add("", "", "", "", 0.0, 0.0, uint8(0))
	f.Fuzz(func(t *testing.T, a, b, c, d string, lat, lon float64, present uint8) {
		on := func(bit uint) bool { return present&(1<<bit) != 0 }
		s := &schemaNGO{Context: "https://schema.org", Type: "NGO", ID: a, URL: b, Name: c, Description: d,
			Address: schemaAddress{Type: "PostalAddress", StreetAddress: b, PostalCode: c, AddressLocality: d, AddressCountry: "PL"}}
		if on(0) {
			s.AlternateName, s.TaxID = a, b
		}
		if on(1) {
			s.Geo = &schemaGeo{Type: "GeoCoordinates", Latitude: lat, Longitude: lon}
		}
		if on(2) {
			s.Telephone, s.Email, s.SameAs = []string{a}, []string{b, c}, []string{d, a, b}
		}
		if on(3) {
			s.Identifier = []schemaIdentifier{{"PropertyValue", "KRS", a}, {"PropertyValue", "REGON", b}}
		}
		if on(4) {
			s.Hours = []schemaHours{{"OpeningHoursSpecification", "https://schema.org/Monday", a, b}}
		}
		if on(5) {
			s.ContactPoint = []schemaContact{{"ContactPoint", a, b, c, d}, {Type: "ContactPoint", Name: d}}
		}
		if on(6) {
			s.KnowsLanguage, s.KnowsAbout = []string{"pl", a}, []string{c}
		}
		want := encodeJSON(t, s)
		if got := string(s.appendJSON(nil)); got != want {
			t.Errorf("hand-written:\n%s\nencoding/json:\n%s", got, want)
		}
	})
}

// A whole organisation, as the page describes it.
func TestSchemaJSONOfAnOrganisation(t *testing.T) {
	lat, lon := 51.8422, 16.5748
	o := &directory.Organisation{Slug: "nowa-nadzieja", Name: "Stowarzyszenie „Nowa Nadzieja”", ShortName: "NN",
		Description: "Pomoc <rodzinom> & dzieciom", NIP: "6972000000", KRS: "0000123456", REGON: "123456785",
		Phones: []string{"+48 65 529 00 00"}, Emails: []string{"biuro@example.org"}, Website: "https://example.org",
		Languages: []string{"pl", "uk"}, Categories: []string{"ubostwo"},
		Address: directory.Address{Street: "ul. Słowiańska 24", PostalCode: "64-100", City: "Leszno", Latitude: &lat, Longitude: &lon}}
	o.Hours[1].Intervals = []directory.Interval{{Opens: directory.ClockTime(8 * 60), Closes: directory.ClockTime(16 * 60)}}
	d := schemaOrg(o, directory.Vocabulary{}, "https://bank.example/organizacje/nowa-nadzieja")
	got := string(d.appendJSON(nil))
	if want := encodeJSON(t, d); got != want {
		t.Errorf("hand-written:\n%s\nencoding/json:\n%s", got, want)
	}
	if !strings.Contains(got, `"openingHoursSpecification":[{"@type":"OpeningHoursSpecification","dayOfWeek":"https://schema.org/Monday","opens":"08:00","closes":"16:00"}]`) ||
		!strings.Contains(got, `\u003crodzinom\u003e \u0026`) {
		t.Errorf("unexpected JSON-LD: %s", got)
	}
}
