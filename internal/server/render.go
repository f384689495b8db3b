package server

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
)

// pages reuses the buffers pages are rendered into: a directory page is
// tens of kilobytes, grown step by step on every request otherwise.
var pages = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled bounds the buffers kept for reuse.
const maxPooled = 1 << 20

// pageBuffer is an empty buffer from the pool; releasePage gives it back.
func pageBuffer() *bytes.Buffer {
	buf := pages.Get().(*bytes.Buffer)
	buf.Reset()
	return buf
}

func releasePage(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooled {
		pages.Put(buf)
	}
}

// render writes a page: the whole page is rendered into a buffer first, so
// a failing component leads to the error page, not to half a page under a
// 200 status, and the page is sent with its length.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page templ.Component) {
	buf := pageBuffer()
	defer releasePage(buf)
	if err := page.Render(r.Context(), buf); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	// With its length given, the page goes out in one piece instead of
	// chunks (a write to the socket fewer, and no closing chunk).
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
