package hsds

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/published"
)

// Catalog is one publication as the API reads it: the publication's index
// with what HSDS asks of it and the index does not keep — the documents by
// HSDS id, by time of change, and the sets behind the taxonomies as a
// whole. It is made once per publication (one pass over the records, on
// the API's first request) and is immutable, safe for concurrent use.
type Catalog struct {
	Index       *published.Index
	Publication directory.Publication
	Taxonomies  *Taxonomies

	ids      []idEntry  // by id
	modified []modEntry // by time of the last change

	withCategory, withGroup, withFeature, publicBenefit, example *roaring.Bitmap
}

// Kind is the kind of object an id names.
type Kind uint8

// The kinds of object the API finds by id.
const (
	KindOrganization Kind = iota
	KindService
	KindServiceAtLocation
)

type idEntry struct {
	id   uuid.UUID
	doc  uint32
	kind Kind
}

type modEntry struct {
	at  int64 // Unix microseconds (nanoseconds overflow past 2262)
	doc uint32
}

// NewCatalog makes the catalog of a publication's index; label names the
// taxonomies (the Polish catalogue).
func NewCatalog(idx *published.Index, pub directory.Publication, label func(string) string) (*Catalog, error) {
	n := idx.Len()
	c := &Catalog{
		Index: idx, Publication: pub, Taxonomies: NewTaxonomies(idx.Vocabulary(), label),
		ids:          make([]idEntry, 0, 3*n),
		modified:     make([]modEntry, 0, n),
		withCategory: roaring.New(), withGroup: roaring.New(),
		publicBenefit: roaring.New(), example: roaring.New(),
	}
	for i := range n {
		doc := uint32(i)
		o, err := idx.OrganisationAt(doc)
		if err != nil {
			return nil, err
		}
		org, err := uuid.Parse(o.ID)
		if err != nil {
			return nil, err
		}
		c.ids = append(c.ids,
			idEntry{org, doc, KindOrganization},
			idEntry{uuid.MustParse(ServiceID(o.ID)), doc, KindService},
			idEntry{uuid.MustParse(ServiceAtLocationID(o.ID)), doc, KindServiceAtLocation})
		c.modified = append(c.modified, modEntry{o.UpdatedAt.UnixMicro(), doc})
		if len(o.Categories) > 0 {
			c.withCategory.Add(doc)
		}
		if len(o.TargetGroups) > 0 {
			c.withGroup.Add(doc)
		}
		if o.PublicBenefit {
			c.publicBenefit.Add(doc)
		}
		if o.Example {
			c.example.Add(doc)
		}
	}
	slices.SortFunc(c.ids, func(a, b idEntry) int { return bytes.Compare(a.id[:], b.id[:]) })
	slices.SortFunc(c.modified, func(a, b modEntry) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.doc, b.doc)) })
	c.withFeature = roaring.FastOr(
		idx.Matches(directory.Query{Volunteers: true}), idx.Matches(directory.Query{Interns: true}),
		c.publicBenefit, c.example)
	for _, b := range []*roaring.Bitmap{c.withCategory, c.withGroup, c.withFeature, c.publicBenefit, c.example} {
		b.RunOptimize()
	}
	return c, nil
}

// Find returns the document of the object of kind with id, and false when
// the publication has none.
func (c *Catalog) Find(kind Kind, id string) (uint32, bool) {
	u, err := uuid.Parse(id)
	if err != nil {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(c.ids, u, func(e idEntry, u uuid.UUID) int { return bytes.Compare(e.id[:], u[:]) })
	if !found || c.ids[i].kind != kind {
		return 0, false
	}
	return c.ids[i].doc, true
}

// Select returns the documents passing every filter of p (AND), in
// result order (by name). It reads the index's sets and never changes
// them; only the intersection is new.
func (c *Catalog) Select(p List) *roaring.Bitmap {
	q := directory.Query{Text: p.Search}
	var sets []*roaring.Bitmap
	none := roaring.New()
	if p.TaxonomyTermID != "" {
		ref, ok := c.Taxonomies.Term[p.TaxonomyTermID]
		switch {
		case !ok:
			return none
		case ref.Taxonomy == TaxonomyCategories:
			q.Category = ref.Slug
		case ref.Taxonomy == TaxonomyTargetGroups:
			q.TargetGroup = ref.Slug
		case ref.Slug == FeatureVolunteers:
			q.Volunteers = true
		case ref.Slug == FeatureInterns:
			q.Interns = true
		case ref.Slug == FeaturePublicBenefit:
			sets = append(sets, c.publicBenefit)
		case ref.Slug == FeatureExample:
			sets = append(sets, c.example)
		}
	}
	if p.TaxonomyID != "" {
		switch p.TaxonomyID {
		case TaxonomyID(TaxonomyCategories):
			sets = append(sets, c.withCategory)
		case TaxonomyID(TaxonomyTargetGroups):
			sets = append(sets, c.withGroup)
		case TaxonomyID(TaxonomyFeatures):
			sets = append(sets, c.withFeature)
		default:
			return none
		}
	}
	if p.OrganizationID != "" {
		doc, ok := c.Find(KindOrganization, p.OrganizationID)
		if !ok {
			return none
		}
		sets = append(sets, roaring.BitmapOf(doc))
	}
	if !p.ModifiedAfter.IsZero() {
		sets = append(sets, c.modifiedSince(p.ModifiedAfter))
	}
	match := c.Index.Matches(q)
	if len(sets) == 0 {
		return match
	}
	return roaring.FastAnd(append(sets, match)...)
}

// modifiedSince is the documents changed at or after t.
func (c *Catalog) modifiedSince(t time.Time) *roaring.Bitmap {
	at := t.UnixMicro()
	i := sort.Search(len(c.modified), func(i int) bool { return c.modified[i].at >= at })
	out := roaring.New()
	for _, m := range c.modified[i:] {
		out.Add(m.doc)
	}
	return out
}

// PageOf returns the documents of page number (from 1) of perPage in
// docs.
func PageOf(docs *roaring.Bitmap, number, perPage int) []uint32 {
	offset := uint64(number-1) * uint64(perPage)
	if offset >= docs.GetCardinality() {
		return nil
	}
	start, err := docs.Select(uint32(offset))
	if err != nil {
		return nil
	}
	out := make([]uint32, 0, perPage)
	it := docs.Iterator()
	it.AdvanceIfNeeded(start)
	for it.HasNext() && len(out) < perPage {
		out = append(out, it.Next())
	}
	return out
}
