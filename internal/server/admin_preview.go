package server

import (
	"net/http"

	"github.com/mopr-leszno/portal/web/components"
)

// previewPath is where the staff see the working copy as the public
// directory would show it once published.
const previewPath = "/admin/podglad/organizacje"

// over returns a server whose public handlers read d instead of the
// published directory: the preview runs the very handlers the public
// pages run, over the working copy.
func (s *Server) over(d Directory) *Server {
	p := &Server{Deps: s.Deps}
	p.Directory = d
	p.SearchLog = nil // the staff's searches are not the residents'
	return p
}

// linksIn makes the directory pages link to their own kind under path, so
// that a click in the preview stays in the preview.
func linksIn(path string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(components.WithDirectoryPath(r.Context(), path)))
		})
	}
}
