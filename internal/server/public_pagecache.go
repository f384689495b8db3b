package server

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
)

// The directory's first page without a search (/organizacje, /osadz) is
// the most asked for, and the same for everyone who reads it in one
// language, from one publication, within one window of the open-now status
// (see publicationCache, which sends it the same ETag). It is rendered once
// per such state and sent again as it was; only the CSP nonce, which must be
// new on every response, is put in on the way.
type firstPages struct {
	mu    sync.Mutex
	pages map[firstPageKey]firstPage
	// slot stands for the nonce in a stored page.
	slot string
}

type firstPageKey struct {
	path, host, lang string
}

type firstPage struct {
	state string // the publication and window, as in the ETag
	ctype string
	parts [][]byte // the page cut where the nonce goes
}

// maxFirstPages bounds the stored pages.
const maxFirstPages = 64

func newFirstPages() *firstPages {
	b := make([]byte, 18)
	rand.Read(b)
	return &firstPages{pages: map[firstPageKey]firstPage{}, slot: "slot" + base64.RawURLEncoding.EncodeToString(b)}
}

// cacheFirstPage serves a request without a query from the stored page of
// its state when there is one, and stores the page next renders otherwise.
// It runs after publicationCache, whose ETag names the state.
func (s *Server) cacheFirstPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		state := w.Header().Get("ETag")
		if r.URL.RawQuery != "" || state == "" || r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		// Read before rendering: templ.WithNonce below sets the nonce in the
		// context's shared templ state, so ctx would then hold the slot.
		nonce := templ.GetNonce(ctx)
		key := firstPageKey{path: r.URL.Path, host: r.Host, lang: pageVariant(ctx)}
		c := s.firstPages
		c.mu.Lock()
		p, ok := c.pages[key]
		c.mu.Unlock()
		if !ok || p.state != state {
			rec := &pageRecorder{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(rec, r.WithContext(templ.WithNonce(ctx, c.slot)))
			if rec.status != http.StatusOK {
				replay(w, rec, c.slot, nonce)
				return
			}
			p = firstPage{state: state, ctype: rec.header.Get("Content-Type"), parts: bytes.Split(rec.body.Bytes(), []byte(c.slot))}
			c.mu.Lock()
			if len(c.pages) >= maxFirstPages {
				// Hosts and languages are few; many keys mean someone
				// invents Host headers. Start again rather than grow.
				clear(c.pages)
			}
			c.pages[key] = p
			c.mu.Unlock()
		}
		// The page is put together in one buffer and written at once: part
		// by part, each write past the connection's 4 KB buffer was a
		// system call of its own.
		buf := pageBuffer()
		defer releasePage(buf)
		for i, part := range p.parts {
			if i > 0 {
				buf.WriteString(nonce)
			}
			buf.Write(part)
		}
		h := w.Header()
		h.Set("Content-Type", p.ctype)
		h.Set("Content-Length", strconv.Itoa(buf.Len()))
		w.WriteHeader(http.StatusOK)
		w.Write(buf.Bytes())
	})
}

// pageRecorder keeps what a handler writes.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (p *pageRecorder) Header() http.Header         { return p.header }
func (p *pageRecorder) WriteHeader(status int)      { p.status = status }
func (p *pageRecorder) Write(b []byte) (int, error) { return p.body.Write(b) }

// replay sends a recorded response that is not stored (a redirect, an
// error page) as the handler wrote it, with the request's own nonce.
func replay(w http.ResponseWriter, rec *pageRecorder, slot, nonce string) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	body := bytes.ReplaceAll(rec.body.Bytes(), []byte(slot), []byte(nonce))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	w.Write(body)
}
