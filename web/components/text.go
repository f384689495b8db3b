package components

import (
	"context"
	"io"
	"strings"
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

// Render writes t escaped.
func (t Text) Render(_ context.Context, w io.Writer) error {
	s := string(t)
	for {
		i := strings.IndexAny(s, special)
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
