package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// statusWindow is how long a page that says whether an organisation is
// open now may be answered from a cache: a conditional request is
// answered 304 only within the same window.
const statusWindow = 15 * time.Minute

// publicationCache gives the directory's pages an ETag and a
// Last-Modified derived from the current publication (and the language
// and the window of the open-now status they show), and answers a
// conditional request for an unchanged page with 304 Not Modified.
func (s *Server) publicationCache(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// withSiteTexts has pinned the publication on public pages; a new
		// request value only when this pins it.
		if ctx := s.Directory.Pin(r.Context()); ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		pub, err := s.Directory.Current(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		now := s.Now()
		window := now.Truncate(statusWindow)
		etag := publicationETag(pub.Number, pub.AmendedAt.UnixMicro(), pageVariant(r.Context()), window.Unix())
		modified := pub.Modified()
		if window.After(modified) {
			modified = window
		}
		if fresh(w, r, etag, modified) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// pageVariant names the language of a public page and the language its
// notice suggests (Accept-Language), which are all a page of one
// publication varies by: "pl", "pl+uk", "en".
func pageVariant(ctx context.Context) string {
	lang := i18n.From(ctx).Lang()
	if s := components.AddressOf(ctx).Suggest; s != nil {
		return lang + "+" + s.Lang()
	}
	return lang
}

// fresh gives a response its validators — etag and, when known, the time
// it was last modified — with no-cache, so that clients revalidate every
// time (a new publication shows at once, an unchanged page costs one small
// request), and answers a conditional request for an unchanged copy with
// 304 Not Modified. It reports whether it did.
func fresh(w http.ResponseWriter, r *http.Request, etag string, modified time.Time) bool {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if !modified.IsZero() {
		h["Last-Modified"] = []string{httpDate(modified)}
	}
	if !notModified(r, etag, modified) {
		return false
	}
	h.Del("Content-Type")
	// A browser keeps the page it has with the policy it came with: a new
	// policy here would replace the stored one (RFC 9111 4.3.4), and its new
	// nonce would block the stored page's own scripts.
	h.Del("Content-Security-Policy")
	w.WriteHeader(http.StatusNotModified)
	return true
}

// notModified applies RFC 9110's rules for GET and HEAD: If-None-Match
// (weak comparison) wins over If-Modified-Since.
func notModified(r *http.Request, etag string, modified time.Time) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	since, err := http.ParseTime(ims)
	return err == nil && !modified.Truncate(time.Second).After(since)
}

// httpDate is t as an HTTP date. Nearly every public response carries the
// same one (the publication's time, or the open-now window's start).
func httpDate(t time.Time) string {
	return lastDate.get(t.UnixNano(), func() string { return t.UTC().Format(http.TimeFormat) })
}

var lastDate lastString[int64]

// lastString keeps the string last made of a key, read without a lock:
// what every public request makes of the current publication is made once.
type lastString[K comparable] struct {
	p atomic.Pointer[keyedString[K]]
}

type keyedString[K comparable] struct {
	key K
	s   string
}

// get is the string of key, made with build unless it is the last one.
func (l *lastString[K]) get(key K, build func() string) string {
	if k := l.p.Load(); k != nil && k.key == key {
		return k.s
	}
	s := build()
	l.p.Store(&keyedString[K]{key, s})
	return s
}

// publicationETag is W/"p{number}-{amended}-{lang}-{window}", built in one
// allocation: it is on every directory request.
func publicationETag(number int, amended int64, lang string, window int64) string {
	b := make([]byte, 0, 64)
	b = append(b, `W/"p`...)
	b = strconv.AppendInt(b, int64(number), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, amended, 10)
	b = append(b, '-')
	b = append(b, lang...)
	b = append(b, '-')
	b = strconv.AppendInt(b, window, 10)
	b = append(b, '"')
	return string(b)
}
