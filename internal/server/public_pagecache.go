package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/klauspost/compress/s2"

	"github.com/mopr-leszno/portal/web/components"
)

// A page of one publication is the same for everyone who reads it in one
// language within one window of the open-now status (publicationCache
// gives it the ETag that names that state). The pages asked for most — the
// directory's first page and the organisations' pages — are rendered once
// per state and kept, cut where the request's own parts go: the CSP nonce,
// new on every response, an organisation page's link back to the search
// it was opened from, and the query the language switch keeps. What is
// kept is bounded by size; a page not kept is rendered as any other.
type pageCache struct {
	mu    sync.Mutex
	pages map[pageKey]*storedPage
	size  int // bytes of the pages kept
	limit int
	// Slots stand for the request's own parts in a kept page.
	nonceSlot, backSlot, querySlot string
}

type pageKey struct {
	path, host, variant string
	back                bool // the page links back to a search
	query               bool // the address has a query (the language switch keeps it)
}

type storedPage struct {
	state string // the publication and window, as in the ETag
	ctype string
	// z is the page without its slots, compressed (S2: half the size, and
	// it decompresses in a couple of microseconds) unless plain; ends are
	// where the slots were in it, slots which slot each was.
	z     []byte
	plain bool
	ends  []uint32
	slots []byte
	size  int // bytes held
}

// The slots a kept page is cut at.
const (
	slotNonce byte = iota
	slotBack
	slotQuery
)

// pageCacheLimit bounds the bytes of the pages kept (the organisation
// pages compressed): some 2 500 organisation pages and the first pages of
// every language.
const pageCacheLimit = 10 << 20

func newPageCache(limit int) *pageCache {
	slot := func() string {
		b := make([]byte, 18)
		rand.Read(b)
		return "slot" + base64.RawURLEncoding.EncodeToString(b)
	}
	return &pageCache{pages: map[pageKey]*storedPage{}, limit: limit, nonceSlot: slot(), backSlot: slot(), querySlot: slot()}
}

// cachePage serves a request without a query (the directory's or the
// embedded list's first page, an embedded organisation page) from the kept
// page of its state, kept compressed unless plain: the first pages are few
// and the most read, so they are kept as they are (decompressing was a
// tenth of serving them), while there is an embedded page per
// organisation. It runs after publicationCache.
func (s *Server) cachePage(plain bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.RawQuery != "" {
				next.ServeHTTP(w, r)
				return
			}
			s.pageCache.serve(w, r, next, "", plain)
		})
	}
}

// cacheOrganisationPage serves an organisation's page from the kept page
// of its state, whatever search it links back to. It runs after
// publicationCache.
func (s *Server) cacheOrganisationPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.pageCache.serve(w, r, next, backURL(r, components.DirectoryPath(r.Context())), false)
	})
}

type backSlotKey struct{}

// pageBack is the link back to the search an organisation page was opened
// from, or the slot that stands for it in a page being kept.
func pageBack(r *http.Request) string {
	if slot, ok := r.Context().Value(backSlotKey{}).(string); ok {
		return slot
	}
	return backURL(r, components.DirectoryPath(r.Context()))
}

// serve answers r from the kept page of its state, rendering and keeping
// it first (compressed unless plain) when there is none; back is the
// request's link back to a search (or empty).
func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, next http.Handler, back string, plain bool) {
	state := w.Header().Get("ETag")
	if state == "" || r.Method != http.MethodGet {
		next.ServeHTTP(w, r)
		return
	}
	ctx := r.Context()
	// Read before rendering: templ.WithNonce below sets the nonce in the
	// context's shared templ state, so ctx would then hold the slot.
	nonce := templ.GetNonce(ctx)
	query := r.URL.RawQuery
	key := pageKey{path: r.URL.Path, host: r.Host, variant: pageVariant(ctx), back: back != "", query: query != ""}
	c.mu.Lock()
	p := c.pages[key]
	c.mu.Unlock()
	scratch := pageBuffer()
	defer releasePage(scratch)
	var page []byte // p's page without its slots
	if p == nil || p.state != state {
		rctx := templ.WithNonce(ctx, c.nonceSlot)
		if back != "" {
			rctx = context.WithValue(rctx, backSlotKey{}, c.backSlot)
		}
		if query != "" {
			a := components.AddressOf(ctx)
			a.Query = c.querySlot
			rctx = components.WithAddress(rctx, a)
		}
		rec := &pageRecorder{header: http.Header{}, status: http.StatusOK, body: pageBuffer()}
		next.ServeHTTP(rec, r.WithContext(rctx))
		if rec.status != http.StatusOK {
			replay(w, rec, c.nonceSlot, nonce)
			releasePage(rec.body)
			return
		}
		p, page = c.cut(rec.body.Bytes(), scratch, plain)
		releasePage(rec.body)
		p.state, p.ctype = state, rec.header.Get("Content-Type")
		c.keep(key, p)
	} else {
		var err error
		if page, err = p.decode(scratch); err != nil {
			// Only a bug could corrupt what this process compressed: drop
			// the page and render it as if it had never been kept.
			c.mu.Lock()
			delete(c.pages, key)
			c.mu.Unlock()
			next.ServeHTTP(w, r)
			return
		}
	}
	// The page is put together in one buffer and written at once: part by
	// part, each write past the connection's 4 KB buffer was a system call
	// of its own.
	buf := pageBuffer()
	defer releasePage(buf)
	p.put(buf, page, func(slot byte) {
		switch slot {
		case slotNonce:
			buf.WriteString(nonce)
		case slotBack:
			// As templ writes an attribute's value.
			buf.WriteString(templ.EscapeString(back))
		case slotQuery:
			buf.WriteString(templ.EscapeString(query))
		}
	})
	h := w.Header()
	h.Set("Content-Type", p.ctype)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// cut takes the slots out of a rendered page, noting where they were,
// and compresses the rest unless plain; it returns the rest too, written
// in scratch.
func (c *pageCache) cut(page []byte, scratch *bytes.Buffer, plain bool) (*storedPage, []byte) {
	p := &storedPage{plain: plain}
	scratch.Grow(len(page))
	rest := scratch.AvailableBuffer()
	markers := [...]string{slotNonce: c.nonceSlot, slotBack: c.backSlot, slotQuery: c.querySlot}
	// The markers are of one length and begin alike ("slot…"): one pass
	// finds each "slot" and tells which marker it begins, if any.
	n, start := len(markers[0]), 0
	for from := 0; ; {
		i := bytes.Index(page[from:], []byte("slot"))
		if i < 0 {
			break
		}
		i += from
		from = i + 1
		if i+n > len(page) {
			break
		}
		for k, m := range markers {
			if string(page[i:i+n]) == m {
				rest = append(rest, page[start:i]...)
				p.ends = append(p.ends, uint32(len(rest)))
				p.slots = append(p.slots, byte(k))
				start, from = i+n, i+n
				break
			}
		}
	}
	rest = append(rest, page[start:]...)
	if p.plain {
		p.z = bytes.Clone(rest)
	} else {
		// Encode writes into room for the worst case, twice what it needs
		// here: the page keeps an exact copy.
		p.z = bytes.Clone(s2.Encode(nil, rest))
	}
	p.size = len(p.z) + len(p.ends)*5 + 256 // and the entry's own fields, roughly
	return p, rest
}

// decode returns p's page without its slots: its own bytes when plain
// (to be read, never written), else decompressed into scratch.
func (p *storedPage) decode(scratch *bytes.Buffer) ([]byte, error) {
	if p.plain {
		return p.z, nil
	}
	n, err := s2.DecodedLen(p.z)
	if err != nil {
		return nil, err
	}
	scratch.Grow(n)
	return s2.Decode(scratch.AvailableBuffer()[:n], p.z)
}

// put writes p's page (from decode or cut) into buf, calling fill at
// each slot.
func (p *storedPage) put(buf *bytes.Buffer, page []byte, fill func(slot byte)) {
	start := uint32(0)
	for i, end := range p.ends {
		buf.Write(page[start:end])
		fill(p.slots[i])
		start = end
	}
	buf.Write(page[start:])
}

// keep stores p under key, making room by dropping pages at random (Go's
// map order) once the limit is reached: the pages asked for often are
// soon back.
func (c *pageCache) keep(key pageKey, p *storedPage) {
	if p.size > c.limit/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.pages[key]; old != nil {
		c.size -= old.size
	}
	for k, old := range c.pages {
		if c.size+p.size <= c.limit {
			break
		}
		delete(c.pages, k)
		c.size -= old.size
	}
	c.pages[key] = p
	c.size += p.size
}

// pageRecorder keeps what a handler writes.
type pageRecorder struct {
	header http.Header
	status int
	body   *bytes.Buffer
}

func (p *pageRecorder) Header() http.Header         { return p.header }
func (p *pageRecorder) WriteHeader(status int)      { p.status = status }
func (p *pageRecorder) Write(b []byte) (int, error) { return p.body.Write(b) }

// replay sends a recorded response that is not kept (a redirect, an error
// page) as the handler wrote it, with the request's own nonce.
func replay(w http.ResponseWriter, rec *pageRecorder, slot, nonce string) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	body := bytes.ReplaceAll(rec.body.Bytes(), []byte(slot), []byte(nonce))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	w.Write(body)
}
