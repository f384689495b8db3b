package export

import (
	"encoding/json"
	"io"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// jsonOrganisation is one organisation in the JSON download: the record's
// public fields, its address in the portal, and its office hours by named
// day (this Hours, the shallower field, replaces the record's own).
type jsonOrganisation struct {
	URL string `json:"url"`
	*directory.Organisation
	Hours jsonWeek `json:"hours"`
}

// jsonWeek is the office hours by day, Monday first; every day is there,
// a closed one with no intervals.
type jsonWeek struct {
	Monday    jsonDay `json:"monday"`
	Tuesday   jsonDay `json:"tuesday"`
	Wednesday jsonDay `json:"wednesday"`
	Thursday  jsonDay `json:"thursday"`
	Friday    jsonDay `json:"friday"`
	Saturday  jsonDay `json:"saturday"`
	Sunday    jsonDay `json:"sunday"`
}

type jsonDay struct {
	Intervals []jsonInterval `json:"intervals"`
	Note      string         `json:"note,omitempty"`
}

// jsonInterval is one opening, as "HH:MM" wall-clock times in Leszno
// ("24:00" closes at midnight).
type jsonInterval struct {
	Opens  string `json:"opens"`
	Closes string `json:"closes"`
}

func weekJSON(h directory.WeeklyHours) jsonWeek {
	day := func(d directory.Day) jsonDay {
		out := jsonDay{Intervals: make([]jsonInterval, len(d.Intervals)), Note: d.Note}
		for i, iv := range d.Intervals {
			out.Intervals[i] = jsonInterval{Opens: iv.Opens.String(), Closes: iv.Closes.String()}
		}
		return out
	}
	return jsonWeek{day(h[1]), day(h[2]), day(h[3]), day(h[4]), day(h[5]), day(h[6]), day(h[7])}
}

type jsonPublication struct {
	Number      int        `json:"number"`
	PublishedAt *time.Time `json:"published_at"`
	Note        string     `json:"note"`
}

// JSONMeta is what a JSON download says about itself.
type JSONMeta struct {
	Publication directory.Publication
	Licence     Licence
	// Selection is the address of the search whose results the download
	// holds; empty for the whole directory.
	Selection string
}

type jsonHead struct {
	Publication jsonPublication `json:"publication"`
	Licence     *Licence        `json:"licence,omitempty"`
	Selection   string          `json:"selection,omitempty"`
}

// WriteOrganisationsJSON writes a publication's organisations orgs as one
// JSON document, {"publication": {…}, "licence": {…}, "selection": "…",
// "organisations": […]}, one organisation at a time; each carries its page
// under base and its office hours by named day. Contact persons are
// written only with their consent. It returns the first error of orgs or
// of w.
func WriteOrganisationsJSON(w io.Writer, orgs Organisations, meta JSONMeta, base string) error {
	pub := meta.Publication
	head := jsonHead{Publication: jsonPublication{Number: pub.Number, Note: pub.Note}, Selection: meta.Selection}
	if meta.Licence != (Licence{}) {
		head.Licence = &meta.Licence
	}
	if !pub.At.IsZero() {
		at := pub.At.In(directory.Warsaw)
		head.Publication.PublishedAt = &at
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	ew := &errWriter{w: w}
	// The head's fields, then the organisations in the same object.
	ew.Write(b[:len(b)-1])
	ew.WriteString(",\n\"organisations\":[")
	first := true
	err = orgs(func(o *directory.Organisation) error {
		c := *o
		c.Contacts = o.PublicContacts()
		b, err := json.Marshal(jsonOrganisation{URL: organisationURL(base, o.Slug), Organisation: &c, Hours: weekJSON(o.Hours)})
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
