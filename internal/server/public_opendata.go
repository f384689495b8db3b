package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"hash/fnv"
	"io"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/web/components"
)

// The open-data side of the portal, for programs rather than people: the
// DCAT-AP catalogue of the datasets (for dane.gov.pl and other
// harvesters), the CSVW metadata beside the CSV downloads, and the
// sitemaps of the public pages (for search engines). Everything but the
// strategy's part of the sitemap is read from the publication in memory.

// localizers are the portal's languages, Polish first.
func (s *Server) localizers() []*i18n.Localizer {
	ls := make([]*i18n.Localizer, len(components.Languages))
	for i, l := range components.Languages {
		ls[i] = s.Catalogue.Lang(l)
	}
	return ls
}

// publisher is MOPR as the publication's site texts name it.
func publisher(texts sitetext.Texts, l *i18n.Localizer) export.Publisher {
	p := export.Publisher{Name: texts.Get(sitetext.MoprName), Email: texts.Get(sitetext.MoprEmail)}
	if p.Name == "" {
		p.Name = l.T("site_owner")
	}
	return p
}

// licenceLinks states the licence of a download in its headers
// (rel="license") and, for a CSV, where its CSVW metadata is
// (rel="describedby").
func (s *Server) licenceLinks(w http.ResponseWriter, metadata string) {
	h := w.Header()
	if s.Licence.URL != "" {
		h.Add("Link", "<"+s.Licence.URL+`>; rel="license"`)
	}
	if metadata != "" {
		h.Add("Link", "<"+metadata+`>; rel="describedby"; type="`+export.CSVWMediaType+`"`)
	}
}

// openDataTag is the validator of a document made from publication pub
// and the portal's settings that go into it (the address, the licence):
// a change of either is a new document.
func (s *Server) openDataTag(pub directory.Publication, site string, more ...string) string {
	h := fnv.New64a()
	io.WriteString(h, site+"\x00"+s.Licence.Name+"\x00"+s.Licence.URL)
	for _, m := range more {
		io.WriteString(h, "\x00"+m)
	}
	return `"p` + strconv.Itoa(pub.Number) + "-" + strconv.FormatInt(pub.AmendedAt.UnixMicro(), 36) + "-" + strconv.FormatUint(h.Sum64(), 36) + `"`
}

// currentWith pins the request to the current publication (a request
// pinned already stays on its own) and reads that publication's record and,
// with read, one more thing under the same pin: what an open-data document
// is made from. On an error of either it answers the request (s.fail) and
// returns ok false.
func currentWith[T any](s *Server, w http.ResponseWriter, r *http.Request, read func(context.Context) (T, error)) (pub directory.Publication, v T, ok bool) {
	ctx := s.Directory.Pin(r.Context())
	pub, err := s.Directory.Current(ctx)
	if err != nil {
		s.fail(w, r, err)
		return pub, v, false
	}
	if v, err = read(ctx); err != nil {
		s.fail(w, r, err)
		return pub, v, false
	}
	return pub, v, true
}

// dataCatalogue is the DCAT-AP catalogue of the portal's datasets as
// JSON-LD, made from the current publication (its number and date, MOPR's
// name from its site texts) with the licence of the downloads.
func (s *Server) dataCatalogue(w http.ResponseWriter, r *http.Request) {
	pub, texts, ok := currentWith(s, w, r, s.Directory.SiteTexts)
	if !ok {
		return
	}
	site := s.absURL(r, "")
	s.licenceLinks(w, "")
	if fresh(w, r, s.openDataTag(pub, site), pub.At) {
		return
	}
	ls := s.localizers()
	var b bytes.Buffer
	err := export.WriteDCAT(&b, export.Catalogue{Base: site, Publication: pub, Licence: s.Licence,
		Publisher: publisher(texts, ls[0]), Languages: ls})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", export.JSONLDMediaType+"; charset=utf-8")
	w.Write(b.Bytes())
}

// organisationsCSVMetadata is the CSVW metadata of the organisations CSV
// download name, of the whole publication or, with the list's search in
// the address, of that search's download.
func (s *Server) organisationsCSVMetadata(name string, dialect export.CSV) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pub, texts, ok := currentWith(s, w, r, s.Directory.SiteTexts)
		if !ok {
			return
		}
		site := s.absURL(r, "")
		query := ""
		if q := parseQuery(queryOf(r)); searches(q) {
			query = strings.TrimPrefix(searchURL("/organizacje", q), "/organizacje")
		}
		file := site + "/" + name + query
		s.licenceLinks(w, "")
		if fresh(w, r, s.openDataTag(pub, site, file), pub.At) {
			return
		}
		ls := s.localizers()
		title := map[string]string{}
		for _, l := range ls {
			title[l.Lang()] = l.T("opendata_orgs_title")
		}
		var b bytes.Buffer
		err := export.WriteCSVW(&b, export.Table{URL: file, Title: title, Dialect: dialect,
			Columns: export.OrganisationColumns(ls), Publication: pub, Licence: s.Licence, Publisher: publisher(texts, ls[0])})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", export.CSVWMediaType+"; charset=utf-8")
		w.Write(b.Bytes())
	}
}

// strategyCSVMetadata is the CSVW metadata of the strategy's CSV
// (/strategia.csv). The strategy is not part of a publication: the
// document names no publication and no date.
func (s *Server) strategyCSVMetadata(w http.ResponseWriter, r *http.Request) {
	texts, err := s.Directory.SiteTexts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ls := s.localizers()
	title := map[string]string{}
	for _, l := range ls {
		title[l.Lang()] = l.T("opendata_strategy_title")
	}
	var b bytes.Buffer
	err = export.WriteCSVW(&b, export.Table{URL: s.absURL(r, export.StrategyCSVPath), Title: title,
		Dialect: export.StrategyDialect, Columns: export.StrategyColumns(), Licence: s.Licence, Publisher: publisher(texts, ls[0])})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.licenceLinks(w, "")
	w.Header().Set("Content-Type", export.CSVWMediaType+"; charset=utf-8")
	w.Write(b.Bytes())
}

// The sitemaps (sitemaps.org protocol 0.9): /sitemap.xml is an index of
// the parts, /sitemap-strony.xml the portal's own pages, and
// /sitemap-organizacje-N.xml the organisations' pages, as many per part as
// the limit of addresses per file allows. Each page is listed in every
// language, with its alternates (xhtml:link hreflang), so one
// organisation is three addresses.
const (
	sitemapMaxURLs    = 50000
	sitemapNS         = "http://www.sitemaps.org/schemas/sitemap/0.9"
	sitemapPagesPath  = "/sitemap-strony.xml"
	sitemapPartPrefix = "/sitemap-organizacje-"
)

// sitemapPerPart is how many organisations one part lists.
func (s *Server) sitemapPerPart() int {
	limit := s.SitemapLimit
	if limit <= 0 {
		limit = sitemapMaxURLs
	}
	return max(1, limit/len(components.Languages))
}

// sitemapTime is a sitemap's lastmod (W3C Datetime), in Warsaw time.
func sitemapTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(directory.Warsaw).Format(time.RFC3339)
}

// sitemapWriter writes a sitemap to w, buffered; the first write error is
// kept.
type sitemapWriter struct {
	*bufio.Writer
}

func (sw sitemapWriter) text(s string) { xml.EscapeText(sw, []byte(s)) }

// url lists the Polish public page at absolute address u in every
// language, each with the alternates of all of them.
func (sw sitemapWriter) url(u, lastmod string) {
	for _, l := range components.Languages {
		sw.WriteString("<url><loc>")
		sw.text(components.LangURL(l, u))
		sw.WriteString("</loc>")
		if lastmod != "" {
			sw.WriteString("<lastmod>" + lastmod + "</lastmod>")
		}
		for _, alt := range components.Languages {
			sw.WriteString(`<xhtml:link rel="alternate" hreflang="` + alt + `" href="`)
			sw.text(components.LangURL(alt, u))
			sw.WriteString(`"/>`)
		}
		sw.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="`)
		sw.text(u)
		sw.WriteString("\"/></url>\n")
	}
}

func startSitemap(w http.ResponseWriter, root string) sitemapWriter {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	sw := sitemapWriter{bufio.NewWriterSize(w, 32<<10)}
	sw.WriteString(xml.Header)
	if root == "urlset" {
		sw.WriteString(`<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	} else {
		sw.WriteString(`<sitemapindex xmlns="` + sitemapNS + `">` + "\n")
	}
	return sw
}

// sitemapIndex lists the parts of the sitemap: the portal's pages and as
// many parts of organisations as the current publication needs.
func (s *Server) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	pub, pages, ok := currentWith(s, w, r, s.Downloads.Pages)
	if !ok {
		return
	}
	site := s.absURL(r, "")
	per := s.sitemapPerPart()
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	if fresh(w, r, s.openDataTag(pub, site, strconv.Itoa(per)), pub.At) || r.Method == http.MethodHead {
		return
	}
	n := 0
	for range pages {
		n++
	}
	lastmod := sitemapTime(pub.At)
	sw := startSitemap(w, "sitemapindex")
	entry := func(path string) {
		sw.WriteString("<sitemap><loc>")
		sw.text(site + path)
		sw.WriteString("</loc>")
		if lastmod != "" {
			sw.WriteString("<lastmod>" + lastmod + "</lastmod>")
		}
		sw.WriteString("</sitemap>\n")
	}
	entry(sitemapPagesPath)
	for part := 1; part <= (n+per-1)/per; part++ {
		entry(sitemapPartPrefix + strconv.Itoa(part) + ".xml")
	}
	sw.WriteString("</sitemapindex>\n")
	sw.Flush()
}

// sitemapPages lists the portal's own public pages: the home page, the
// directory, the strategy with its monitoring and every task (read from
// the database, where the strategy lives), the accessibility statement
// and the privacy page.
func (s *Server) sitemapPages(w http.ResponseWriter, r *http.Request) {
	pub, cards, ok := currentWith(s, w, r, s.Strategy.StrategyCards)
	if !ok {
		return
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		return
	}
	site := s.absURL(r, "")
	published := sitemapTime(pub.At)
	sw := startSitemap(w, "urlset")
	// The home page, the directory and the legal texts show the
	// publication (its counts, its site texts); the strategy changes
	// apart from it, so its pages carry no date.
	sw.url(site+"/", published)
	sw.url(site+"/organizacje", published)
	sw.url(site+"/strategia", "")
	sw.url(site+"/strategia/monitoring", "")
	for _, c := range cards {
		sw.url(site+"/strategia/zadania/"+c.Task.Slug, "")
	}
	sw.url(site+"/deklaracja-dostepnosci", published)
	sw.url(site+"/prywatnosc", published)
	sw.WriteString("</urlset>\n")
	sw.Flush()
}

// sitemapOrganisations is part N of the organisations' pages, streamed
// from the publication in memory; a part past the last is not found.
func (s *Server) sitemapOrganisations(w http.ResponseWriter, r *http.Request) {
	part, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || part < 1 || part > sitemapMaxURLs {
		s.fail(w, r, fault.New(fault.NotFound, "no sitemap part %q", chi.URLParam(r, "n")))
		return
	}
	pub, pages, ok := currentWith(s, w, r, s.Downloads.Pages)
	if !ok {
		return
	}
	per := s.sitemapPerPart()
	next, stop := iter.Pull(pages)
	defer stop()
	for range (part - 1) * per {
		if _, ok := next(); !ok {
			break
		}
	}
	slug, ok := next()
	if !ok {
		s.fail(w, r, fault.New(fault.NotFound, "no sitemap part %d", part))
		return
	}
	site := s.absURL(r, "")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	if fresh(w, r, s.openDataTag(pub, site, strconv.Itoa(per)), pub.At) || r.Method == http.MethodHead {
		return
	}
	lastmod := sitemapTime(pub.At)
	sw := startSitemap(w, "urlset")
	for i := 0; ok && i < per; i++ {
		sw.url(site+"/organizacje/"+slug, lastmod)
		slug, ok = next()
	}
	sw.WriteString("</urlset>\n")
	sw.Flush()
}

// dataCatalogURL is the catalogue's address for the head of a directory
// page of publication pub; a preview of the working copy (number 0)
// links none.
func (s *Server) dataCatalogURL(r *http.Request, pub directory.Publication) string {
	if pub.Number == 0 {
		return ""
	}
	return s.absURL(r, export.CataloguePath)
}
