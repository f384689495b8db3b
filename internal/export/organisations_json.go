package export

import (
	"encoding/json"
	"io"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// jsonOrganisation is one organisation in the JSON download: the record's
// public fields and its address in the portal.
type jsonOrganisation struct {
	URL string `json:"url"`
	*directory.Organisation
}

type jsonPublication struct {
	Number      int        `json:"number"`
	PublishedAt *time.Time `json:"published_at"`
	Note        string     `json:"note"`
}

// WriteOrganisationsJSON writes publication pub and its organisations orgs
// as one JSON document, {"publication": {…}, "organisations": […]}, one
// organisation at a time; each carries its page under base. Contact
// persons are written only with their consent. It returns the first error
// of orgs or of w.
func WriteOrganisationsJSON(w io.Writer, orgs Organisations, pub directory.Publication, base string) error {
	head := jsonPublication{Number: pub.Number, Note: pub.Note}
	if !pub.At.IsZero() {
		at := pub.At.In(directory.Warsaw)
		head.PublishedAt = &at
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	ew := &errWriter{w: w}
	ew.WriteString(`{"publication":`)
	ew.Write(b)
	ew.WriteString(",\n\"organisations\":[")
	first := true
	err = orgs(func(o *directory.Organisation) error {
		c := *o
		c.Contacts = o.PublicContacts()
		b, err := json.Marshal(jsonOrganisation{URL: organisationURL(base, o.Slug), Organisation: &c})
		if err != nil {
			return err
		}
		if !first {
			ew.WriteString(",")
		}
		first = false
		ew.WriteString("\n")
		ew.Write(b)
		return ew.err
	})
	if err != nil {
		return err
	}
	ew.WriteString("\n]}\n")
	return ew.err
}

// errWriter keeps the first write error, so that a run of writes is
// checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}

func (e *errWriter) WriteString(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}
