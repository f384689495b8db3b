package server

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// logRequests writes one structured line per request, with its request id,
// and counts the request in the metrics when there are any: one wrapper of
// the response and one clock for both.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		took := time.Since(start)
		s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("id", middleware.GetReqID(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", took))
		if s.Metrics != nil {
			// By the router's pattern, which chi knows only once the
			// request has been routed.
			route := ""
			if rc := chi.RouteContext(r.Context()); rc != nil {
				route = rc.RoutePattern()
			}
			s.Metrics.Observe(r.Method, route, ww.Status(), took)
		}
	})
}

// recoverPanics turns a panic into the 500 page and a logged stack trace.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel value compared as documented
				panic(v)
			}
			s.fail(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets a strict Content Security Policy with a per-request
// nonce (no inline script runs without it) and the other headers every page
// carries. Components read the nonce with templ.GetNonce.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := newNonce()
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'nonce-"+nonce+"' 'strict-dynamic'; "+
			"style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "+
			"base-uri 'none'; form-action 'self'; "+denyFraming)
		for k, v := range fixedHeaders {
			h[k] = v
		}
		next.ServeHTTP(w, r.WithContext(templ.WithNonce(r.Context(), nonce)))
	})
}

// fixedHeaders are the headers every response carries as they are, with
// their keys in canonical form. The value slices are shared by every
// response: Set and Add replace or grow them, never write into them.
var fixedHeaders = http.Header{
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
}

// denyFraming forbids every site to show a page in a frame; allowFraming
// replaces it on the embeddable pages.
const denyFraming = "frame-ancestors 'none'"

func newNonce() string {
	b := make([]byte, 18)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// limitBody refuses bodies larger than n bytes: a declared length over the
// limit gets the 413 page at once, and reads past the limit fail.
func (s *Server) limitBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge, "too_large", "")
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}

// localize puts the page's localizer into the context. The address
// decides the language: /uk/… and /en/… are Ukrainian and English, every
// other path Polish (the admin area only in Polish, for now). The prefix is
// cut off before routing, so each language runs the same handlers.
// Accept-Language only suggests: a Polish page tells a browser that prefers
// Ukrainian or English where the same page is in that language, and a
// shared link is never redirected.
func (s *Server) localize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, rest := components.SplitLang(r.URL.Path)
		l := s.Catalogue.Lang(lang)
		a := components.Address{Path: rest, Query: r.URL.RawQuery}
		if lang == "" && localized(rest) {
			// A Polish page carries the notice for some readers: caches
			// keep one copy per preference.
			w.Header().Add("Vary", "Accept-Language")
			if sug := s.Catalogue.Localizer(r.Header.Get("Accept-Language")); sug.Lang() != l.Lang() {
				a.Suggest = sug
			}
		}
		ctx := components.WithAddress(i18n.With(r.Context(), l), a)
		r = r.WithContext(ctx)
		if lang != "" {
			u := *r.URL
			u.Path = rest
			if u.RawPath != "" {
				_, u.RawPath = components.SplitLang(u.RawPath)
			}
			r.URL = &u
			if !localized(rest) {
				s.notFound(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// localized tells whether the Polish public path p has Ukrainian and
// English versions: the pages people read and the feed of publications
// (its entries are sentences). The admin area, the downloads (whose data
// is the same in every language) and the service endpoints have Polish
// addresses only.
func localized(p string) bool {
	switch p {
	case "/", "/organizacje", "/strategia", "/strategia/monitoring", "/deklaracja-dostepnosci",
		"/prywatnosc", "/formularz.pdf", "/zglos", "/osadz", "/publikacje.atom",
		"/organizacje.csv", "/organizacje-przecinek.csv":
		return true
	}
	if strings.HasPrefix(p, "/strategia/zadania/") {
		return !strings.HasSuffix(p, ".csv") && !strings.HasSuffix(p, ".json")
	}
	for _, prefix := range []string{"/organizacje/", "/zglos/", "/osadz/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// rejectBadInput answers 400 to a path or query that is not valid UTF-8 or
// holds a NUL byte: such text cannot be stored and is never a real search.
func (s *Server) rejectBadInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad := !cleanText(r.URL.Path)
		var query url.Values
		if !bad {
			query = r.URL.Query()
			for k, vs := range query {
				bad = bad || !cleanText(k)
				for _, v := range vs {
					bad = bad || !cleanText(v)
				}
			}
		}
		if bad {
			s.fail(w, r, fault.New(fault.Invalid, "invalid UTF-8 or NUL byte in the address"))
			return
		}
		// What a GET's handler reads of its query (queryOf), parsed once:
		// r.Form is where ParseForm would put it.
		if r.Form == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			r.Form = query
		}
		next.ServeHTTP(w, r)
	})
}

// queryOf is r's query parameters, as rejectBadInput parsed them for a
// GET or HEAD (else parsed now): a directory page reads them in several
// places.
func queryOf(r *http.Request) url.Values {
	if r.Form != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return r.Form
	}
	return r.URL.Query()
}

func cleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
