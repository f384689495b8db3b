package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// feedEntries is how many publications the Atom feed lists.
const feedEntries = 50

// exportFresh gives a response made from publication p its validators —
// the ETag "p<number>" and the publication time — and answers 304 when the
// client's copy is of the same publication (see fresh).
func exportFresh(w http.ResponseWriter, r *http.Request, p directory.Publication) bool {
	return fresh(w, r, `"p`+strconv.Itoa(p.Number)+`"`, p.At)
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
// Excel opens them with a double click (export.Excel).
func (s *Server) organisationsCSV(w http.ResponseWriter, r *http.Request) {
	s.organisationsTable(w, r, "", export.Excel)
}

// organisationsCommaCSV is the same table as plain RFC 4180 CSV for
// programs and other spreadsheets.
func (s *Server) organisationsCommaCSV(w http.ResponseWriter, r *http.Request) {
	s.organisationsTable(w, r, "-przecinek", export.RFC4180)
}

func (s *Server) organisationsTable(w http.ResponseWriter, r *http.Request, name string, dialect export.CSV) {
	ctx := r.Context()
	s.stream(w, r, "text/csv; charset=utf-8", name, func(out io.Writer, pub directory.Publication) error {
		vocab, err := s.Directory.Vocabulary(ctx)
		if err != nil {
			return err
		}
		return export.WriteOrganisationsCSV(out, s.organisationsOf(ctx, pub), dialect, vocab, i18n.From(ctx), s.absURL(r, ""))
	})
}

// organisationsJSON is the current publication as one JSON document.
func (s *Server) organisationsJSON(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.stream(w, r, "application/json; charset=utf-8", "", func(out io.Writer, pub directory.Publication) error {
		return export.WriteOrganisationsJSON(out, s.organisationsOf(ctx, pub), pub, s.absURL(r, ""))
	})
}

// organisationsOf is the sequence of publication pub's organisations, read
// from the directory in batches.
func (s *Server) organisationsOf(ctx context.Context, pub directory.Publication) export.Organisations {
	return func(yield func(*directory.Organisation) error) error {
		return s.Directory.Each(ctx, pub.Number, yield)
	}
}

// publicationsFeed lists the latest publications as an Atom feed.
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
	var b bytes.Buffer
	if err := export.WriteAtom(&b, pubs, s.absURL(r, ""), s.Now(), i18n.From(ctx)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}
