package server

import (
	"net/http"
	"strconv"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/web/components"
)

// withSiteTexts pins the request to the current publication and gives its
// pages the publication's site texts (MOPR's contact in the footer of
// every page), from memory. While no publication is loaded the pages go
// without them.
func (s *Server) withSiteTexts(next http.Handler) http.Handler {
	if s.Directory == nil { // a server of the operations endpoints alone
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := s.Directory.Pin(r.Context())
		if t, err := s.Directory.SiteTexts(ctx); err == nil {
			version := ""
			if pub, err := s.Directory.Current(ctx); err == nil {
				version = publicationVersion(pub)
			}
			ctx = components.WithPublishedSiteTexts(ctx, t, version, &s.footers)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withWorkingTexts gives the staff's preview the working site texts, as
// the public will see them once published.
func (s *Server) withWorkingTexts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if t, err := s.Preview.SiteTexts(ctx); err == nil {
			ctx = components.WithSiteTexts(ctx, t)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// siteTexts are the site texts of the request (see withSiteTexts); none
// when the publication could not be read.
func siteTexts(r *http.Request) sitetext.Texts {
	return components.SiteTexts(r.Context())
}

// publicationVersion names a publication's state: its number, when it was
// made (a restored backup may number another one alike) and its amendment
// (an erasure changes a publication without a new number).
func publicationVersion(pub directory.Publication) string {
	if pub.Number == 0 {
		return "" // none yet
	}
	key := publicationKey{pub.Number, pub.At.UnixNano(), pub.AmendedAt.UnixNano()}
	return lastVersion.get(key, func() string {
		return strconv.Itoa(pub.Number) + "-" + strconv.FormatInt(pub.At.UnixMicro(), 10) + "-" + strconv.FormatInt(pub.AmendedAt.UnixMicro(), 10)
	})
}

type publicationKey struct {
	number      int
	at, amended int64
}

var lastVersion lastString[publicationKey]
