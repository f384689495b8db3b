package server

import (
	"errors"
	"mime"
	"net/http"

	"github.com/mopr-leszno/portal/internal/fault"
)

// readForms reads the body of every form sent (after limitBody), so that
// a body over the limit gets 413 whatever its framing. limitBody answers a
// declared Content-Length at once, but a chunked body has none: its excess
// shows only while it is read, and a handler that reads it with
// ParseForm would call that malformed (400) — or, through PostFormValue,
// not notice at all and go on with a form cut short. A body that is
// not a valid form gets the 400 page here too; handlers then find
// r.PostForm filled and their own ParseForm does nothing.
func (s *Server) readForms(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
			ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if ct == "application/x-www-form-urlencoded" {
				if err := r.ParseForm(); err != nil {
					if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
						s.errorPage(w, r, http.StatusRequestEntityTooLarge, "too_large", "")
						return
					}
					s.fail(w, r, fault.Wrap(fault.Invalid, err))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
