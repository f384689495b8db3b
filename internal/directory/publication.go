package directory

import "time"

// Publication is one numbered state of the directory made public by staff.
// The public pages, feeds and downloads show only the current publication;
// staff edit a working copy in between.
type Publication struct {
	Number int
	At     time.Time
	// By is the display name of the staff member (or "wiersz poleceń" for
	// the command line).
	By   string
	Note string
	// RestoredFrom is the publication made current again by a rollback;
	// zero for an ordinary publication.
	RestoredFrom int
	// Current tells whether this is the publication the public sees now.
	Current bool
	// What changed since the publication current before this one.
	Added, Changed, Removed []PublishedChange
	// Unlisted counts the changes not in those lists, where they were cut
	// short (the feed names the first few of each kind).
	Unlisted int
	// Organisations is how many organisations the publication holds.
	Organisations int
	// AmendedAt is when personal data was last erased from the copy
	// (RODO), or zero.
	AmendedAt time.Time
	// Pinned publications keep their copy whatever their age.
	Pinned bool
	// PrunedAt is when the publication's copy was dropped by the retention
	// of publications, or zero while it is kept. A pruned publication stays
	// in the history but cannot be made current again.
	PrunedAt time.Time
	// SiteTexts are the site texts the publication carries (package
	// sitetext), set only where the public pages need them (the current
	// publication an instance loads).
	SiteTexts map[string]string
}

// PublishedChange is one organisation added, changed or removed by a
// publication; Fields names the changed fields (form field names, labelled
// through the catalogue key "field_" + name) of a changed one.
type PublishedChange struct {
	Slug   string
	Name   string
	Fields []string
}

// Modified is when what the publication shows last changed: when it was
// made, or when personal data was last erased from it.
func (p Publication) Modified() time.Time {
	if p.AmendedAt.After(p.At) {
		return p.AmendedAt
	}
	return p.At
}
