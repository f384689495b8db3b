// Package krs reads the National Court Register (Krajowy Rejestr Sądowy):
// the "odpis aktualny" (current extract) of an entry as its public API
// (api-krs.ms.gov.pl) answers it in JSON, fetched by Client or read from
// a file a person downloaded. It knows the register's shape and the
// directory's fields; it has no HTTP handlers and writes nothing.
package krs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Extract is what the directory takes from one current extract: the
// entry's identity, its seat's address and contact, its public-benefit
// status and whether it is winding up or gone. Text is as the register
// writes it (upper case) unless a field says otherwise; every field is
// valid UTF-8 without control characters.
type Extract struct {
	KRS      string // ten digits
	Register string // "RejS" (associations, foundations) or "RejP"
	AsOf     string // the state of the entry on (stanZDnia), DD.MM.YYYY as written
	Name     string
	// Form is the legal form as the register names it ("FUNDACJA").
	Form  string
	NIP   string // digits, or empty
	REGON string // nine digits for an entity (the register's fourteen cut when they end in 00000), or empty
	// The seat's address, made readable: "ul. Słowiańska 3/2", "64-100", "Leszno".
	Street, PostalCode, City string
	Email                    string // lower case
	Website                  string // with a scheme, lower case
	PublicBenefit            bool   // status OPP
	// Liquidation: the register holds an open liquidation (dział 6) or
	// the name ends "w likwidacji".
	Liquidation bool
	// StruckOff is the date the entry was struck off the register, as
	// written; empty for an entry that stands.
	StruckOff string
}

// LegalForm is the directory's legal form for the register's; a form the
// directory has no name for is FormOther, and no form at all is "".
func (e *Extract) LegalForm() directory.LegalForm {
	f := directory.Fold(e.Form)
	switch {
	case f == "":
		return ""
	case strings.HasPrefix(f, "stowarzyszenie zwykle"):
		return directory.FormOrdinaryAssoc
	case strings.HasPrefix(f, "stowarzyszenie"):
		// also "STOWARZYSZENIE KULTURY FIZYCZNEJ", "… JEDNOSTEK SAMORZĄDU TERYTORIALNEGO"
		return directory.FormAssociation
	case strings.HasPrefix(f, "fundacja"):
		return directory.FormFoundation
	case strings.HasPrefix(f, "spoldzielnia socjalna"):
		return directory.FormSocialCoop
	case strings.HasPrefix(f, "zwiazek stowarzyszen"):
		return directory.FormAssociationUnion
	case strings.HasPrefix(f, "koscielna osoba prawna"):
		return directory.FormChurchEntity
	}
	return directory.FormOther
}

// Expectation is what a place of an extract should have held; the portal
// names it in the person's language.
type Expectation string

// What a FormatError can say was expected.
const (
	ExpectJSON   Expectation = "json"   // well-formed JSON
	ExpectOdpis  Expectation = "odpis"  // the object "odpis" of a current extract
	ExpectObject Expectation = "object" // an object {…}
	ExpectText   Expectation = "text"   // text in quotes
	ExpectBool   Expectation = "bool"   // true or false
	ExpectKRS    Expectation = "krs"    // a KRS number, ten digits
	ExpectName   Expectation = "name"   // the entity's name
)

// FormatError says where an extract is not what the register writes and
// what was expected there. Line and Column (from 1) are where the parser
// stopped, 0 when not known; Place is the JSON path
// ("odpis.dane.dzial1.danePodmiotu.nazwa"), empty for a syntax error.
type FormatError struct {
	Line, Column int
	Place        string
	Expected     Expectation
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("krs: not a current extract")
	if e.Line > 0 {
		fmt.Fprintf(&b, " at line %d, column %d", e.Line, e.Column)
	}
	if e.Place != "" {
		fmt.Fprintf(&b, " (%s)", e.Place)
	}
	fmt.Fprintf(&b, ": expected %s", e.Expected)
	return b.String()
}

// The shape of the register's JSON, as far as the directory reads it.
type document struct {
	Odpis *struct {
		NaglowekA json.RawMessage `json:"naglowekA"`
		Dane      *struct {
			Dzial1 struct {
				DanePodmiotu struct {
					FormaPrawna    string `json:"formaPrawna"`
					Identyfikatory struct {
						REGON string `json:"regon"`
						NIP   string `json:"nip"`
					} `json:"identyfikatory"`
					Nazwa string `json:"nazwa"`
					OPP   bool   `json:"czyPosiadaStatusOPP"`
				} `json:"danePodmiotu"`
				SiedzibaIAdres struct {
					Adres struct {
						Ulica       string `json:"ulica"`
						NrDomu      string `json:"nrDomu"`
						NrLokalu    string `json:"nrLokalu"`
						Miejscowosc string `json:"miejscowosc"`
						KodPocztowy string `json:"kodPocztowy"`
					} `json:"adres"`
					Email string `json:"adresPocztyElektronicznej"`
					WWW   string `json:"adresStronyInternetowej"`
				} `json:"siedzibaIAdres"`
			} `json:"dzial1"`
			// Dział 6 is where the register writes liquidation,
			// dissolution, bankruptcy: read only whether they are there.
			Dzial6 map[string]json.RawMessage `json:"dzial6"`
		} `json:"dane"`
	} `json:"odpis"`
}

type header struct {
	Rejestr   string `json:"rejestr"`
	NumerKRS  string `json:"numerKRS"`
	StanZDnia string `json:"stanZDnia"`
}

// Parse reads a current extract ("odpis aktualny", format=json). An input
// that is not one is a *FormatError saying where and what was expected:
// malformed JSON, no "odpis", a value of the wrong type, no KRS number or
// no name.
func Parse(data []byte) (*Extract, error) {
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, formatError(data, 0, "", err)
	}
	if doc.Odpis == nil || doc.Odpis.Dane == nil {
		place := "odpis"
		if doc.Odpis != nil {
			place = "odpis.dane"
		}
		return nil, &FormatError{Place: place, Expected: ExpectOdpis}
	}
	o := doc.Odpis
	var h header
	if len(o.NaglowekA) > 0 {
		// The header is read twice: its known fields, and every field to
		// find a date of striking off, whose name the register varies
		// ("dataWykreslenia", "dataWykresleniaZRejestru…").
		base := int64(bytes.Index(data, o.NaglowekA))
		if err := json.Unmarshal(o.NaglowekA, &h); err != nil {
			return nil, formatError(data, base, "odpis.naglowekA", err)
		}
	}
	e := &Extract{
		KRS:      clean(h.NumerKRS),
		Register: clean(h.Rejestr),
		AsOf:     clean(h.StanZDnia),
	}
	if !directory.ValidKRS(e.KRS) {
		return nil, &FormatError{Place: "odpis.naglowekA.numerKRS", Expected: ExpectKRS}
	}
	e.KRS = directory.NormalizeDigits(e.KRS)
	var fields map[string]any
	if json.Unmarshal(o.NaglowekA, &fields) == nil {
		for k, v := range fields {
			if s, ok := v.(string); ok && strings.HasPrefix(k, "dataWykreslenia") && clean(s) != "" {
				e.StruckOff = clean(s)
			}
		}
	}
	p := o.Dane.Dzial1.DanePodmiotu
	if e.Name = clean(p.Nazwa); e.Name == "" {
		return nil, &FormatError{Place: "odpis.dane.dzial1.danePodmiotu.nazwa", Expected: ExpectName}
	}
	e.Form = clean(p.FormaPrawna)
	e.PublicBenefit = p.OPP
	e.NIP = directory.NormalizeNIP(clean(p.Identyfikatory.NIP))
	e.REGON = directory.NormalizeDigits(clean(p.Identyfikatory.REGON))
	// The register writes every REGON with fourteen digits; an entity's
	// own is its nine followed by zeros.
	if len(e.REGON) == 14 && strings.HasSuffix(e.REGON, "00000") {
		e.REGON = e.REGON[:9]
	}
	a := o.Dane.Dzial1.SiedzibaIAdres
	street := readable(clean(a.Adres.Ulica))
	number := clean(a.Adres.NrDomu)
	if flat := clean(a.Adres.NrLokalu); flat != "" && number != "" {
		number += "/" + flat
	}
	e.Street = strings.TrimSpace(street + " " + number)
	e.PostalCode = clean(a.Adres.KodPocztowy)
	e.City = readable(clean(a.Adres.Miejscowosc))
	e.Email = strings.ToLower(clean(a.Email))
	if w := strings.ToLower(clean(a.WWW)); w != "" {
		e.Website = directory.NormalizeWebsite(w)
	}
	e.Liquidation = present(o.Dane.Dzial6["likwidacja"]) || strings.HasSuffix(directory.Fold(e.Name), " w likwidacji")
	return e, nil
}

// present reports whether a value of dział 6 holds anything: the
// register writes an empty section as {}, [] or null.
func present(raw json.RawMessage) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}", "[]", `""`:
		return false
	}
	return true
}

// formatError turns a decoding error into a FormatError; base is where
// the decoded part starts in data, place its path.
func formatError(data []byte, base int64, place string, err error) error {
	if syn, ok := errors.AsType[*json.SyntaxError](err); ok {
		line, col := position(data, base+syn.Offset)
		return &FormatError{Line: line, Column: col, Expected: ExpectJSON}
	}
	if typ, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		line, col := position(data, base+typ.Offset)
		path := typ.Field
		if place != "" {
			path = strings.TrimSuffix(place+"."+path, ".")
		}
		want := ExpectObject
		if typ.Type != nil {
			switch typ.Type.Kind() {
			case reflect.String:
				want = ExpectText
			case reflect.Bool:
				want = ExpectBool
			}
		}
		if path == "odpis" || path == "" {
			want = ExpectOdpis
		}
		return &FormatError{Line: line, Column: col, Place: path, Expected: want}
	}
	// An empty input, or one cut short, ends without a syntax error's
	// offset.
	line, col := position(data, int64(len(data)))
	return &FormatError{Line: line, Column: col, Expected: ExpectJSON}
}

// position is the line and column (from 1, in characters) of byte offset
// off of data; the decoder's offsets point just past what it read.
func position(data []byte, off int64) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[lineStart:])
}

// clean is s with surrounding space gone, runs of white space made one
// space and control characters (a NUL among them) removed; invalid UTF-8
// has already become U+FFFD in the decoder, which is removed too.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError:
			return -1
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
