package components

import (
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// Static renders c once per language and key and writes the same HTML
// again afterwards: for parts of pages that depend on the language and
// nothing else (the site's header, its footer), which every page would
// otherwise render anew. c must read nothing but the language from its
// context and take no arguments that vary under one key.
func Static(key string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		html, err := i18n.From(ctx).Memo(key, func() (string, error) {
			var b strings.Builder
			err := c.Render(ctx, &b)
			return b.String(), err
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, html)
		return err
	})
}
