package server

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/mopr-leszno/portal/internal/dataform"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// dataForm serves the blank data form for organisations to print, fill in
// by hand and bring to MOPR. It changes only with the vocabulary, so
// caches may keep it for a while.
func (s *Server) dataForm(w http.ResponseWriter, r *http.Request) {
	s.servePDF(w, r, nil, "formularz-bank-danych.pdf", "public, max-age=3600")
}

// servePDF serves the data form, blank (o nil) or pre-filled with o.
func (s *Server) servePDF(w http.ResponseWriter, r *http.Request, o *directory.Organisation, filename, cacheControl string) {
	ctx := r.Context()
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := dataform.Form{
		Text: i18n.From(ctx).T, Vocabulary: localVocabulary(ctx, vocab), Org: o,
		SubmitURL: s.absURL(r, components.Path(ctx, "/zglos")), PrivacyURL: s.absURL(r, components.Path(ctx, "/prywatnosc")),
		Texts: siteTexts(r),
		Now:   s.Now(),
	}.PDF()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	// FormatMediaType quotes the name, or encodes it (RFC 2231) should a
	// slug ever hold more than ASCII.
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": filename}))
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Length", strconv.Itoa(len(pdf)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pdf)
}
