package export

import (
	"io"
	"iter"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/published"
)

// The downloads of the directory, built once per publication (their names
// are the files' names in the portal's addresses).
const (
	DownloadExcel = "organizacje.csv"
	DownloadComma = "organizacje-przecinek.csv"
	DownloadJSON  = "organizacje.json"
)

// DownloadNames lists the downloads Downloads builds.
var DownloadNames = []string{DownloadExcel, DownloadComma, DownloadJSON}

// Downloads are the directory's downloads as a publication's artifact
// builds them: labelled in l's language, each organisation's page under
// base (the portal's absolute address; empty: paths alone), the JSON
// stating licence lic.
func Downloads(l *i18n.Localizer, base string, lic Licence) []published.Download {
	table := func(dialect CSV) func(io.Writer, directory.Publication, directory.Vocabulary, iter.Seq[*directory.Organisation]) error {
		return func(w io.Writer, _ directory.Publication, vocab directory.Vocabulary, orgs iter.Seq[*directory.Organisation]) error {
			return WriteOrganisationsCSV(w, sequence(orgs), dialect, vocab, l, base)
		}
	}
	return []published.Download{
		{Name: DownloadExcel, Write: table(Excel)},
		{Name: DownloadComma, Write: table(RFC4180)},
		{Name: DownloadJSON, Write: func(w io.Writer, pub directory.Publication, _ directory.Vocabulary, orgs iter.Seq[*directory.Organisation]) error {
			return WriteOrganisationsJSON(w, sequence(orgs), JSONMeta{Publication: pub, Licence: lic}, base)
		}},
	}
}

func sequence(orgs iter.Seq[*directory.Organisation]) Organisations {
	return func(yield func(*directory.Organisation) error) error {
		for o := range orgs {
			if err := yield(o); err != nil {
				return err
			}
		}
		return nil
	}
}
