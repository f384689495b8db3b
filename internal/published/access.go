package published

import (
	"github.com/RoaringBitmap/roaring/v2"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Accessors for readers that page through the documents themselves (the
// HSDS API, which combines q with filters of its own).

// Matches returns the documents q finds (its text through the directory's
// one search, its filters), numbered in result order (by name), without
// the name-first ranking of Search. The bitmap may be the index's own:
// callers must not change it.
func (x *Index) Matches(q directory.Query) *roaring.Bitmap {
	_, match, _, _ := x.match(q)
	return match
}

// OrganisationAt returns document n (0 ≤ n < Len) whole.
func (x *Index) OrganisationAt(n uint32) (*directory.Organisation, error) {
	if int(n) >= x.Len() {
		return nil, errRecord
	}
	return decodeRecord(x.record(n), x.shared)
}
