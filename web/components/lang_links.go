package components

import (
	"context"
	"io"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// The page's links to itself in each language, which every public page
// has in its head and its header: written with HTML (gathered, then
// written at once), the addresses in parts (langURLParts,
// Address.inParts), without putting them together first. The markup is
// what the templ they replace wrote.

// Alternates are the page's canonical address in its language and, on a
// public page, the same page in each language (hreflang), Polish being the
// default; canonical is the Polish address.
func Alternates(canonical string, public bool) alternates {
	return alternates{canonical, public}
}

type alternates struct {
	canonical string
	public    bool
}

func (a alternates) Render(ctx context.Context, w io.Writer) error {
	h := NewHTML(w)
	link := func(before, lang string) {
		p := langURLParts(lang, a.canonical)
		h.Raw(before)
		h.Texts(p[:]...)
		h.Raw(`">`)
	}
	link(`<link rel="canonical" href="`, i18n.From(ctx).Lang())
	if a.public {
		for _, l := range Languages {
			link(langLinks[l].alternate, l)
		}
		link(` <link rel="alternate" hreflang="x-default" href="`, Languages[0])
	}
	return h.Done()
}

// LanguageSwitch links the same page, with its query, in every language,
// each name in its own language; the page's language is marked current.
// The address carries the choice: no cookie.
func LanguageSwitch() languageSwitch { return languageSwitch{} }

type languageSwitch struct{}

// langLinks are the fixed parts of each language's links.
var langLinks = func() map[string]struct{ alternate, attrs, current, name string } {
	m := map[string]struct{ alternate, attrs, current, name string }{}
	for _, l := range Languages {
		m[l] = struct{ alternate, attrs, current, name string }{
			alternate: `<link rel="alternate" hreflang="` + l + `" href="`,
			attrs:     `" lang="` + l + `" hreflang="` + l + `">`,
			current:   `" lang="` + l + `" hreflang="` + l + `" aria-current="true">`,
			name:      "lang_name_" + l, // the message naming it
		}
	}
	return m
}()

func (languageSwitch) Render(ctx context.Context, w io.Writer) error {
	tr := i18n.From(ctx)
	a := AddressOf(ctx)
	h := NewHTML(w)
	h.Raw(`<nav class="lang-switch" aria-label="`)
	h.Text(tr.T("lang_switch"))
	h.Raw(`"><ul>`)
	for _, l := range Languages {
		fixed := langLinks[l]
		attrs := fixed.attrs
		if l == tr.Lang() {
			attrs = fixed.current
		}
		p := a.inParts(l)
		h.Raw(`<li><a href="`)
		h.Texts(p[:]...)
		h.Raw(attrs)
		h.Text(tr.T(fixed.name))
		h.Raw(`</a></li>`)
	}
	h.Raw(`</ul></nav>`)
	return h.Done()
}
