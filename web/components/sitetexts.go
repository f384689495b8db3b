package components

import (
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

type siteTextsKey struct{}

// WithSiteTexts makes the pages rendered with ctx show texts as the site
// texts (MOPR's contact in the footer of every page): those of the
// request's publication on the public side, the working ones in the
// staff's preview. Like the directory path, they ride in the context so
// that the layout of every page finds them without each handler passing
// them on.
func WithSiteTexts(ctx context.Context, t sitetext.Texts) context.Context {
	return context.WithValue(ctx, siteTextsKey{}, siteTexts{texts: t})
}

// WithPublishedSiteTexts is WithSiteTexts for the texts of a publication,
// which never change: version names the publication, and the footer
// rendered of them is kept in memo, per language, until another version
// comes.
func WithPublishedSiteTexts(ctx context.Context, t sitetext.Texts, version string, memo *FooterMemo) context.Context {
	return context.WithValue(ctx, siteTextsKey{}, siteTexts{texts: t, version: version, memo: memo})
}

type siteTexts struct {
	texts   sitetext.Texts
	version string // empty: texts that may change (the preview's)
	memo    *FooterMemo
}

// PublicationVersion names the publication whose site texts ctx carries
// (WithPublishedSiteTexts): what is rendered of it once may be kept under
// that name. It is empty where nothing may be kept: the preview's texts,
// which change, or none.
func PublicationVersion(ctx context.Context) string {
	v, _ := ctx.Value(siteTextsKey{}).(siteTexts)
	return v.version
}

// SiteTexts returns the site texts of ctx; none (nil) when the
// publication could not be read.
func SiteTexts(ctx context.Context) sitetext.Texts {
	v, _ := ctx.Value(siteTextsKey{}).(siteTexts)
	return v.texts
}

// footerContact is MoprContact of the site texts of ctx, rendered once per
// language and publication.
func footerContact() templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		v, _ := ctx.Value(siteTextsKey{}).(siteTexts)
		if v.version == "" || v.memo == nil {
			return MoprContact(v.texts).Render(ctx, w)
		}
		html, err := v.memo.Get(v.version, i18n.From(ctx).Lang(), func() (string, error) {
			var b strings.Builder
			err := MoprContact(v.texts).Render(ctx, &b)
			return b.String(), err
		})
		if err != nil {
			return err
		}
		_, err = io.WriteString(w, html)
		return err
	})
}

// FooterMemo keeps the footer's contact as rendered for one version of
// the site texts, by language (see WithPublishedSiteTexts); its zero value
// is ready to use.
type FooterMemo = VersionMemo[string]

// lines splits a text of several lines for display, one element a line.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
