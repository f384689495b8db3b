package public

import (
	"context"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/mopr-leszno/portal/internal/directory"
)

// FilterOptions are the choices of the search form's lists (category,
// target group, district) with their counts, rendered as HTML. They are the
// same on every search page of one publication in one language except for
// which one is selected, so a handler makes them once (NewFilterOptions)
// and each page only picks, per option, the form with or without
// `selected`: a page writes some seventy options without rendering them.
type FilterOptions struct {
	Categories, TargetGroups, Districts []Option
}

// Option is one <option>, rendered both ways.
type Option struct {
	Value             string
	Plain, AsSelected string
}

// NewFilterOptions renders the options of facets in ctx's language.
func NewFilterOptions(ctx context.Context, f directory.Facets) (FilterOptions, error) {
	var opts FilterOptions
	var b strings.Builder
	render := func(value, label string) (Option, error) {
		o := Option{Value: value}
		for _, sel := range []bool{false, true} {
			b.Reset()
			if err := filterOption(value, label, sel).Render(ctx, &b); err != nil {
				return o, err
			}
			if sel {
				o.AsSelected = b.String()
			} else {
				o.Plain = b.String()
			}
		}
		return o, nil
	}
	add := func(list *[]Option, value, label string) error {
		o, err := render(value, label)
		*list = append(*list, o)
		return err
	}
	for _, c := range f.Tree() {
		if err := add(&opts.Categories, c.Slug, c.Name+" ("+strconv.Itoa(c.Count)+")"); err != nil {
			return opts, err
		}
		for _, ch := range c.Children {
			if err := add(&opts.Categories, ch.Slug, "— "+ch.Name+" ("+strconv.Itoa(ch.Count)+")"); err != nil {
				return opts, err
			}
		}
	}
	for _, g := range f.TargetGroups {
		if err := add(&opts.TargetGroups, g.Slug, g.Name); err != nil {
			return opts, err
		}
	}
	for _, d := range f.Districts {
		if err := add(&opts.Districts, d.Slug, d.Name); err != nil {
			return opts, err
		}
	}
	return opts, nil
}

// options writes the rendered options, selected the one of value selected.
func options(opts []Option, selected string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for _, o := range opts {
			html := o.Plain
			if o.Value == selected {
				html = o.AsSelected
			}
			if _, err := io.WriteString(w, html); err != nil {
				return err
			}
		}
		return nil
	})
}
