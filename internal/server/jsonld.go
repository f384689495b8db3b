package server

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/a-h/templ"
)

// jsonLD is a page's schema.org data as the JSON of a
// <script type="application/ld+json"> element, written as templ.JSONScript
// writes it.
type jsonLD []byte

func (j jsonLD) Render(ctx context.Context, w io.Writer) error {
	open := `<script id="jsonld" type="application/ld+json"`
	if nonce := templ.GetNonce(ctx); nonce != "" {
		open += ` nonce="` + templ.EscapeString(nonce) + `"`
	}
	if _, err := io.WriteString(w, open+">"); err != nil {
		return err
	}
	if _, err := w.Write(j); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</script>")
	return err
}

// The organisation page's schema.org data is encoded by hand: through
// encoding/json's reflection it cost a tenth of the page. The output is
// byte for byte what json.NewEncoder(w).Encode(d) writes (HTML-safe, with
// its closing newline), as FuzzSchemaJSON checks.

func (d *schemaNGO) appendJSON(b []byte) []byte {
	b = append(b, `{"@context":`...)
	b = appendJSONString(b, d.Context)
	b = append(b, `,"@type":`...)
	b = appendJSONString(b, d.Type)
	b = append(b, `,"@id":`...)
	b = appendJSONString(b, d.ID)
	b = append(b, `,"url":`...)
	b = appendJSONString(b, d.URL)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, d.Name)
	b = append(b, `,"description":`...)
	b = appendJSONString(b, d.Description)
	b = append(b, `,"address":{"@type":`...)
	b = appendJSONString(b, d.Address.Type)
	// Empty for a confidential address (and when not given).
	if d.Address.StreetAddress != "" {
		b = append(b, `,"streetAddress":`...)
		b = appendJSONString(b, d.Address.StreetAddress)
	}
	if d.Address.PostalCode != "" {
		b = append(b, `,"postalCode":`...)
		b = appendJSONString(b, d.Address.PostalCode)
	}
	b = append(b, `,"addressLocality":`...)
	b = appendJSONString(b, d.Address.AddressLocality)
	b = append(b, `,"addressCountry":`...)
	b = appendJSONString(b, d.Address.AddressCountry)
	b = append(b, '}')
	if d.AlternateName != "" {
		b = append(b, `,"alternateName":`...)
		b = appendJSONString(b, d.AlternateName)
	}
	if d.Geo != nil {
		b = append(b, `,"geo":{"@type":`...)
		b = appendJSONString(b, d.Geo.Type)
		b = append(b, `,"latitude":`...)
		b = appendJSONFloat(b, d.Geo.Latitude)
		b = append(b, `,"longitude":`...)
		b = appendJSONFloat(b, d.Geo.Longitude)
		b = append(b, '}')
	}
	b = appendJSONStrings(b, `,"telephone":`, d.Telephone)
	b = appendJSONStrings(b, `,"email":`, d.Email)
	b = appendJSONStrings(b, `,"sameAs":`, d.SameAs)
	if d.TaxID != "" {
		b = append(b, `,"taxID":`...)
		b = appendJSONString(b, d.TaxID)
	}
	for i, id := range d.Identifier {
		b = append(b, listStart(i, `,"identifier":[`)...)
		b = append(b, `{"@type":`...)
		b = appendJSONString(b, id.Type)
		b = append(b, `,"propertyID":`...)
		b = appendJSONString(b, id.PropertyID)
		b = append(b, `,"value":`...)
		b = appendJSONString(b, id.Value)
		b = append(b, '}')
	}
	b = listEnd(b, len(d.Identifier))
	for i, h := range d.Hours {
		b = append(b, listStart(i, `,"openingHoursSpecification":[`)...)
		b = append(b, `{"@type":`...)
		b = appendJSONString(b, h.Type)
		b = append(b, `,"dayOfWeek":`...)
		b = appendJSONString(b, h.DayOfWeek)
		b = append(b, `,"opens":`...)
		b = appendJSONString(b, h.Opens)
		b = append(b, `,"closes":`...)
		b = appendJSONString(b, h.Closes)
		b = append(b, '}')
	}
	b = listEnd(b, len(d.Hours))
	for i, c := range d.ContactPoint {
		b = append(b, listStart(i, `,"contactPoint":[`)...)
		b = append(b, `{"@type":`...)
		b = appendJSONString(b, c.Type)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, c.Name)
		for _, f := range [...]struct{ key, value string }{{`,"contactType":`, c.ContactType}, {`,"telephone":`, c.Telephone}, {`,"email":`, c.Email}} {
			if f.value != "" {
				b = append(b, f.key...)
				b = appendJSONString(b, f.value)
			}
		}
		b = append(b, '}')
	}
	b = listEnd(b, len(d.ContactPoint))
	b = appendJSONStrings(b, `,"knowsLanguage":`, d.KnowsLanguage)
	b = appendJSONStrings(b, `,"knowsAbout":`, d.KnowsAbout)
	return append(b, "}\n"...)
}

// listStart opens a list (the key and "[") before its first item and
// separates the others.
func listStart(i int, open string) string {
	if i == 0 {
		return open
	}
	return ","
}

func listEnd(b []byte, n int) []byte {
	if n > 0 {
		b = append(b, ']')
	}
	return b
}

// appendJSONStrings appends key and the list ss, or nothing when it is
// empty (omitempty).
func appendJSONStrings(b []byte, key string, ss []string) []byte {
	if len(ss) == 0 {
		return b
	}
	b = append(b, key...)
	for i, s := range ss {
		if i == 0 {
			b = append(b, '[')
		} else {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONFloat writes f as encoding/json does; coordinates are always
// in the plain range, anything else goes through encoding/json.
func appendJSONFloat(b []byte, f float64) []byte {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(f) || math.IsInf(f, 0) {
		out, err := json.Marshal(f)
		if err != nil {
			return append(b, "null"...)
		}
		return append(b, out...)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string the way encoding/json does
// with HTML escaping: <, > and & as \u003c, \u003e, \u0026, the line and
// paragraph separators escaped, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
