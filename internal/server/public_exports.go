package server

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// feedEntries is how many publications the Atom feed lists.
const feedEntries = 50

// exportFresh gives a response made from publication p its validators —
// the ETag "p<number>" and the publication time — and answers 304 when the
// client's copy is of the same publication. Clients revalidate every time
// (no-cache), so a new publication shows at once; an unchanged one costs
// one small request.
func exportFresh(w http.ResponseWriter, r *http.Request, p directory.Publication) bool {
	etag := `"p` + strconv.Itoa(p.Number) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if !p.At.IsZero() {
		h.Set("Last-Modified", p.At.UTC().Format(http.TimeFormat))
	}
	if notModified(r, etag, p.At) {
		h.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// exportName is the file name of a download of publication p.
func exportName(p directory.Publication, suffix, ext string) string {
	return "bank-danych-ngo-leszno-p" + strconv.Itoa(p.Number) + suffix + "." + ext
}

// sentWriter remembers whether anything reached the client, so that a
// failure before the first byte still gets the error page.
type sentWriter struct {
	w    io.Writer
	sent bool
}

func (s *sentWriter) Write(p []byte) (int, error) {
	s.sent = true
	return s.w.Write(p)
}

// stream starts a download of publication p and writes it with body. The
// organisations are written one at a time as the store reads them in
// batches, so a directory of 100 000 is never held in memory. A failure
// after the first byte cannot change the status any more: the connection
// is cut, so that the client sees a broken download rather than a short
// file that looks whole.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, ctype, name string, body func(w io.Writer, pub directory.Publication) error) {
	pub, err := s.Directory.Current(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if exportFresh(w, r, pub) {
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+exportName(pub, name, extOf(ctype))+`"`)
	if r.Method == http.MethodHead {
		return
	}
	sw := &sentWriter{w: w}
	bw := bufio.NewWriterSize(sw, 64<<10)
	err = body(bw, pub)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		return
	}
	if !sw.sent {
		for _, k := range []string{"Content-Type", "Content-Disposition", "ETag", "Last-Modified"} {
			h.Del(k)
		}
		s.fail(w, r, err)
		return
	}
	s.Logger.LogAttrs(r.Context(), slog.LevelError, "download failed",
		slog.String("id", middleware.GetReqID(r.Context())), slog.String("path", r.URL.Path), slog.Any("error", err))
	panic(http.ErrAbortHandler)
}

func extOf(ctype string) string {
	switch {
	case strings.HasPrefix(ctype, "text/csv"):
		return "csv"
	case strings.HasPrefix(ctype, "application/json"):
		return "json"
	}
	return "txt"
}

// organisationsCSV is the current publication for spreadsheets as Polish
// Excel opens them with a double click: UTF-8 with a byte-order mark,
// semicolons (the comma is the decimal separator there) and CRLF.
func (s *Server) organisationsCSV(w http.ResponseWriter, r *http.Request) {
	s.stream(w, r, "text/csv; charset=utf-8", "", func(out io.Writer, pub directory.Publication) error {
		io.WriteString(out, "\ufeff")
		return s.writeOrganisationsCSV(r, out, pub, ';')
	})
}

// organisationsCommaCSV is the same table as plain RFC 4180 CSV (commas,
// no byte-order mark) for programs and other spreadsheets.
func (s *Server) organisationsCommaCSV(w http.ResponseWriter, r *http.Request) {
	s.stream(w, r, "text/csv; charset=utf-8", "-przecinek", func(out io.Writer, pub directory.Publication) error {
		return s.writeOrganisationsCSV(r, out, pub, ',')
	})
}

// writeOrganisationsCSV writes a header of Polish labels and one row per
// organisation: every public field in form order (directory's Fields),
// then the organisation's address in the portal and whether it is example
// data.
func (s *Server) writeOrganisationsCSV(r *http.Request, out io.Writer, pub directory.Publication, sep rune) error {
	ctx := r.Context()
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	cw.Comma = sep
	cw.UseCRLF = true
	var header []string
	for _, f := range (&directory.Organisation{}).Fields() {
		header = append(header, i18n.T(ctx, "field_"+strings.ReplaceAll(f.Field, ".", "_")))
	}
	header = append(header, i18n.T(ctx, "embed_csv_url"), i18n.T(ctx, "embed_csv_example"))
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	err = s.Directory.Each(ctx, pub.Number, func(o *directory.Organisation) error {
		row = row[:0]
		for _, f := range publicView(ctx, o, vocab).Fields() {
			row = append(row, csvCell(f.Value))
		}
		example := "–"
		if o.Example {
			example = "✓"
		}
		row = append(row, csvCell(s.absURL(r, "/organizacje/"+o.Slug)), example)
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvCell defuses text a spreadsheet would run as a formula. A cell that
// starts with =, +, -, @, a tab or a carriage return is read by Excel and
// LibreOffice as a formula (CSV injection: =HYPERLINK(…) or a DDE call in
// a name typed into a public form), so it gets a leading apostrophe, which
// spreadsheets show as text. The cost is a visible apostrophe before, for
// example, "+48 65 …" phone numbers; a download must never run code.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// publicView is the organisation as the downloads show it: contact
// persons only with consent (the read model already leaves the others
// out; this keeps a download safe on its own), and codes turned into the
// names the portal shows.
func publicView(ctx context.Context, o *directory.Organisation, v directory.Vocabulary) *directory.Organisation {
	c := *o
	c.Contacts = o.PublicContacts()
	c.LegalForm = directory.LegalForm(i18n.T(ctx, "legal_form_"+string(o.LegalForm)))
	c.Categories = mapNames(o.Categories, v.CategoryName)
	c.TargetGroups = mapNames(o.TargetGroups, v.TargetGroupName)
	if o.Address.District != "" {
		c.Address.District = v.DistrictName(o.Address.District)
	}
	c.Accessibility = mapNames(o.Accessibility, func(a string) string { return i18n.T(ctx, "access_"+a) })
	return &c
}

func mapNames(codes []string, name func(string) string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return out
}

// exportOrganisation is one organisation in the JSON download: the
// record's public fields and its address in the portal.
type exportOrganisation struct {
	URL string `json:"url"`
	*directory.Organisation
}

type exportPublication struct {
	Number      int        `json:"number"`
	PublishedAt *time.Time `json:"published_at"`
	Note        string     `json:"note"`
}

// organisationsJSON is the current publication as one JSON document:
// {"publication": {…}, "organisations": […]}, written organisation by
// organisation.
func (s *Server) organisationsJSON(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.stream(w, r, "application/json; charset=utf-8", "", func(out io.Writer, pub directory.Publication) error {
		head := exportPublication{Number: pub.Number, Note: pub.Note}
		if !pub.At.IsZero() {
			at := pub.At.In(directory.Warsaw)
			head.PublishedAt = &at
		}
		b, err := json.Marshal(head)
		if err != nil {
			return err
		}
		io.WriteString(out, `{"publication":`)
		out.Write(b)
		io.WriteString(out, ",\n\"organisations\":[")
		first := true
		err = s.Directory.Each(ctx, pub.Number, func(o *directory.Organisation) error {
			c := *o
			c.Contacts = o.PublicContacts()
			b, err := json.Marshal(exportOrganisation{URL: s.absURL(r, "/organizacje/"+o.Slug), Organisation: &c})
			if err != nil {
				return err
			}
			if !first {
				io.WriteString(out, ",")
			}
			first = false
			io.WriteString(out, "\n")
			_, err = out.Write(b)
			return err
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(out, "\n]}\n")
		return err
	})
}

// The Atom feed (RFC 4287), written with encoding/xml.
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
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

// publicationsFeed lists the latest publications: what each one added,
// changed (with the fields) and removed.
func (s *Server) publicationsFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.Publishing == nil {
		s.fail(w, r, fault.New(fault.Unavailable, "no list of publications"))
		return
	}
	pubs, err := s.Publishing.Publications(ctx, feedEntries)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The newest publication names the feed's state: a rollback is a new
	// publication too.
	var newest directory.Publication
	if len(pubs) > 0 {
		newest = pubs[0]
	}
	if exportFresh(w, r, newest) {
		return
	}
	home := s.absURL(r, "/organizacje")
	host := "localhost"
	if u, err := url.Parse(home); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	author := atomPerson{Name: i18n.T(ctx, "embed_feed_author"), URI: s.absURL(r, "/")}
	f := atomFeed{
		Lang:     i18n.From(ctx).Lang(),
		ID:       "tag:" + host + ",2026:publikacje",
		Title:    i18n.T(ctx, "embed_feed_title"),
		Subtitle: i18n.T(ctx, "embed_feed_subtitle"),
		Updated:  atomTime(s.Now()),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.absURL(r, "/publikacje.atom")},
			{Rel: "alternate", Type: "text/html", Href: home},
		},
		Author: author,
	}
	if len(pubs) > 0 {
		f.Updated = atomTime(newest.At)
	}
	for _, p := range pubs {
		f.Entries = append(f.Entries, atomEntry{
			ID:        "tag:" + host + ",2026:publikacja-" + strconv.Itoa(p.Number),
			Title:     i18n.T(ctx, "embed_feed_entry_title", map[string]int{"Number": p.Number}),
			Updated:   atomTime(p.At),
			Published: atomTime(p.At),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: home}},
			Author:    author,
			Content:   atomText{Type: "html", Body: s.publicationHTML(r, p)},
		})
	}
	var b strings.Builder
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if r.Method != http.MethodHead {
		io.WriteString(w, b.String())
	}
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// publicationHTML describes a publication for feed readers: its note, then
// the organisations added, changed (with the changed fields' labels) and
// removed. Every text is escaped here; the XML encoder escapes the whole
// again as the type="html" content requires.
func (s *Server) publicationHTML(r *http.Request, p directory.Publication) string {
	ctx := r.Context()
	var b strings.Builder
	esc := html.EscapeString
	if p.Note != "" {
		b.WriteString("<p>" + esc(p.Note) + "</p>")
	}
	if p.RestoredFrom != 0 {
		b.WriteString("<p>" + esc(i18n.T(ctx, "embed_feed_restored", map[string]int{"Number": p.RestoredFrom})) + "</p>")
	}
	link := func(c directory.PublishedChange) string {
		return `<a href="` + esc(s.absURL(r, "/organizacje/"+c.Slug)) + `">` + esc(c.Name) + `</a>`
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
	list(i18n.T(ctx, "embed_feed_added"), p.Added, link)
	list(i18n.T(ctx, "embed_feed_changed"), p.Changed, func(c directory.PublishedChange) string {
		labels := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			labels[i] = i18n.T(ctx, "field_"+strings.ReplaceAll(f, ".", "_"))
		}
		if len(labels) == 0 {
			return link(c)
		}
		return link(c) + " — " + esc(strings.Join(labels, ", "))
	})
	list(i18n.T(ctx, "embed_feed_removed"), p.Removed, func(c directory.PublishedChange) string { return esc(c.Name) })
	if len(p.Added)+len(p.Changed)+len(p.Removed) == 0 && p.RestoredFrom == 0 {
		b.WriteString("<p>" + esc(i18n.T(ctx, "embed_feed_no_changes")) + "</p>")
	}
	b.WriteString("<p>" + esc(i18n.N(ctx, "embed_feed_count", p.Organisations)) + "</p>")
	return b.String()
}
