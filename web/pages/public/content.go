package public

import (
	"context"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
)

// ownText is an organisation's own text as a page in the reader's
// language shows it: in that language when the organisation gave it,
// else in Polish, marked lang="pl" and, where a page says so, with a note
// that it is in Polish (Note).
type ownText struct {
	Text string
	Lang string
	Note bool // the page is not Polish and the text is
}

func own(pageLang, text, lang string) ownText {
	return ownText{Text: text, Lang: lang, Note: text != "" && lang != pageLang}
}

// orgDescription is o's description in the reader's language (see
// directory.Organisation.DescriptionIn).
func orgDescription(ctx context.Context, o *directory.Organisation) ownText {
	l := i18n.From(ctx).Lang()
	t, tl := o.DescriptionIn(l)
	return own(l, t, tl)
}

// orgHoursNote is o's note on its hours in the reader's language.
func orgHoursNote(ctx context.Context, o *directory.Organisation) ownText {
	l := i18n.From(ctx).Lang()
	t, tl := o.HoursNoteIn(l)
	return own(l, t, tl)
}

// resultDescription is a result's description in the reader's language.
func resultDescription(ctx context.Context, s *directory.Summary) ownText {
	l := i18n.From(ctx).Lang()
	t, tl := s.DescriptionIn(l)
	return own(l, t, tl)
}

// OrgDescription is o's description in the reader's language, for the
// page's meta description.
func OrgDescription(ctx context.Context, o *directory.Organisation) string {
	return orgDescription(ctx, o).Text
}

// siteText is the site text under key in the reader's language (see
// sitetext.Texts.In).
func siteText(ctx context.Context, t sitetext.Texts, key string) ownText {
	l := i18n.From(ctx).Lang()
	text, lang := t.In(key, l)
	return own(l, text, lang)
}
