package server

import (
	"bytes"
	"compress/gzip"
	"hash/fnv"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// exportFresh gives a response made from publication p its validators —
// the ETag "p<number>" and the publication time — and answers 304 when the
// client's copy is of the same publication (see fresh).
func exportFresh(w http.ResponseWriter, r *http.Request, p directory.Publication) bool {
	return fresh(w, r, `"p`+strconv.Itoa(p.Number)+`"`, p.At)
}

// exportName is the file name of download name of publication p:
// organizacje.csv → bank-danych-ngo-leszno-p12.csv.
func exportName(p directory.Publication, name string) string {
	base, ext, _ := strings.Cut(name, ".")
	return "bank-danych-ngo-leszno-p" + strconv.Itoa(p.Number) + strings.TrimPrefix(base, "organizacje") + "." + ext
}

// serveDownload sends download name of the current publication as it was
// built when publishing: the stored gzip file itself to a client that
// accepts gzip, otherwise the instance's decompressed copy of it, both with
// ranges (a broken download can resume); until that copy is made, the gzip
// file decompressed on the way. Nothing is built per request and nothing
// is held in memory whole.
func (s *Server) serveDownload(w http.ResponseWriter, r *http.Request, name, ctype string) {
	gz := acceptsGzip(r)
	f, pub, err := s.Downloads.Download(r.Context(), name, !gz)
	plain := err == nil && !gz
	if !gz && err != nil {
		// The instance has not made the decompressed copy yet: decompress
		// the stored file on the way.
		f, pub, err = s.Downloads.Download(r.Context(), name, false)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+exportName(pub, name)+`"`)
	// The publication names the file; an erasure of personal data
	// rebuilds it under the same number.
	tag := `"p` + strconv.Itoa(pub.Number)
	if !pub.AmendedAt.IsZero() {
		tag += "-" + strconv.FormatInt(pub.AmendedAt.UnixMicro(), 36)
	}
	if gz {
		// The compressed file is its own representation with its own
		// validator (RFC 9110 8.8.3).
		h.Set("Content-Encoding", "gzip")
		if fresh(w, r, tag+`-gz"`, pub.At) {
			return
		}
		http.ServeContent(w, r, "", pub.At, f)
		return
	}
	if fresh(w, r, tag+`"`, pub.At) {
		return
	}
	if plain {
		http.ServeContent(w, r, "", pub.At, f)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	zr, err := gzip.NewReader(f)
	if err == nil {
		_, err = io.Copy(w, zr)
	}
	if err != nil {
		// The status is sent: cut the connection, so that the client sees a
		// broken download rather than a short file that looks whole.
		s.Logger.LogAttrs(r.Context(), slog.LevelError, "download failed",
			slog.String("id", middleware.GetReqID(r.Context())), slog.String("path", r.URL.Path), slog.Any("error", err))
		panic(http.ErrAbortHandler)
	}
}

// acceptsGzip tells whether the request's Accept-Encoding takes gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// organisationsCSV is the current publication for spreadsheets as Polish
// Excel opens them with a double click (export.Excel); with a search in
// the address, that search's results.
func (s *Server) organisationsCSV(w http.ResponseWriter, r *http.Request) {
	s.serveOrganisations(w, r, export.DownloadExcel, "text/csv; charset=utf-8")
}

// organisationsCommaCSV is the same table as plain RFC 4180 CSV for
// programs and other spreadsheets.
func (s *Server) organisationsCommaCSV(w http.ResponseWriter, r *http.Request) {
	s.serveOrganisations(w, r, export.DownloadComma, "text/csv; charset=utf-8")
}

// organisationsJSON is the current publication as one JSON document.
func (s *Server) organisationsJSON(w http.ResponseWriter, r *http.Request) {
	s.serveOrganisations(w, r, export.DownloadJSON, "application/json; charset=utf-8")
}

// serveOrganisations sends download name: the stored file of the whole
// publication, or, when the address holds a search (the list's own
// parameters), exactly what that search finds.
func (s *Server) serveOrganisations(w http.ResponseWriter, r *http.Request, name, ctype string) {
	q := parseQuery(queryOf(r))
	metadata := ""
	if name != export.DownloadJSON {
		// The CSV's metadata (CSVW), of this very selection.
		query := ""
		if searches(q) {
			query = strings.TrimPrefix(searchURL("/organizacje", q), "/organizacje")
		}
		metadata = s.absURL(r, "/"+name+export.MetadataSuffix+query)
	}
	s.licenceLinks(w, metadata)
	if searches(q) {
		s.serveSelection(w, r, q, name, ctype)
		return
	}
	if i18n.From(r.Context()).Lang() != i18n.Default.String() {
		// The stored files are in Polish; a table in Ukrainian or English
		// (headers, categories, days, yes and no) is written from the
		// publication's records, seconds of work at the largest size.
		s.heavy(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.serveSelection(w, r, q, name, ctype)
		})).ServeHTTP(w, r)
		return
	}
	s.serveDownload(w, r, name, ctype)
}

// searches reports whether q asks for less than the whole directory (the
// page number does not count: a download holds every page).
func searches(q directory.Query) bool {
	return q.Text != "" || q.Category != "" || q.TargetGroup != "" || q.District != "" || q.OpenNow || q.Volunteers || q.Interns
}

// serveSelection writes download name of the results of q, read from the
// publication in memory one organisation at a time (never the whole
// selection at once), in the order of the results.
func (s *Server) serveSelection(w http.ResponseWriter, r *http.Request, q directory.Query, name, ctype string) {
	ctx := s.Directory.Pin(r.Context())
	pub, err := s.Directory.Current(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vocab = localVocabulary(ctx, vocab)
	q.Page, q.Now = 1, s.Now()
	search := searchURL("/organizacje", q)
	// The publication and the search name the content; "open now" also
	// the window it was computed in, as on the pages.
	lang := i18n.From(ctx).Lang()
	tag := fnv.New64a()
	io.WriteString(tag, search)
	io.WriteString(tag, lang)
	etag := `W/"p` + strconv.Itoa(pub.Number) + "-" + strconv.FormatInt(pub.AmendedAt.UnixMicro(), 36) + "-" + strconv.FormatUint(tag.Sum64(), 36)
	modified := pub.Modified()
	if q.OpenNow {
		window := q.Now.Truncate(statusWindow)
		etag += "-" + strconv.FormatInt(window.Unix(), 36)
		if window.After(modified) {
			modified = window
		}
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	base, ext, _ := strings.Cut(exportName(pub, name), ".")
	if searches(q) {
		base += "-wybor"
	}
	if lang != i18n.Default.String() {
		base += "-" + lang
	}
	h.Set("Content-Disposition", `attachment; filename="`+base+`.`+ext+`"`)
	if fresh(w, r, etag+`"`, modified) || r.Method == http.MethodHead {
		return
	}
	orgs := func(yield func(*directory.Organisation) error) error { return s.Downloads.EachMatch(ctx, q, yield) }
	site := s.absURL(r, "")
	// The table's addresses of the organisations' pages are in its language.
	pages := site + strings.TrimSuffix(components.Path(ctx, "/"), "/")
	switch name {
	case export.DownloadJSON:
		meta := export.JSONMeta{Publication: pub, Licence: s.Licence, Selection: site + search}
		err = export.WriteOrganisationsJSON(w, orgs, meta, site)
	case export.DownloadComma:
		err = export.WriteOrganisationsCSV(w, orgs, export.RFC4180, vocab, i18n.From(ctx), pages)
	default:
		err = export.WriteOrganisationsCSV(w, orgs, export.Excel, vocab, i18n.From(ctx), pages)
	}
	if err != nil {
		// The status is sent: cut the connection, so that the client sees
		// a broken download rather than a short file that looks whole.
		s.Logger.LogAttrs(ctx, slog.LevelError, "download failed",
			slog.String("id", middleware.GetReqID(ctx)), slog.String("path", r.URL.Path), slog.Any("error", err))
		panic(http.ErrAbortHandler)
	}
}

// publicationsFeed lists the latest publications as an Atom feed.
func (s *Server) publicationsFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pubs, err := s.Downloads.Feed(ctx)
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
	var b bytes.Buffer
	// The feed in Ukrainian or English links to the pages in its language.
	base := s.absURL(r, "") + strings.TrimSuffix(components.Path(ctx, "/"), "/")
	if err := export.WriteAtom(&b, pubs, base, s.Now(), i18n.From(ctx), s.Licence); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}
