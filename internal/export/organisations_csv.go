package export

import (
	"encoding/csv"
	"io"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// CSV is a dialect of the organisations table.
type CSV struct {
	Comma rune // the field separator
	BOM   bool // starts with a UTF-8 byte-order mark
}

var (
	// Excel is the table as Polish Excel opens it with a double click:
	// UTF-8 with a byte-order mark and semicolons (the comma is the
	// decimal separator there).
	Excel = CSV{Comma: ';', BOM: true}
	// RFC4180 is plain CSV (commas, no byte-order mark) for programs and
	// other spreadsheets.
	RFC4180 = CSV{Comma: ',', BOM: false}
)

// WriteOrganisationsCSV writes a header of labels in l's language and one
// row per organisation of orgs (CRLF line ends): every public field in
// form order (directory's Fields), with codes named as vocab and l name
// them, then the organisation's page under base and whether it is example
// data. It returns the first error of orgs or of w.
func WriteOrganisationsCSV(w io.Writer, orgs Organisations, dialect CSV, vocab directory.Vocabulary, l *i18n.Localizer, base string) error {
	if dialect.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma = dialect.Comma
	cw.UseCRLF = true
	var header []string
	for _, f := range (&directory.Organisation{}).Fields() {
		header = append(header, l.T(directory.LabelID(f.Field)))
	}
	header = append(header, l.T("embed_csv_url"), l.T("embed_csv_example"))
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	err := orgs(func(o *directory.Organisation) error {
		row = row[:0]
		for _, f := range publicView(o, vocab, l).Fields() {
			row = append(row, Cell(f.Value))
		}
		example := "–"
		if o.Example {
			example = "✓"
		}
		row = append(row, Cell(organisationURL(base, o.Slug)), example)
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// publicView is the organisation as the downloads show it: contact
// persons only with consent (the read model already leaves the others
// out; this keeps a download safe on its own), and codes turned into the
// names the portal shows.
func publicView(o *directory.Organisation, v directory.Vocabulary, l *i18n.Localizer) *directory.Organisation {
	c := *o
	c.Contacts = o.PublicContacts()
	c.LegalForm = directory.LegalForm(l.T("legal_form_" + string(o.LegalForm)))
	c.Categories = mapNames(o.Categories, v.CategoryName)
	c.TargetGroups = mapNames(o.TargetGroups, v.TargetGroupName)
	if o.Address.District != "" {
		c.Address.District = v.DistrictName(o.Address.District)
	}
	c.Accessibility = mapNames(o.Accessibility, func(a string) string { return l.T("access_" + a) })
	return &c
}

func mapNames(codes []string, name func(string) string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return out
}
