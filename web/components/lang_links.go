package components

import (
	"context"
	"io"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// The page's links to itself in each language, which every public page
// has in its head and its header: written straight into the page, the
// addresses in parts (langURLParts, Address.inParts), without putting them
// together first. The markup is what the templ they replace wrote.

// writeParts writes the parts of an address (or a text) escaped.
func writeParts(ctx context.Context, w io.Writer, parts ...string) error {
	for _, p := range parts {
		if err := Text(p).Render(ctx, w); err != nil {
			return err
		}
	}
	return nil
}

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
	link := func(before, lang string) error {
		if _, err := io.WriteString(w, before); err != nil {
			return err
		}
		p := langURLParts(lang, a.canonical)
		if err := writeParts(ctx, w, p[:]...); err != nil {
			return err
		}
		_, err := io.WriteString(w, `">`)
		return err
	}
	if err := link(`<link rel="canonical" href="`, i18n.From(ctx).Lang()); err != nil || !a.public {
		return err
	}
	for _, l := range Languages {
		if err := link(langLinks[l].alternate, l); err != nil {
			return err
		}
	}
	return link(` <link rel="alternate" hreflang="x-default" href="`, Languages[0])
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
	write := func(s string) error {
		_, err := io.WriteString(w, s)
		return err
	}
	if err := write(`<nav class="lang-switch" aria-label="`); err != nil {
		return err
	}
	if err := Text(tr.T("lang_switch")).Render(ctx, w); err != nil {
		return err
	}
	if err := write(`"><ul>`); err != nil {
		return err
	}
	for _, l := range Languages {
		if err := write(`<li><a href="`); err != nil {
			return err
		}
		p := a.inParts(l)
		if err := writeParts(ctx, w, p[:]...); err != nil {
			return err
		}
		fixed := langLinks[l]
		attrs := fixed.attrs
		if l == tr.Lang() {
			attrs = fixed.current
		}
		if err := write(attrs); err != nil {
			return err
		}
		if err := Text(tr.T(fixed.name)).Render(ctx, w); err != nil {
			return err
		}
		if err := write(`</a></li>`); err != nil {
			return err
		}
	}
	return write(`</ul></nav>`)
}
