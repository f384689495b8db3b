package server

import (
	"net/http"
	"strings"
)

// noStore keeps every admin response out of every cache, the browser's
// included: the sign-in and code pages as much as the others, so that
// nothing typed or shown there (an e-mail, a recovery code, a generated
// password) can be read back from a shared computer's cache or a proxy.
// Handlers may not weaken it: render only fills an empty Cache-Control.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// hstsValue tells browsers to use only HTTPS for a year, on the portal's
// host and its subdomains. No preload: entering the browsers' preload
// list is a decision for the city's domain, not for one service on it.
const hstsValue = "max-age=31536000; includeSubDomains"

// strictTransport sends Strict-Transport-Security on every response when
// the portal's public address is https. Over plain HTTP (a local run, a
// test) it sends nothing: a browser that learned the header there would
// refuse the portal until it got TLS.
func (s *Server) strictTransport(next http.Handler) http.Handler {
	if !strings.HasPrefix(strings.ToLower(s.BaseURL), "https://") {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hstsValue)
		next.ServeHTTP(w, r)
	})
}
