// Package published is the public read model: a publication built once,
// when staff publish, into an artifact that answers every read of the
// public directory from memory. The artifact holds the search index
// (posting lists as compressed bitmaps), the filter sets, the result order,
// the facet counts and the records the pages render; Builder writes it
// (with the downloads) and Live holds the current one in an instance.
//
// Documents are numbered in result order (by folded name, then id), so any
// set of results in order is a bitmap read in ascending order: a page is
// the set bits after a rank, the total is a cardinality, and neither costs
// more for a deep page or a large directory.
package published

import (
	"bytes"
	"cmp"
	"errors"
	"unicode"

	"iter"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

// Index is one publication's directory, immutable and safe for concurrent
// use.
type Index struct {
	vocab  directory.Vocabulary
	counts map[string]int // category slug → organisations (a parent with its children)

	records [][]byte // per document: the encoded organisation (see record.go)
	bySlug  []uint32 // the documents in the order of their slugs

	words []string   // every indexed word, folded, sorted
	docs  []postings // per word: the documents holding it
	names []postings // per word: the documents holding it in the name
	grams map[string][]uint32

	all        *roaring.Bitmap
	categories map[string]*roaring.Bitmap // a parent holds its children's documents
	groups     map[string]*roaring.Bitmap
	districts  map[string]*roaring.Bitmap
	volunteers *roaring.Bitmap
	interns    *roaring.Bitmap
	// The week cut where any organisation opens or closes: segment i runs
	// from cuts[i] (minute of the week, Monday 00:00 = 0) to cuts[i+1] and
	// open[i] holds the documents open throughout it.
	cuts []int
	open []*roaring.Bitmap

	prefixes prefixCache
}

// minuteOfWeek is t in Warsaw's wall-clock time, Monday 00:00 = 0.
func minuteOfWeek(t time.Time) int {
	l := t.In(directory.Warsaw)
	return (int(directory.ISOWeekday(l.Weekday()))-1)*24*60 + l.Hour()*60 + l.Minute()
}

const week = 7 * 24 * 60

// Build makes the index of a publication from its organisations (public
// views: no trash, consented contacts only), given in any order, and the
// controlled lists. It stops at the sequence's first error.
func Build(vocab directory.Vocabulary, orgs iter.Seq2[*directory.Organisation, error]) (*Index, error) {
	type doc struct {
		key    []byte
		id     string
		record []byte
		text   []string // folded words
		name   []string
		slug   string
		cats   []string
		groups []string
		dist   string
		vol    bool
		intern bool
		hours  [][2]int // open minutes of the week
	}
	var docs []doc
	col := collate.New(language.Polish, collate.IgnoreCase)
	var keyBuf collate.Buffer
	for o, err := range orgs {
		if err != nil {
			return nil, err
		}
		d := doc{
			key: sortKey(col, &keyBuf, o.Name+" "+o.ShortName), id: o.ID, slug: o.Slug,
			record: encodeRecord(o, vocab),
			name:   indexWords(o.Name, o.ShortName),
			cats:   o.Categories, groups: o.TargetGroups, dist: o.Address.District,
			vol: o.TakesVolunteers, intern: o.TakesInterns,
		}
		var catNames, groupNames []string
		for _, c := range o.Categories {
			catNames = append(catNames, vocab.CategoryName(c))
		}
		for _, g := range o.TargetGroups {
			groupNames = append(groupNames, vocab.TargetGroupName(g))
		}
		district := ""
		if o.Address.District != "" {
			district = vocab.DistrictName(o.Address.District)
		}
		d.text = indexWords(o.Name, o.ShortName, o.Description, o.VolunteerNote,
			strings.Join(catNames, " "), strings.Join(groupNames, " "), o.Address.Street, o.Address.City, district)
		for wd := 1; wd <= 7; wd++ {
			for _, iv := range o.Hours[wd].Intervals {
				base := (wd - 1) * 24 * 60
				d.hours = append(d.hours, [2]int{base + int(iv.Opens), base + int(iv.Closes)})
			}
		}
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b doc) int {
		return cmp.Or(bytes.Compare(a.key, b.key), strings.Compare(a.id, b.id))
	})

	x := &Index{
		vocab:      vocab,
		counts:     map[string]int{},
		records:    make([][]byte, len(docs)),
		all:        roaring.New(),
		categories: map[string]*roaring.Bitmap{},
		groups:     map[string]*roaring.Bitmap{},
		districts:  map[string]*roaring.Bitmap{},
		volunteers: roaring.New(),
		interns:    roaring.New(),
	}
	parent := map[string]string{}
	for _, c := range vocab.Categories {
		parent[c.Slug] = c.Parent
		x.categories[c.Slug] = roaring.New()
	}
	for _, g := range vocab.TargetGroups {
		x.groups[g.Slug] = roaring.New()
	}
	for _, d := range vocab.Districts {
		x.districts[d.Slug] = roaring.New()
	}
	textPosts := map[string][]uint32{}
	namePosts := map[string][]uint32{}
	cuts := map[int]bool{0: true, week: true}
	for i, d := range docs {
		n := uint32(i)
		x.records[i] = d.record
		x.all.Add(n)
		for _, w := range d.text {
			textPosts[w] = append(textPosts[w], n)
		}
		for _, w := range d.name {
			namePosts[w] = append(namePosts[w], n)
		}
		for _, c := range d.cats {
			if b, ok := x.categories[c]; ok {
				b.Add(n)
			}
			if p := parent[c]; p != "" {
				if b, ok := x.categories[p]; ok {
					b.Add(n)
				}
			}
		}
		for _, g := range d.groups {
			if b, ok := x.groups[g]; ok {
				b.Add(n)
			}
		}
		if b, ok := x.districts[d.dist]; ok {
			b.Add(n)
		}
		if d.vol {
			x.volunteers.Add(n)
		}
		if d.intern {
			x.interns.Add(n)
		}
		for _, h := range d.hours {
			cuts[h[0]], cuts[h[1]] = true, true
		}
	}
	for slug, b := range x.categories {
		x.counts[slug] = int(b.GetCardinality())
	}

	x.words = make([]string, 0, len(textPosts))
	for w := range textPosts {
		x.words = append(x.words, w)
	}
	slices.Sort(x.words)
	x.docs = make([]postings, len(x.words))
	x.names = make([]postings, len(x.words))
	for i, w := range x.words {
		x.docs[i] = makePostings(textPosts[w])
		x.names[i] = makePostings(namePosts[w])
	}
	x.sortSlugs()
	x.grams = trigramIndex(x.words)

	x.cuts = make([]int, 0, len(cuts))
	for c := range cuts {
		x.cuts = append(x.cuts, c)
	}
	slices.Sort(x.cuts)
	x.open = make([]*roaring.Bitmap, len(x.cuts)-1)
	for i := range x.open {
		x.open[i] = roaring.New()
	}
	for i, d := range docs {
		for _, h := range d.hours {
			first, _ := slices.BinarySearch(x.cuts, h[0])
			for s := first; s < len(x.open) && x.cuts[s] < h[1]; s++ {
				x.open[s].Add(uint32(i))
			}
		}
	}
	x.optimize()
	return x, nil
}

// sortKey is the key names are ordered by: Polish alphabetical order (ł
// after l, ś after s), ignoring case and punctuation (the quotes around a
// name, a dash), as people look names up in a list.
func sortKey(c *collate.Collator, buf *collate.Buffer, name string) []byte {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	buf.Reset()
	return bytes.Clone(c.KeyFromString(buf, strings.Join(strings.Fields(b.String()), " ")))
}

// optimize compresses runs in every bitmap (after building or reading).
func (x *Index) optimize() {
	each := func(bs ...*roaring.Bitmap) {
		for _, b := range bs {
			b.RunOptimize()
		}
	}
	each(x.all, x.volunteers, x.interns)
	// Posting bitmaps stay without run containers: they are ORed for
	// prefixes, which run containers make slow.
	each(x.open...)
	for _, m := range []map[string]*roaring.Bitmap{x.categories, x.groups, x.districts} {
		for _, b := range m {
			b.RunOptimize()
		}
	}
}

// indexWords is the one analysis of indexed text: its words (letters and
// digits), folded, without duplicates. Numbers are words too (a KRS, a
// postal code), found as typed and never corrected.
func indexWords(parts ...string) []string {
	var out []string
	for _, p := range parts {
		for _, w := range directory.Words(p) {
			out = append(out, directory.Fold(w))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Len is the number of organisations.
func (x *Index) Len() int { return len(x.records) }

// Vocabulary returns the controlled lists in display order.
func (x *Index) Vocabulary() directory.Vocabulary { return x.vocab }

// Facets returns the controlled lists with the number of organisations in
// each category (a parent counts those in it or any child) and the size of
// the directory. The result is shared: callers must not modify it.
func (x *Index) Facets() directory.Facets {
	return directory.Facets{Vocabulary: x.vocab, Counts: x.counts, Total: x.Len()}
}

// Organisation returns the organisation with slug; an unknown slug is a
// fault.NotFound.
func (x *Index) Organisation(slug string) (*directory.Organisation, error) {
	i, ok := slices.BinarySearchFunc(x.bySlug, slug, func(n uint32, slug string) int {
		return strings.Compare(recordSlug(x.records[n]), slug)
	})
	if !ok {
		return nil, fault.New(fault.NotFound, "nie ma organizacji %q", slug)
	}
	return decodeRecord(x.records[x.bySlug[i]])
}

// Each calls fn with every organisation in result order (by name); it
// stops at fn's first error.
func (x *Index) Each(fn func(*directory.Organisation) error) error {
	for _, r := range x.records {
		o, err := decodeRecord(r)
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

var errStopped = errors.New("stopped")

// organisations is Each as a sequence, for the downloads' encoders.
func (x *Index) organisations() iter.Seq[*directory.Organisation] {
	return func(yield func(*directory.Organisation) bool) {
		x.Each(func(o *directory.Organisation) error {
			if !yield(o) {
				return errStopped
			}
			return nil
		})
	}
}

// Search returns one page of the organisations matching q: every query
// word must start a word of the organisation's record (name, description,
// categories and target groups, address); name matches first, then the
// rest, each by name. A word that starts no indexed word is replaced by the
// most similar one (a typo) and the results say so. The total is exact.
func (x *Index) Search(q directory.Query) directory.Results {
	if q.PerPage <= 0 {
		q.PerPage = 20
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	res := directory.Results{Page: q.Page, PerPage: q.PerPage}
	first, match, corrected := x.match(q)
	res.Corrected = corrected
	res.Total = int(first.GetCardinality() + match.GetCardinality())

	now := minuteOfWeek(q.Now) // once for the page's results
	offset := (q.Page - 1) * q.PerPage
	items := make([]directory.Summary, 0, q.PerPage)
	for _, tier := range []*roaring.Bitmap{first, match} {
		n := int(tier.GetCardinality())
		if offset >= n {
			offset -= n
			continue
		}
		start, _ := tier.Select(uint32(offset))
		offset = 0
		it := tier.Iterator()
		it.AdvanceIfNeeded(start)
		for it.HasNext() && len(items) < q.PerPage {
			items = append(items, x.summary(it.Next(), now))
		}
		if len(items) == q.PerPage {
			break
		}
	}
	res.Items = items
	return res
}

// match returns the documents q finds in two tiers, each in result order:
// the name matches, ranked first, and the rest; and the search text as it
// was searched when a word was corrected (else empty).
func (x *Index) match(q directory.Query) (first, rest *roaring.Bitmap, corrected string) {
	terms, fixed := x.correct(directory.Terms(q.Text))
	if fixed {
		words := make([]string, len(terms))
		for i, t := range terms {
			words[i] = t.Word
		}
		corrected = strings.Join(words, " ")
	}
	rest = x.filter(q)
	for _, t := range terms {
		docs, names := x.prefix(t.Stem)
		rest.And(docs)
		if first == nil {
			first = names.Clone()
		} else {
			first.And(names)
		}
	}
	if first == nil {
		first = roaring.New()
	} else {
		first.And(rest)
		rest.AndNot(first)
	}
	return first, rest, corrected
}

// EachMatch calls fn with every organisation q finds, whole, in the order
// of its results (all pages), and stops at fn's first error, which it
// returns.
func (x *Index) EachMatch(q directory.Query, fn func(*directory.Organisation) error) error {
	first, rest, _ := x.match(q)
	for _, tier := range []*roaring.Bitmap{first, rest} {
		it := tier.Iterator()
		for it.HasNext() {
			o, err := decodeRecord(x.records[it.Next()])
			if err != nil {
				return err
			}
			if err := fn(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// filter returns a new bitmap of the documents passing q's filters.
func (x *Index) filter(q directory.Query) *roaring.Bitmap {
	sets := []*roaring.Bitmap{x.all}
	pick := func(m map[string]*roaring.Bitmap, key string) {
		if key == "" {
			return
		}
		if b, ok := m[key]; ok {
			sets = append(sets, b)
		} else {
			sets = append(sets, roaring.New()) // an unknown value matches nothing
		}
	}
	pick(x.categories, q.Category)
	pick(x.groups, q.TargetGroup)
	pick(x.districts, q.District)
	if q.Volunteers {
		sets = append(sets, x.volunteers)
	}
	if q.Interns {
		sets = append(sets, x.interns)
	}
	if q.OpenNow {
		sets = append(sets, x.openAt(q.Now))
	}
	if len(sets) == 1 {
		return x.all.Clone()
	}
	return roaring.FastAnd(sets...)
}

// openAt returns the documents open at t.
func (x *Index) openAt(t time.Time) *roaring.Bitmap {
	m := minuteOfWeek(t)
	i, found := slices.BinarySearch(x.cuts, m)
	if !found {
		i--
	}
	if i < 0 || i >= len(x.open) {
		return roaring.New()
	}
	return x.open[i]
}

// prefix returns the documents holding a word that starts with stem, and
// those holding one in the name.
func (x *Index) prefix(stem string) (docs, names *roaring.Bitmap) {
	if u, ok := x.prefixes.get(stem); ok {
		return u.docs, u.names
	}
	lo, _ := slices.BinarySearch(x.words, stem)
	hi := lo
	for hi < len(x.words) && strings.HasPrefix(x.words[hi], stem) {
		hi++
	}
	switch hi - lo {
	case 0:
		return roaring.New(), roaring.New()
	case 1:
		return x.docs[lo].bitmap(), x.names[lo].bitmap()
	}
	docs, names = union(x.docs[lo:hi]), union(x.names[lo:hi])
	x.prefixes.put(stem, prefixUnion{docs: docs, names: names})
	return docs, names
}

// postings are the documents holding one word: a short list as sorted
// numbers (most words of a large directory are rare: a name, a number), a
// long one as a bitmap. A bitmap per rare word would cost more memory than
// the whole record.
type postings struct {
	list []uint32 // when bm is nil
	bm   *roaring.Bitmap
}

// shortList is the longest list kept as numbers.
const shortList = 64

func makePostings(docs []uint32) postings {
	if len(docs) <= shortList {
		return postings{list: slices.Clip(docs)}
	}
	return postings{bm: roaring.BitmapOf(docs...)}
}

// bitmap returns the documents as a bitmap; callers must not change it.
func (p postings) bitmap() *roaring.Bitmap {
	if p.bm != nil {
		return p.bm
	}
	return roaring.BitmapOf(p.list...)
}

func union(ps []postings) *roaring.Bitmap {
	out := roaring.New()
	var bms []*roaring.Bitmap
	for _, p := range ps {
		if p.bm != nil {
			bms = append(bms, p.bm)
		} else {
			out.AddMany(p.list)
		}
	}
	if len(bms) > 0 {
		out.Or(roaring.FastOr(bms...))
	}
	return out
}

// sortSlugs orders bySlug for Organisation's binary search.
func (x *Index) sortSlugs() {
	x.bySlug = make([]uint32, len(x.records))
	for i := range x.bySlug {
		x.bySlug[i] = uint32(i)
	}
	slices.SortFunc(x.bySlug, func(a, b uint32) int {
		return strings.Compare(recordSlug(x.records[a]), recordSlug(x.records[b]))
	})
}

// prefixCache keeps the unions of the posting lists of short prefixes,
// which span many words. It is bounded by entry count; once full it keeps
// what it has.
type prefixCache struct {
	m sync.Map // stem → prefixUnion
	n atomic.Int64
}

type prefixUnion struct{ docs, names *roaring.Bitmap }

const maxPrefixes = 4096

func (c *prefixCache) get(stem string) (prefixUnion, bool) {
	v, ok := c.m.Load(stem)
	if !ok {
		return prefixUnion{}, false
	}
	return v.(prefixUnion), true
}

func (c *prefixCache) put(stem string, u prefixUnion) {
	if c.n.Add(1) <= maxPrefixes {
		c.m.Store(stem, u)
	}
}

// summary is document n as a result shows it at minute now of the week.
func (x *Index) summary(n uint32, now int) directory.Summary {
	s := decodeSummary(x.records[n])
	s.Status = weekStatus(s.hours, now)
	s.OpenNow = s.Status.Open
	return s.Summary
}

// weekStatus is what open minutes of the week (Monday 00:00 = 0) say at
// minute m of the week, as directory.WeeklyHours.StatusAt says it of a
// schedule: open until when, or the next opening, up to the same weekday
// next week.
func weekStatus(hours [][2]int, m int) directory.Status {
	today := m/(24*60) + 1
	st := directory.Status{Known: len(hours) > 0, Today: directory.Weekday(today)}
	next, wait := -1, week+1
	for _, h := range hours {
		if h[0] <= m && m < h[1] {
			st.Open, st.Until = true, directory.ClockTime(h[1]-(h[0]/(24*60))*24*60)
			return st
		}
		// An opening at or before now (today or earlier in the week) comes
		// round again next week.
		d := (h[0] - m + week) % week
		if d == 0 {
			d = week
		}
		if d < wait {
			next, wait = h[0], d
		}
	}
	if next < 0 {
		return st
	}
	day := next/(24*60) + 1
	st.NextDay, st.NextOpens = directory.Weekday(day), directory.ClockTime(next%(24*60))
	st.InDays = (day - today + 7) % 7
	if st.InDays == 0 && next <= m {
		st.InDays = 7
	}
	return st
}
