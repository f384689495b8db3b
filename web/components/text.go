package components

import (
	"context"
	"io"
	"strings"
	"sync"
)

// Text is a string written into a page HTML-escaped, as templ's { s } is,
// but without the copies templ makes of every expression (through
// fmt.Sprint and html.EscapeString: up to three allocations each): it
// writes the text as it is, or escaped through HTML's buffer. The pages
// rendered on every search (result cards, organisation pages) write a
// hundred short strings and use it as @components.Text(s); elsewhere
// { s } reads better and costs little.
type Text string

// The characters html.EscapeString replaces, and what with.
const special = `<>&'"`

var entities = [...]string{'<': "&lt;", '>': "&gt;", '&': "&amp;", '\'': "&#39;", '"': "&#34;"}

// isSpecial marks the bytes of special: a table look-up per byte, where
// strings.IndexAny builds its set again on every call.
var isSpecial = func() (t [256]bool) {
	for i := range len(special) {
		t[special[i]] = true
	}
	return t
}()

// longText is the length from which indexSpecial looks for each special
// character in turn with strings.IndexByte (vectorised: some thirty bytes
// a step) rather than at each byte in turn: a description of a few hundred
// bytes, usually without any of them, costs five quick passes instead of a
// look-up per byte.
const longText = 64

// indexSpecial is the index of the first special byte of s, or -1.
func indexSpecial(s string) int {
	if len(s) < longText {
		for i := range len(s) {
			if isSpecial[s[i]] {
				return i
			}
		}
		return -1
	}
	first := -1
	for i := range len(special) {
		// Only before the first one found so far.
		if j := strings.IndexByte(s, special[i]); j >= 0 {
			first, s = j, s[:j]
		}
	}
	return first
}

// Render writes t escaped: as it is, when it holds nothing to escape (most
// texts), else through HTML.
func (t Text) Render(_ context.Context, w io.Writer) error {
	s := string(t)
	if indexSpecial(s) < 0 {
		_, err := io.WriteString(w, s)
		return err
	}
	h := NewHTML(w)
	h.Text(s)
	return h.Done()
}

// appendEscaped appends s escaped to b.
func appendEscaped(b []byte, s string) []byte {
	for {
		i := indexSpecial(s)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		b = append(b, entities[s[i]]...)
		s = s[i+1:]
	}
}

// HTML writes a part of a page in Go: markup as it is (Raw), and text and
// attribute values escaped as Text escapes them. For the parts a results
// page writes many times, which templ would write with a copy of each
// value. What it is given is gathered in a buffer (from a pool) and
// written to the page by Done, which must come last: a result card is
// some forty short strings, each otherwise a call through the page's
// writer.
type HTML struct {
	w   io.Writer
	b   *[]byte
	err error
}

// htmlBuffers are HTML's buffers between parts.
var htmlBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 2*spillAt)
	return &b
}}

// spillAt is how much HTML gathers before it writes.
const spillAt = 4 << 10

// NewHTML writes to w.
func NewHTML(w io.Writer) HTML { return HTML{w: w, b: htmlBuffers.Get().(*[]byte)} }

// Raw writes markup as it is.
func (h *HTML) Raw(s string) {
	*h.b = append(*h.b, s...)
	h.spill()
}

// Text writes text escaped.
func (h *HTML) Text(s string) {
	*h.b = appendEscaped(*h.b, s)
	h.spill()
}

// Texts writes the parts escaped, one after the other (an address in
// parts, say).
func (h *HTML) Texts(parts ...string) {
	for _, p := range parts {
		h.Text(p)
	}
}

// spill writes what is gathered once it is spillAt bytes or more.
func (h *HTML) spill() {
	if len(*h.b) >= spillAt {
		h.write()
	}
}

func (h *HTML) write() {
	if h.err == nil && len(*h.b) > 0 {
		_, h.err = h.w.Write(*h.b)
	}
	*h.b = (*h.b)[:0]
}

// Done writes what is gathered and gives the buffer back; it returns the
// writer's first error, or nil. Nothing may be written after it.
func (h *HTML) Done() error {
	if h.b == nil {
		return h.err
	}
	h.write()
	if cap(*h.b) <= 16*spillAt { // not one grown by a very long text
		htmlBuffers.Put(h.b)
	}
	h.b = nil
	return h.err
}
