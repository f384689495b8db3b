package published

import (
	"context"
	"iter"
)

// Pages are the slugs of the organisations whose pages search engines may
// index, in result order (by name), for the sitemap: an example
// organisation's page asks not to be indexed (noindex), so it is passed
// over. Each record's first fields are read in place, nothing is decoded
// or copied, so the sitemap of 100 000 organisations costs a pass over
// memory, not a decoding of every record.
func (x *Index) Pages() iter.Seq[string] {
	return func(yield func(string) bool) {
		for n := range uint32(x.Len()) {
			slug, example := recordPage(x.record(n))
			if slug == "" || example {
				continue
			}
			if !yield(slug) {
				return
			}
		}
	}
}

// recordPage reads a record's slug and whether it is example data,
// skipping the summary's fields before the flags (see readSummary).
func recordPage(b []byte) (slug string, example bool) {
	r := &recordReader{b: b}
	slug = r.str()
	// The name, short name, legal form, street, city and district, the
	// categories, the phones.
	r.bytes()
	r.bytes()
	r.uint()
	r.bytes()
	r.uint()
	r.uint()
	for range r.count() {
		r.uint()
	}
	for range r.count() {
		r.bytes()
	}
	flags := r.uint()
	if r.err != nil {
		return "", false
	}
	return slug, flags&flagExample != 0
}

// Pages returns the indexable organisation pages of the request's
// publication (see Index.Pages).
func (l *Live) Pages(ctx context.Context) (iter.Seq[string], error) {
	v, err := l.View(ctx)
	if err != nil {
		return nil, err
	}
	return v.Index.Pages(), nil
}
