package export

import (
	"encoding/csv"
	"io"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// CSV is a dialect of a CSV download: the writer of the file is set from
// it (see writer) and the file's CSVW metadata states it (see WriteCSVW),
// so the two cannot disagree.
type CSV struct {
	Comma rune // the field separator
	BOM   bool // starts with a UTF-8 byte-order mark
	CRLF  bool // lines end with "\r\n"; without, with "\n"
}

var (
	// Excel is the table as Polish Excel opens it with a double click:
	// UTF-8 with a byte-order mark and semicolons (the comma is the
	// decimal separator there), CRLF line ends.
	Excel = CSV{Comma: ';', BOM: true, CRLF: true}
	// RFC4180 is plain CSV (commas, no byte-order mark, CRLF line ends)
	// for programs and other spreadsheets.
	RFC4180 = CSV{Comma: ',', BOM: false, CRLF: true}
)

// LineTerminator is the end of d's lines.
func (d CSV) LineTerminator() string {
	if d.CRLF {
		return "\r\n"
	}
	return "\n"
}

// writer writes d's byte-order mark to w, if d has one, and returns a CSV
// writer to w with d's separator and line ends. It returns the error of w.
func (d CSV) writer(w io.Writer) (*csv.Writer, error) {
	if d.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma = d.Comma
	cw.UseCRLF = d.CRLF
	return cw, nil
}

// WriteOrganisationsCSV writes a header of labels in l's language and one
// row per organisation of orgs in dialect: every public field in
// form order (directory's Fields) as people read it (directory's
// NamedFields: names, not codes; office hours by the day's name), the
// page address in the directory (under base) where the record keeps its
// slug — headed "Adres w Banku danych", so that it is not taken for the
// organisation's website — and whether it is example data. It returns the
// first error of orgs or of w.
func WriteOrganisationsCSV(w io.Writer, orgs Organisations, dialect CSV, vocab directory.Vocabulary, l *i18n.Localizer, base string) error {
	cw, err := dialect.writer(w)
	if err != nil {
		return err
	}
	var header []string
	for _, f := range (&directory.Organisation{}).Fields() {
		if f.Field == "slug" {
			header = append(header, l.T("embed_csv_url"))
			continue
		}
		header = append(header, l.T(directory.LabelID(f.Field)))
	}
	header = append(header, l.T("embed_csv_example"))
	if err := cw.Write(header); err != nil {
		return err
	}
	names := Names(l, vocab)
	row := make([]string, 0, len(header))
	err = orgs(func(o *directory.Organisation) error {
		row = row[:0]
		c := *o
		// Contact persons only with consent: the read model already
		// leaves the others out; this keeps a download safe on its own.
		c.Contacts = o.PublicContacts()
		c.Address.Conceal()
		for _, f := range c.NamedFields(names) {
			if f.Field == "slug" {
				f.Value = organisationURL(base, o.Slug)
			}
			row = append(row, Cell(f.Value))
		}
		example := "–"
		if o.Example {
			example = "✓"
		}
		row = append(row, example)
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// Names turns the codes of a record into the names l's language reads
// (the labels of the form; languages by their names).
func Names(l *i18n.Localizer, vocab directory.Vocabulary) directory.Names {
	namer := display.Languages(language.Make(l.Lang()))
	return directory.Names{
		Vocab: vocab,
		T:     func(id string) string { return l.T(id) },
		Language: func(code string) string {
			if n := namer.Name(language.Make(code)); n != "" {
				return n
			}
			return code
		},
	}
}
