package public

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web"
	"github.com/mopr-leszno/portal/web/components"
)

// The parts of a search page that each search writes of its own, written
// in Go as the result card is (see result_parts.go): templ's { } would copy
// each value (fmt.Sprint) and each templ component is a value of its own.

// searchResults is the results part of a search page: how many, the
// correction of a typo, the filters applied, one page of results (or
// what to try when there are none) and the pager.
type searchResults struct{ p *SearchPage }

func (r searchResults) Render(ctx context.Context, w io.Writer) error {
	p, tr := r.p, i18n.From(ctx)
	h := components.NewHTML(w)
	h.Raw(`<h2 id="results-title" class="results__count">`)
	if p.Results.More {
		h.Text(tr.N("results_more_than", p.Results.Total))
	} else {
		h.Text(tr.N("results_found", p.Results.Total))
	}
	h.Raw(`</h2>`)
	if p.Results.Corrected != "" {
		h.Raw(`<p class="correction">`)
		h.Text(tr.T("search_corrected", map[string]string{"Text": p.Query.Text, "Corrected": p.Results.Corrected}))
		h.Raw(`</p>`)
	}
	if len(p.Active) > 0 {
		h.Raw(`<div class="active-filters"><p id="active-title">`)
		h.Text(tr.T("filters_active"))
		h.Raw(`</p><ul aria-labelledby="active-title">`)
		remove := tr.T("filter_remove")
		for _, f := range p.Active {
			h.Raw(`<li><a href="`)
			h.Text(f.RemoveURL)
			h.Raw(`">`)
			h.Text(f.Label)
			h.Raw(` <span class="visually-hidden">— `)
			h.Text(remove)
			h.Raw(`</span> <span aria-hidden="true">×</span></a></li>`)
		}
		h.Raw(`</ul></div>`)
	}
	if len(p.Results.Items) == 0 {
		if err := h.Done(); err != nil {
			return err
		}
		return emptyState(p).Render(ctx, w)
	}
	h.Raw(`<ol class="result-list" start="`)
	h.Raw(strconv.Itoa((p.Results.Page-1)*p.Results.PerPage + 1))
	h.Raw(`">`)
	base, words := components.DirectoryPath(ctx), labelsOf(tr)
	for i := range p.Results.Items {
		resultItem{o: &p.Results.Items[i], base: base, back: p.Back}.write(ctx, &h, tr, words)
	}
	h.Raw(`</ol>`)
	if err := h.Done(); err != nil {
		return err
	}
	return p.Pager.Render(ctx, w)
}

// clearLink clears the search's filters, when it has any.
type clearLink struct{ p *SearchPage }

func (c clearLink) Render(ctx context.Context, w io.Writer) error {
	if len(c.p.Active) == 0 {
		return nil
	}
	h := components.NewHTML(w)
	h.Raw(`<a href="`)
	h.Text(c.p.ClearURL)
	h.Raw(`">`)
	h.Text(i18n.T(ctx, "filters_clear"))
	h.Raw(`</a>`)
	return h.Done()
}

// downloadsCount says what the downloads hold: the whole publication, or
// this search's results.
type downloadsCount struct{ d *Downloads }

func (c downloadsCount) Render(ctx context.Context, w io.Writer) error {
	h := components.NewHTML(w)
	h.Raw(`<p>`)
	if c.d.Query != "" {
		h.Text(i18n.From(ctx).N("downloads_selection", c.d.Count))
	} else {
		h.Text(i18n.T(ctx, "downloads_all"))
	}
	h.Raw(`</p>`)
	return h.Done()
}

// script is the portal's one script, which only enhances: every page works
// without it.
func script() templ.Component { return scriptTag{} }

type scriptTag struct{}

func (scriptTag) Render(ctx context.Context, w io.Writer) error {
	h := components.NewHTML(w)
	h.Raw(`<script src="`)
	h.Text(web.Asset("js/portal.js"))
	h.Raw(`" nonce="`)
	h.Text(templ.GetNonce(ctx))
	h.Raw(`" defer></script>`)
	return h.Done()
}
