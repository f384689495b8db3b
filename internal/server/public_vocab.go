package server

import (
	"context"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// The names of categories and target groups are kept by staff in the
// database, in Polish. Ukrainian and English pages take them from the
// catalogue (category_<slug>, target_group_<slug>, in locales/lang.*.json);
// a slug staff add later, without a message yet, shows its Polish name.
// Polish pages show the database's names, so a rename by staff shows at
// once. Districts are proper names and never translated.

// localVocabulary returns v with the names in the language of ctx.
func localVocabulary(ctx context.Context, v directory.Vocabulary) directory.Vocabulary {
	l := i18n.From(ctx)
	if l.Lang() == i18n.Default.String() {
		return v
	}
	cats := make([]directory.Category, len(v.Categories))
	for i, c := range v.Categories {
		c.Name = translated(l, "category_"+c.Slug, c.Name)
		cats[i] = c
	}
	groups := make([]directory.TargetGroup, len(v.TargetGroups))
	for i, g := range v.TargetGroups {
		g.Name = translated(l, "target_group_"+g.Slug, g.Name)
		groups[i] = g
	}
	v.Categories, v.TargetGroups = cats, groups
	return v
}

// localFacets is facets with the names in the language of ctx.
func localFacets(ctx context.Context, f directory.Facets) directory.Facets {
	f.Vocabulary = localVocabulary(ctx, f.Vocabulary)
	return f
}

// localResults gives the result cards' categories, which a publication
// records by their Polish names, in the language of ctx; polish is the
// vocabulary those names came from.
func localResults(ctx context.Context, polish directory.Vocabulary, res directory.Results) directory.Results {
	l := i18n.From(ctx)
	if l.Lang() == i18n.Default.String() || len(res.Items) == 0 {
		return res
	}
	slugs := make(map[string]string, len(polish.Categories))
	for _, c := range polish.Categories {
		slugs[c.Name] = c.Slug
	}
	items := make([]directory.Summary, len(res.Items))
	copy(items, res.Items)
	for i := range items {
		names := make([]string, len(items[i].Categories))
		for j, name := range items[i].Categories {
			names[j] = name
			if slug, ok := slugs[name]; ok {
				names[j] = translated(l, "category_"+slug, name)
			}
		}
		items[i].Categories = names
	}
	res.Items = items
	return res
}

// translated is message id in l's language, or fallback when the
// catalogue has no such message.
func translated(l *i18n.Localizer, id, fallback string) string {
	if s := l.T(id); s != id {
		return s
	}
	return fallback
}
