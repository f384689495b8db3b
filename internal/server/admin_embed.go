package server

import (
	"html"
	"net/http"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// embedHeight is the iframe's height in the snippet, in pixels: enough for
// the search form and a few results; the page scrolls inside it.
const embedHeight = "900"

// embedding shows the staff how the city's sites embed the directory.
func (s *Server) embedding(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	src := s.absURL(r, embedSearchPath)
	// templ escapes the snippet when it shows it; here it is built as the
	// text a web editor pastes, so its attribute values are escaped as HTML.
	snippet := `<iframe title="` + html.EscapeString(i18n.T(ctx, "embed_iframe_title")) + `" src="` + html.EscapeString(src) +
		`" width="100%" height="` + embedHeight + `" loading="lazy"></iframe>`
	s.render(w, r, http.StatusOK, admin.Embed(admin.EmbedPage{
		Head:     components.Head{Title: i18n.T(ctx, "embed_admin_title"), NoIndex: true, Section: "admin"},
		Staff:    staffProps(staffFrom(ctx)),
		Snippet:  snippet,
		EmbedURL: src,
		Origins:  s.EmbedOrigins,
		Feed:     s.absURL(r, "/publikacje.atom"),
		CSV:      s.absURL(r, "/organizacje.csv"),
		CommaCSV: s.absURL(r, "/organizacje-przecinek.csv"),
		JSON:     s.absURL(r, "/organizacje.json"),
	}))
}
