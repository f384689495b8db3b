// Package i18n looks up interface text in the message catalogue
// (locales/*.json, CLDR plural rules through go-i18n). Components call T and
// N with the request context, which carries the reader's localizer, so a
// new language is a new catalogue file and no component changes.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var locales embed.FS

// Default is the language of the portal and the fallback for a missing
// message.
var Default = language.Polish

// Catalogue holds every language's messages.
type Catalogue struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	// One localizer per language, made once: choosing one is on every
	// request's path.
	byLang map[string]*Localizer
	// chosen remembers the localizer picked for an Accept-Language value;
	// browsers send few distinct ones. It is bounded by maxChosen.
	chosen  sync.Map
	nChosen atomic.Int64
}

// maxChosen bounds how many Accept-Language values the catalogue
// remembers; past it, others are matched each time.
const maxChosen = 1024

// New loads the embedded catalogue files.
func New() (*Catalogue, error) {
	b := goi18n.NewBundle(Default)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, err
	}
	simple := map[string]map[string]*simpleMessage{} // language → id → message
	fixed := map[string]map[string]string{}          // language → id → text
	for _, f := range files {
		mf, err := b.LoadMessageFileFS(locales, f)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", path.Base(f), err)
		}
		base, _ := mf.Tag.Base()
		if simple[base.String()] == nil {
			simple[base.String()] = map[string]*simpleMessage{}
			fixed[base.String()] = map[string]string{}
		}
		for _, m := range mf.Messages {
			if m.Zero == "" && m.One == "" && m.Two == "" && m.Few == "" && m.Many == "" && !strings.Contains(m.Other, "{{") {
				fixed[base.String()][m.ID] = m.Other
			}
			if sm, ok := compileSimple(m); ok {
				simple[base.String()][m.ID] = sm
			}
		}
	}
	c := &Catalogue{bundle: b, matcher: language.NewMatcher(b.LanguageTags()), byLang: map[string]*Localizer{}}
	for _, tag := range b.LanguageTags() {
		base, _ := tag.Base()
		c.byLang[base.String()] = &Localizer{l: goi18n.NewLocalizer(b, base.String()), lang: base.String(),
			tag: language.Make(base.String()), simple: simple[base.String()], fixed: fixed[base.String()]}
	}
	return c, nil
}

// Localizer speaks one language, chosen from the preferences given. It is
// safe for concurrent use.
type Localizer struct {
	l    *goi18n.Localizer
	lang string
	tag  language.Tag // for the plural rules
	// simple holds this language's messages whose only actions are
	// placeholders ({{.Name}}), filled without text/template (see fill).
	simple map[string]*simpleMessage
	// fixed holds the messages with no placeholders and no plural forms,
	// most of those on a page: a lookup, without go-i18n.
	fixed map[string]string
	// plain caches the other messages asked for without data.
	plain sync.Map // id → string
	// memo keeps text made once per language (see Memo).
	memo sync.Map // key → string
}

// Memo returns the text build made for key in this language, making it on
// first use. It is for what depends on the language alone (parts of pages
// rendered once, say, or a sentence per time of day): keys must be few
// (at most a handful per publication), since nothing is ever dropped. A
// failed build is not kept.
func (l *Localizer) Memo(key string, build func() (string, error)) (string, error) {
	if s, ok := l.memo.Load(key); ok {
		return s.(string), nil
	}
	s, err := build()
	if err != nil {
		return "", err
	}
	l.memo.Store(key, s)
	return s, nil
}

// Localizer returns a localizer for the first of langs (tags or
// Accept-Language values) the catalogue has, else the default language.
func (c *Catalogue) Localizer(langs ...string) *Localizer {
	key := strings.Join(langs, "\x00")
	if l, ok := c.chosen.Load(key); ok {
		return l.(*Localizer)
	}
	tag, _, _ := c.matcher.Match(parseAll(langs)...)
	base, _ := tag.Base()
	l, ok := c.byLang[base.String()]
	if !ok {
		l = c.byLang[Default.String()]
	}
	if c.nChosen.Add(1) <= maxChosen {
		c.chosen.Store(key, l)
	}
	return l
}

// Lang returns the localizer of the language code ("pl", "uk", "en"); an
// empty or unknown code gets the default language.
func (c *Catalogue) Lang(code string) *Localizer {
	if l, ok := c.byLang[code]; ok {
		return l
	}
	return c.byLang[Default.String()]
}

func parseAll(langs []string) []language.Tag {
	var tags []language.Tag
	for _, l := range langs {
		t, _, err := language.ParseAcceptLanguage(l)
		if err == nil {
			tags = append(tags, t...)
		}
	}
	return tags
}

// Lang is the BCP 47 tag of the localizer's language, for <html lang>.
func (l *Localizer) Lang() string { return l.lang }

// T returns the message id, filled with data (a map or struct) when the
// message has placeholders. A missing message shows its id, so a gap is
// visible instead of blank.
func (l *Localizer) T(id string, data ...any) string {
	if len(data) == 0 {
		if s, ok := l.fixed[id]; ok {
			return s
		}
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
	}
	if len(data) > 0 {
		if m := l.simple[id]; m != nil && len(m.forms) == 1 && m.forms[plural.Other] != nil {
			if s, ok := m.forms[plural.Other].fill(data[0], 0, false); ok {
				return s
			}
		}
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := l.l.Localize(cfg)
	if err != nil {
		return id
	}
	if len(data) == 0 {
		l.plain.Store(id, s)
	}
	return s
}

// N returns the plural form of message id for n, with {{.Count}} set to n.
func (l *Localizer) N(id string, n int) string {
	if m := l.simple[id]; m != nil {
		a := n
		if a < 0 {
			a = -a
		}
		if p := m.forms[plural.Cardinal.MatchPlural(l.tag, a%10_000_000, 0, 0, 0, 0)]; p != nil {
			if s, ok := p.fill(nil, n, true); ok {
				return s
			}
		}
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether the catalogue has message id in the localizer's
// language.
func (l *Localizer) Has(id string) bool {
	// A plural message needs a count to be found at all.
	_, tag, err := l.l.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id})
	if err != nil {
		_, tag, err = l.l.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id, PluralCount: 1})
	}
	if err != nil {
		return false
	}
	base, _ := tag.Base()
	return base.String() == l.lang
}

type ctxKey struct{}

// With returns a context carrying l.
func With(ctx context.Context, l *Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the context's localizer. A context without one (a component
// rendered in a test, say) gets the default language.
func From(ctx context.Context) *Localizer {
	if l, ok := ctx.Value(ctxKey{}).(*Localizer); ok {
		return l
	}
	return fallback()
}

// fallback is loaded on first use only.
var fallback = sync.OnceValue(func() *Localizer {
	c, err := New()
	if err != nil {
		panic(err) // the embedded catalogue is checked by the tests
	}
	return c.Localizer()
})

// T looks up message id in the context's language; see Localizer.T.
func T(ctx context.Context, id string, data ...any) string { return From(ctx).T(id, data...) }

// N looks up the plural form of id for n; see Localizer.N.
func N(ctx context.Context, id string, n int) string { return From(ctx).N(id, n) }
