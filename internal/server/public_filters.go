package server

import (
	"context"
	"sync"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// filterOptions keeps the search form's rendered choices of the current
// publication, per language: they are the same on every search page (see
// public.FilterOptions).
type filterOptions struct {
	mu     sync.Mutex
	number int
	byLang map[string]public.FilterOptions
}

// filterOptions returns the search form's choices for facets, the
// request's publication's. The preview of the working copy (publication
// number 0) changes under the staff's hands and renders them every time.
func (s *Server) filterOptions(ctx context.Context, facets directory.Facets) (public.FilterOptions, error) {
	pub, err := s.Directory.Current(ctx)
	if err != nil || pub.Number == 0 {
		return public.NewFilterOptions(ctx, facets)
	}
	lang := i18n.From(ctx).Lang()
	c := &s.filters
	c.mu.Lock()
	opts, ok := c.byLang[lang]
	ok = ok && c.number == pub.Number
	c.mu.Unlock()
	if ok {
		return opts, nil
	}
	opts, err = public.NewFilterOptions(ctx, facets)
	if err != nil {
		return opts, err
	}
	c.mu.Lock()
	// A request still reading an older publication must not replace a
	// newer one's choices.
	if pub.Number >= c.number {
		if pub.Number != c.number || c.byLang == nil {
			c.byLang = map[string]public.FilterOptions{}
			c.number = pub.Number
		}
		c.byLang[lang] = opts
	}
	c.mu.Unlock()
	return opts, nil
}
