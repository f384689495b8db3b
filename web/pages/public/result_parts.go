package public

import (
	"context"
	"io"
	"slices"
	"sync"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// The result card that a results page writes twenty times, and its parts,
// written in Go with components.HTML (gathered in a buffer, written to the
// page at once): templ's { } copies each value (fmt.Sprint), and each
// templ component looks up its state in the context; here only the
// escaping is done (the same escaping as templ's). The markup is the same
// as the templ it replaces.

// openLine says whether the organisation is open now (see openText); it
// writes nothing when its hours are not known.
type openLine directory.Status

func (o openLine) Render(ctx context.Context, w io.Writer) error {
	h := components.NewHTML(w)
	o.write(ctx, &h)
	return h.Done()
}

func (o openLine) write(ctx context.Context, h *components.HTML) {
	st := directory.Status(o)
	if !st.Known {
		return
	}
	if st.Open {
		h.Raw(`<p class="open-line open-line--open">`)
	} else {
		h.Raw(`<p class="open-line">`)
	}
	h.Text(openText(ctx, st))
	h.Raw("</p>")
}

// link is <a href="href…">text</a>, the address given in parts so that
// it need not be put together first.
type link struct {
	href [4]string
	text string
}

func (l link) write(h *components.HTML) {
	h.Raw(`<a href="`)
	h.Texts(l.href[:]...)
	h.Raw(`">`)
	h.Text(l.text)
	h.Raw("</a>")
}

// resultLink is the link of a result's name to its page, which leads back
// to the search (back, "?wroc=…" or empty).
func resultLink(o *directory.Summary, base, back string) link {
	return link{href: [4]string{base, "/", o.Slug, back}, text: o.Name}
}

// phoneLink is a phone number as a tel: link (telURL), written without
// putting the address together: the runs of digits (and a leading +) of
// the number, as they are.
type phoneLink string

func (p phoneLink) write(h *components.HTML) {
	phone := string(p)
	h.Raw(`<a href="tel:`)
	start := -1 // where the current run of kept characters began
	for i := 0; i <= len(phone); i++ {
		keep := i < len(phone) && (phone[i] >= '0' && phone[i] <= '9' || phone[i] == '+' && i == 0)
		switch {
		case keep && start < 0:
			start = i
		case !keep && start >= 0:
			h.Raw(phone[start:i])
			start = -1
		}
	}
	h.Raw(`">`)
	h.Text(phone)
	h.Raw("</a>")
}

// descriptionPara is a result's description: its excerpt of n characters
// in the reader's language, or in Polish marked as such (resultDescription).
type descriptionPara struct {
	text ownText
	n    int
}

func (d descriptionPara) write(h *components.HTML) {
	h.Raw(`<p class="result__description" lang="`)
	h.Text(d.text.Lang)
	h.Raw(`">`)
	excerptOf(d.text.Text, d.n).write(h)
	h.Raw("</p>")
}

// resultBody is what a result says of an organisation under its name, in
// the directory and in the embed: whether it is example data, its legal
// form and address, whether it is open now and its phone, and its
// description cut to excerpt characters.
type resultBody struct {
	o       *directory.Summary
	excerpt int
}

func (b resultBody) Render(ctx context.Context, w io.Writer) error {
	h := components.NewHTML(w)
	tr := i18n.From(ctx)
	b.write(ctx, &h, tr, labelsOf(tr))
	return h.Done()
}

func (b resultBody) write(ctx context.Context, h *components.HTML, tr *i18n.Localizer, words *cardLabels) {
	o := b.o
	if o.Example {
		h.Raw(`<p class="badge badge--example">`)
		h.Text(words.example)
		h.Raw("</p>")
	}
	h.Raw(`<p class="result__meta">`)
	resultMeta{form: words.legalForm(tr, o.LegalForm), street: o.Street, city: o.City, district: o.District}.write(h)
	h.Raw("</p>")
	if o.Phone != "" || o.Status.Known {
		h.Raw(`<div class="result__contact">`)
		openLine(o.Status).write(ctx, h)
		if o.Phone != "" {
			h.Raw(`<p class="result__phone">`)
			h.Text(words.phones)
			h.Raw(": ")
			phoneLink(o.Phone).write(h)
			h.Raw("</p>")
		}
		h.Raw("</div>")
	}
	descriptionPara{text: resultDescription(ctx, o), n: b.excerpt}.write(h)
}

// resultItem is one result of the directory: its name linked to its page,
// which leads back to the search (back, "?wroc=…" or empty), its body
// (resultBody), its categories and whether it takes volunteers and
// interns. A results page writes twenty: the card is written straight
// into the page, as the templ it replaces wrote it, without a templ
// component (and its copies of each value) per part.
type resultItem struct {
	o          *directory.Summary
	base, back string
}

func (r resultItem) Render(ctx context.Context, w io.Writer) error {
	tr := i18n.From(ctx)
	h := components.NewHTML(w)
	r.write(ctx, &h, tr, labelsOf(tr))
	return h.Done()
}

// write writes the card into h, with the words of tr's language.
func (r resultItem) write(ctx context.Context, h *components.HTML, tr *i18n.Localizer, words *cardLabels) {
	o := r.o
	h.Raw(`<li class="result"><h3 class="result__name">`)
	resultLink(o, r.base, r.back).write(h)
	h.Raw(" ")
	if o.ShortName != "" {
		h.Raw(`<span class="short-name">(`)
		h.Text(o.ShortName)
		h.Raw(")</span>")
	}
	h.Raw("</h3>")
	resultBody{o: o, excerpt: 220}.write(ctx, h, tr, words)
	// A list only when it has items: a screen reader announces an empty
	// one.
	if len(o.Categories) > 0 {
		h.Raw(`<ul class="tags">`)
		for _, c := range o.Categories {
			h.Raw(`<li class="tag">`)
			h.Text(c)
			h.Raw("</li>")
		}
		h.Raw(`</ul>`)
	}
	if o.TakesVolunteers || o.TakesInterns {
		h.Raw(`<ul class="badges">`)
		if o.TakesVolunteers {
			h.Raw(`<li class="badge">`)
			h.Text(words.volunteers)
			h.Raw("</li>")
		}
		if o.TakesInterns {
			h.Raw(`<li class="badge">`)
			h.Text(words.interns)
			h.Raw("</li>")
		}
		h.Raw("</ul>")
	}
	h.Raw("</li>")
}

// cardLabels are the words of a result card in one language: a results
// page writes twenty cards, each of which would otherwise look up its
// words one by one (and put each legal form's message id together first).
type cardLabels struct {
	example, phones, volunteers, interns string
	legalForms                           []string // of directory.LegalForms, in their order
}

// labelsByLang keeps the cards' labels of each language.
var labelsByLang kept[string, *cardLabels]

// labelsOf is the cards' labels in l's language.
func labelsOf(l *i18n.Localizer) *cardLabels {
	return labelsByLang.get(l.Lang(), func() *cardLabels {
		c := &cardLabels{example: l.T("example_badge"), phones: l.T("org_phones"),
			volunteers: l.T("takes_volunteers"), interns: l.T("takes_interns"),
			legalForms: make([]string, len(directory.LegalForms))}
		for j, f := range directory.LegalForms {
			c.legalForms[j] = l.T("legal_form_" + string(f))
		}
		return c
	})
}

// kept keeps what is made once per key and never changes (a language's
// words, a sentence per time of day): the keys must be few, for nothing is
// dropped. A key is looked up without an allocation, where a sync.Map
// would box it.
type kept[K comparable, V any] struct {
	mu sync.RWMutex
	by map[K]V
}

// get returns what is kept under key, making it with build first.
func (k *kept[K, V]) get(key K, build func() V) V {
	k.mu.RLock()
	v, ok := k.by[key]
	k.mu.RUnlock()
	if ok {
		return v
	}
	v = build()
	k.mu.Lock()
	if k.by == nil {
		k.by = map[K]V{}
	}
	k.by[key] = v
	k.mu.Unlock()
	return v
}

// legalForm is the label of a legal form (one not among
// directory.LegalForms, which no record holds, by its message).
func (c *cardLabels) legalForm(l *i18n.Localizer, form directory.LegalForm) string {
	if i := slices.Index(directory.LegalForms, form); i >= 0 {
		return c.legalForms[i]
	}
	return l.T("legal_form_" + string(form))
}

// checkbox is one of the search form's check boxes: its name is its id,
// label the id of its message. Written in Go: templ would copy each
// attribute value (fmt.Sprint) on every search.
type checkbox struct {
	name, label string
	checked     bool
}

func (c checkbox) Render(ctx context.Context, w io.Writer) error {
	h := components.NewHTML(w)
	h.Raw(`<div class="check"><input id="`)
	h.Text(c.name)
	h.Raw(`" name="`)
	h.Text(c.name)
	if c.checked {
		h.Raw(`" type="checkbox" value="tak" checked> <label for="`)
	} else {
		h.Raw(`" type="checkbox" value="tak"> <label for="`)
	}
	h.Text(c.name)
	h.Raw(`">`)
	h.Text(i18n.T(ctx, c.label))
	h.Raw(`</label></div>`)
	return h.Done()
}
