package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/strategy"
)

func polish(t *testing.T) *i18n.Localizer {
	t.Helper()
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return c.Localizer("pl")
}

func TestCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")":  "'=HYPERLINK(\"x\")",
		"+48 65 529 00 00":   "+48 65 529 00 00", // a phone, not a formula
		"+48655290000":       "+48655290000",
		"+48 (65) 529-00-0":  "+48 (65) 529-00-0",
		"+48 65 529 00 00x":  "'+48 65 529 00 00x",
		"+48 65 1, +48 65 2": "+48 65 1, +48 65 2",
		"+48 65 1\n+48 65 2": "+48 65 1\n+48 65 2",
		"+48 65 1|cmd":       "'+48 65 1|cmd",
		"+1!A1":              "'+1!A1",
		"+1+cmd|' /C calc'":  "'+1+cmd|' /C calc'",
		"+SUM(A1)":           "'+SUM(A1)",
		"+":                  "'+",
		"+ 48":               "'+ 48",
		"-1":                 "'-1",
		"@SUM(A1)":           "'@SUM(A1)",
		"\tx":                "'\tx",
		"\rx":                "'\rx",
		"Fundacja":           "Fundacja",
		"":                   "",
		"a=b":                "a=b",
	} {
		if got := export.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

var sample = []*directory.Organisation{{
	Slug: "fundacja-a", Name: "=HYPERLINK(\"http://zło\")", LegalForm: directory.FormFoundation,
	Categories: []string{"seniorzy"},
	Phones:     []string{"+48 65 529 00 00"},
	Contacts: []directory.Contact{
		{Name: "Jawna Osoba", Consent: true},
		{Name: "Ukryta Osoba"},
	},
	Example: true,
}}

func TestOrganisationsCSV(t *testing.T) {
	vocab := directory.Vocabulary{Categories: []directory.Category{{Slug: "seniorzy", Name: "Seniorzy"}}}
	for _, tt := range []struct {
		dialect export.CSV
		bom     bool
	}{{export.Excel, true}, {export.RFC4180, false}} {
		var b bytes.Buffer
		if err := export.WriteOrganisationsCSV(&b, export.Slice(sample), tt.dialect, vocab, polish(t), "https://ngo.example"); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.HasPrefix(out, "\ufeff") != tt.bom {
			t.Errorf("%q: byte-order mark %v, want %v", tt.dialect.Comma, !tt.bom, tt.bom)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
		cr.Comma = tt.dialect.Comma
		rows, err := cr.ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("%q: %d rows, %v", tt.dialect.Comma, len(rows), err)
		}
		head, row := rows[0], rows[1]
		col := func(label string) string {
			for i, h := range head {
				if h == label {
					return row[i]
				}
			}
			t.Fatalf("no column %q in %q", label, head)
			return ""
		}
		if got := col("Nazwa"); got != `'=HYPERLINK("http://zło")` {
			t.Errorf("name cell %q, want the formula defused", got)
		}
		if got := col("Telefony"); got != "+48 65 529 00 00" {
			t.Errorf("phones cell %q, want the number without an apostrophe", got)
		}
		if got := col("Obszary pomocy"); got != "Seniorzy" {
			t.Errorf("categories %q, want the vocabulary's name", got)
		}
		if got := col("Adres w Banku danych"); got != "https://ngo.example/organizacje/fundacja-a" {
			t.Errorf("url %q", got)
		}
		if strings.Contains(out, "Ukryta Osoba") || !strings.Contains(out, "Jawna Osoba") {
			t.Error("contact persons without consent must stay out, with consent in")
		}
		if !strings.Contains(out, "\r\n") {
			t.Error("lines must end with CRLF")
		}
	}
}

func TestOrganisationsJSON(t *testing.T) {
	at := time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	pub := directory.Publication{Number: 7, At: at, Note: "marzec"}
	withHours := *sample[0]
	withHours.Hours[1] = directory.Day{Intervals: []directory.Interval{{Opens: 9 * 60, Closes: 15 * 60}}, Note: "po umówieniu"}
	withHours.Hours[7] = directory.Day{Intervals: []directory.Interval{{Opens: 18 * 60, Closes: 24 * 60}}}
	lic := export.Licence{Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/deed.pl"}
	meta := export.JSONMeta{Publication: pub, Licence: lic, Selection: "https://ngo.example/organizacje?praktyki=tak"}
	if err := export.WriteOrganisationsJSON(&b, export.Slice([]*directory.Organisation{&withHours, sample[0]}), meta, "https://ngo.example"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Publication struct {
			Number      int       `json:"number"`
			PublishedAt time.Time `json:"published_at"`
			Note        string    `json:"note"`
		} `json:"publication"`
		Licence       export.Licence `json:"licence"`
		Selection     string         `json:"selection"`
		Organisations []struct {
			URL      string                     `json:"url"`
			Contacts []directory.Contact        `json:"contacts"`
			Hours    map[string]json.RawMessage `json:"hours"`
		} `json:"organisations"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if doc.Publication.Number != 7 || !doc.Publication.PublishedAt.Equal(at) || doc.Publication.Note != "marzec" {
		t.Errorf("publication %+v", doc.Publication)
	}
	if _, off := doc.Publication.PublishedAt.Zone(); off == 0 {
		t.Error("published_at is not in Warsaw time")
	}
	if len(doc.Organisations) != 2 || doc.Organisations[0].URL != "https://ngo.example/organizacje/fundacja-a" || len(doc.Organisations[0].Contacts) != 1 {
		t.Fatalf("organisations %+v", doc.Organisations)
	}
	if doc.Licence != lic || doc.Selection != meta.Selection {
		t.Errorf("licence %+v, selection %q", doc.Licence, doc.Selection)
	}
	// Office hours by named day, as "HH:MM"; a closed day has no intervals.
	for day, want := range map[string]string{
		"monday":    `{"intervals":[{"opens":"09:00","closes":"15:00"}],"note":"po umówieniu"}`,
		"tuesday":   `{"intervals":[]}`,
		"sunday":    `{"intervals":[{"opens":"18:00","closes":"24:00"}]}`,
		"wednesday": `{"intervals":[]}`, "thursday": `{"intervals":[]}`, "friday": `{"intervals":[]}`, "saturday": `{"intervals":[]}`,
	} {
		if got := string(doc.Organisations[0].Hours[day]); got != want {
			t.Errorf("hours.%s = %s, want %s", day, got, want)
		}
	}
	if len(doc.Organisations[0].Hours) != 7 || strings.Contains(b.String(), `"opens":540`) {
		t.Errorf("hours %v: want the seven named days only, no minutes", doc.Organisations[0].Hours)
	}
	// The whole directory names no selection.
	b.Reset()
	if err := export.WriteOrganisationsJSON(&b, export.Slice(sample), export.JSONMeta{Publication: pub}, ""); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `"selection"`) {
		t.Errorf("the whole directory names a selection: %s", b.String())
	}
}

// FuzzCell checks the CSV-injection guard on any text: a cell comes back
// as it was or with one apostrophe in front, and one left as it was never
// starts a formula a spreadsheet could run — only a plus followed by phone
// numbers: digits, spaces, line feeds, pluses, hyphens, parentheses, dots,
// commas and semicolons, never a letter, quote, | or !.
func FuzzCell(f *testing.F) {
	for _, s := range []string{"", "Fundacja", "=1+1", "+48 65 529 00 00", "+1+cmd|' /C calc'!A0", "-2", "@x", "\tx", "+", "+(1)", "+4 8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := export.Cell(s)
		if got != s && got != "'"+s {
			t.Fatalf("Cell(%q) = %q: want it as it was or with an apostrophe", s, got)
		}
		if got != s || s == "" {
			return
		}
		switch s[0] {
		case '=', '-', '@', '\t', '\r':
			t.Fatalf("Cell(%q) left a formula as it was", s)
		case '+':
			if len(s) < 2 || s[1] < '0' || s[1] > '9' || strings.Trim(s[1:], "0123456789 \n+-().,;") != "" {
				t.Fatalf("Cell(%q) left a formula that is not a phone number as it was", s)
			}
		}
	})
}

// A failing sequence stops the encoder with its error.
func TestEncodersReturnTheSequencesError(t *testing.T) {
	broken := errors.New("database gone")
	orgs := func(yield func(*directory.Organisation) error) error { return broken }
	var b bytes.Buffer
	if err := export.WriteOrganisationsCSV(&b, orgs, export.Excel, directory.Vocabulary{}, polish(t), ""); !errors.Is(err, broken) {
		t.Errorf("CSV: %v", err)
	}
	if err := export.WriteOrganisationsJSON(&b, orgs, export.JSONMeta{}, ""); !errors.Is(err, broken) {
		t.Errorf("JSON: %v", err)
	}
}

func TestAtom(t *testing.T) {
	now := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	if err := export.WriteAtom(&b, nil, "https://ngo.example", now, polish(t), export.Licence{}); err != nil {
		t.Fatal(err)
	}
	var empty struct {
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
	}
	if err := xml.Unmarshal(b.Bytes(), &empty); err != nil || empty.Updated != "2026-04-01T08:00:00Z" || empty.ID != "tag:ngo.example,2026:publikacje" {
		t.Errorf("empty feed %+v, %v", empty, err)
	}

	b.Reset()
	pubs := []directory.Publication{{
		Number: 2, At: now.Add(-time.Hour), Note: "<b>nowe</b>",
		Added:    []directory.PublishedChange{{Slug: "fundacja-a", Name: "Fundacja A"}},
		Changed:  []directory.PublishedChange{{Slug: "b", Name: "B", Fields: []string{"address.city"}}},
		Unlisted: 4,
	}}
	if err := export.WriteAtom(&b, pubs, "https://ngo.example", now, polish(t), export.Licence{Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/"}); err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Updated string `xml:"updated"`
		Rights  string `xml:"rights"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b.Bytes(), &feed); err != nil || len(feed.Entries) != 1 {
		t.Fatalf("feed: %v, %d entries", err, len(feed.Entries))
	}
	if feed.Rights != "Licencja: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" {
		t.Errorf("rights %q, want the licence named", feed.Rights)
	}
	licensed := false
	for _, l := range feed.Links {
		licensed = licensed || l.Rel == "license" && l.Href == "https://creativecommons.org/licenses/by/4.0/"
	}
	if !licensed {
		t.Errorf("links %+v: no rel=license", feed.Links)
	}
	e := feed.Entries[0]
	if feed.Updated != "2026-04-01T07:00:00Z" || e.ID != "tag:ngo.example,2026:publikacja-2" {
		t.Errorf("updated %q, id %q", feed.Updated, e.ID)
	}
	if !strings.Contains(e.Content, "&lt;b&gt;nowe&lt;/b&gt;") || !strings.Contains(e.Content, `<a href="https://ngo.example/organizacje/fundacja-a">Fundacja A</a>`) {
		t.Errorf("content %q: the note must be escaped, the added organisation linked", e.Content)
	}
	if !strings.Contains(e.Content, "i jeszcze 4 zmiany, których tu nie wymieniono") {
		t.Errorf("content %q: the changes left out must be counted", e.Content)
	}
}

func TestStrategyCSVDefusesFormulas(t *testing.T) {
	card := &strategy.Card{}
	card.Task.Title = "=cmd|' /C calc'!A0"
	card.Task.Partners = []strategy.Partner{{Name: "@SUM(1)", Scope: "+1+cmd|' /C calc'!A0"}}
	var b bytes.Buffer
	if err := export.WriteStrategyCSV(&b, []*strategy.Card{card}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "\ufeff") || !strings.Contains(b.String(), "'=cmd") ||
		!strings.Contains(b.String(), "'@SUM(1)") || !strings.Contains(b.String(), "'+1+cmd") {
		t.Errorf("strategy CSV %q", b.String())
	}
}

// The CSVW metadata of a download states the line ends its file has.
func TestCSVWStatesTheFilesLineEnds(t *testing.T) {
	for _, tt := range []struct {
		name    string
		dialect export.CSV
		write   func(*bytes.Buffer) error
	}{
		{"excel", export.Excel, func(b *bytes.Buffer) error {
			return export.WriteOrganisationsCSV(b, export.Slice(sample), export.Excel, directory.Vocabulary{}, polish(t), "")
		}},
		{"comma", export.RFC4180, func(b *bytes.Buffer) error {
			return export.WriteOrganisationsCSV(b, export.Slice(sample), export.RFC4180, directory.Vocabulary{}, polish(t), "")
		}},
		{"strategy", export.StrategyDialect, func(b *bytes.Buffer) error { return export.WriteStrategyCSV(b, nil) }},
	} {
		var file, meta bytes.Buffer
		if err := tt.write(&file); err != nil {
			t.Fatal(err)
		}
		if err := export.WriteCSVW(&meta, export.Table{Dialect: tt.dialect}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Dialect struct {
				LineTerminators []string `json:"lineTerminators"`
			} `json:"dialect"`
		}
		if err := json.Unmarshal(meta.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		header, _, _ := strings.Cut(file.String(), "\n")
		got := "\n"
		if strings.HasSuffix(header, "\r") {
			got = "\r\n"
		}
		if len(doc.Dialect.LineTerminators) != 1 || doc.Dialect.LineTerminators[0] != got {
			t.Errorf("%s: metadata states %q, the file's lines end with %q", tt.name, doc.Dialect.LineTerminators, got)
		}
	}
}
