package export

import (
	"encoding/xml"
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// The Atom feed (RFC 4287), written with encoding/xml.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Rights   string      `xml:"rights,omitempty"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Author    atomPerson `xml:"author"`
	Content   atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// WriteAtom writes the Atom feed of publications pubs, newest first: what
// each one added, changed (with the fields) and removed, in l's language,
// with links under base, stating licence lic (as <rights> and a
// rel="license" link). The feed's time is the newest publication's, or now
// when there is none. It returns the error of w.
func WriteAtom(w io.Writer, pubs []directory.Publication, base string, now time.Time, l *i18n.Localizer, lic Licence) error {
	home := base + "/organizacje"
	host := "localhost"
	if u, err := url.Parse(home); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	author := atomPerson{Name: l.T("embed_feed_author"), URI: base + "/"}
	f := atomFeed{
		Lang:     l.Lang(),
		ID:       "tag:" + host + ",2026:publikacje",
		Title:    l.T("embed_feed_title"),
		Subtitle: l.T("embed_feed_subtitle"),
		Updated:  atomTime(now),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + "/publikacje.atom"},
			{Rel: "alternate", Type: "text/html", Href: home},
		},
		Author: author,
	}
	if lic.URL != "" {
		f.Rights = l.T("downloads_licence") + ": " + lic.Name + " (" + lic.URL + ")"
		f.Links = append(f.Links, atomLink{Rel: "license", Type: "text/html", Href: lic.URL})
	}
	if len(pubs) > 0 {
		f.Updated = atomTime(pubs[0].At)
	}
	for _, p := range pubs {
		f.Entries = append(f.Entries, atomEntry{
			ID:        "tag:" + host + ",2026:publikacja-" + strconv.Itoa(p.Number),
			Title:     l.T("embed_feed_entry_title", map[string]int{"Number": p.Number}),
			Updated:   atomTime(p.At),
			Published: atomTime(p.At),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: home}},
			Author:    author,
			Content:   atomText{Type: "html", Body: publicationHTML(p, base, l)},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	return enc.Close()
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// publicationHTML describes a publication for feed readers: its note, then
// the organisations added, changed (with the changed fields' labels) and
// removed. Every text is escaped here; the XML encoder escapes the whole
// again as the type="html" content requires.
func publicationHTML(p directory.Publication, base string, l *i18n.Localizer) string {
	var b strings.Builder
	esc := html.EscapeString
	if p.Note != "" {
		b.WriteString("<p>" + esc(p.Note) + "</p>")
	}
	if p.RestoredFrom != 0 {
		b.WriteString("<p>" + esc(l.T("embed_feed_restored", map[string]int{"Number": p.RestoredFrom})) + "</p>")
	}
	link := func(c directory.PublishedChange) string {
		return `<a href="` + esc(organisationURL(base, c.Slug)) + `">` + esc(c.Name) + `</a>`
	}
	list := func(title string, cs []directory.PublishedChange, item func(directory.PublishedChange) string) {
		if len(cs) == 0 {
			return
		}
		b.WriteString("<h3>" + esc(title) + "</h3><ul>")
		for _, c := range cs {
			b.WriteString("<li>" + item(c) + "</li>")
		}
		b.WriteString("</ul>")
	}
	list(l.T("embed_feed_added"), p.Added, link)
	list(l.T("embed_feed_changed"), p.Changed, func(c directory.PublishedChange) string {
		labels := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			labels[i] = l.T(directory.LabelID(f))
		}
		if len(labels) == 0 {
			return link(c)
		}
		return link(c) + " — " + esc(strings.Join(labels, ", "))
	})
	list(l.T("embed_feed_removed"), p.Removed, func(c directory.PublishedChange) string { return esc(c.Name) })
	if p.Unlisted > 0 {
		b.WriteString("<p>" + esc(l.N("embed_feed_unlisted", p.Unlisted)) + "</p>")
	}
	if len(p.Added)+len(p.Changed)+len(p.Removed) == 0 && p.RestoredFrom == 0 {
		b.WriteString("<p>" + esc(l.T("embed_feed_no_changes")) + "</p>")
	}
	b.WriteString("<p>" + esc(l.N("embed_feed_count", p.Organisations)) + "</p>")
	return b.String()
}
