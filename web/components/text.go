package components

import (
	"context"
	"io"
)

// Text is a string written into a page HTML-escaped, as templ's { s } is,
// but without the copies templ makes of every expression (through
// fmt.Sprint and html.EscapeString: up to three allocations each): it
// writes the runs between special characters straight to the page. The
// pages rendered on every search (result cards, organisation pages) write a
// hundred short strings and use it as @components.Text(s); elsewhere { s }
// reads better and costs little.
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

// indexSpecial is the index of the first special byte of s, or -1.
func indexSpecial(s string) int {
	for i := range len(s) {
		if isSpecial[s[i]] {
			return i
		}
	}
	return -1
}

// Render writes t escaped.
func (t Text) Render(_ context.Context, w io.Writer) error {
	s := string(t)
	for {
		i := indexSpecial(s)
		if i < 0 {
			_, err := io.WriteString(w, s)
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, s[:i]); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, entities[s[i]]); err != nil {
			return err
		}
		s = s[i+1:]
	}
}
