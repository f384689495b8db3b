package public

import (
	"context"
	"io"
	"strconv"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// Render writes the pager's navigation, when there are pages to go to.
// It is written in Go, not templ: each of its links is written from the
// address's parts, where templ would have each address put together and
// then escaped.
func (p Pager) Render(ctx context.Context, w io.Writer) error {
	if len(p.Links) <= 1 {
		return nil
	}
	tr := i18n.From(ctx)
	h := components.NewHTML(w)
	h.Raw(`<nav class="pager" aria-label="`)
	h.Text(tr.T("pager_label"))
	h.Raw(`"><ul>`)
	p.step(&h, p.Prev, "prev", tr.T("pager_prev"))
	page := tr.T("pager_page")
	for _, l := range p.Links {
		h.Raw(`<li>`)
		if l.Gap {
			h.Raw(`<span aria-hidden="true">…</span>`)
		} else {
			h.Raw(`<a href="`)
			p.href(&h, l.Number)
			if l.Current {
				h.Raw(`" aria-current="page">`)
			} else {
				h.Raw(`">`)
			}
			h.Raw(`<span class="visually-hidden">`)
			h.Text(page)
			h.Raw(`</span> `)
			h.Raw(strconv.Itoa(l.Number))
			h.Raw(`</a>`)
		}
		h.Raw(`</li>`)
	}
	p.step(&h, p.Next, "next", tr.T("pager_next"))
	h.Raw(`</ul></nav>`)
	return h.Done()
}

// step writes the link to page n (unless 0), the previous or next (rel).
func (p Pager) step(h *components.HTML, n int, rel, label string) {
	if n == 0 {
		return
	}
	h.Raw(`<li><a href="`)
	p.href(h, n)
	h.Raw(`" rel="`)
	h.Raw(rel)
	h.Raw(`">`)
	h.Text(label)
	h.Raw(`</a></li>`)
}

// href writes the address of page n, escaped as an attribute's value.
func (p Pager) href(h *components.HTML, n int) {
	if n <= 1 {
		h.Text(p.First)
		return
	}
	h.Text(p.Before)
	h.Raw(strconv.Itoa(n))
	h.Text(p.After)
}
