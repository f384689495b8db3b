package components

import (
	"context"
	"html"
	"io"
)

// Text is a string written into a page HTML-escaped, as templ's { s } is,
// but without the copy templ makes of every expression (through
// fmt.Sprint: two allocations each). The pages rendered on every search
// (result cards, organisation pages) write a hundred short strings and use
// it as @components.Text(s); elsewhere { s } reads better and costs little.
type Text string

// Render writes t escaped.
func (t Text) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, html.EscapeString(string(t)))
	return err
}
