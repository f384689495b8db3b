package components

import (
	"context"
	"strings"

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
	return context.WithValue(ctx, siteTextsKey{}, t)
}

// SiteTexts returns the site texts of ctx; none (nil) when the
// publication could not be read.
func SiteTexts(ctx context.Context) sitetext.Texts {
	t, _ := ctx.Value(siteTextsKey{}).(sitetext.Texts)
	return t
}

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
