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
	"encoding/binary"
	"errors"
	"hash/maphash"
	"iter"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

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

	// The documents' encoded organisations (see record.go), one after
	// another in one allocation, each as its length and its bytes; at[n]
	// is where document n's starts. Offsets, not a slice per document:
	// the collector, which marks the live heap on every cycle, finds no
	// pointer here to follow (it found two per document, with the map of
	// slugs, 200 000 at 100 000 organisations).
	recs []byte
	at   []uint32
	// slugs finds a document by its slug (see slugTable).
	slugs slugTable
	// shared are the strings records hold by number (see record.go).
	shared []string
	// lists are the category lists of the records, each distinct one kept
	// once by its encoding (see internLists).
	lists map[string][]string

	words []string   // every indexed word, folded, sorted
	docs  []postings // per word: the documents holding it
	names []postings // per word: the documents holding it in the name
	grams *trigramIndex
	// shown is, for the words with Polish letters, how they are written
	// (lower case, the commonest form): a correction is shown as people
	// write it ("bezdomność", not "bezdomnosc").
	shown map[uint32]string
	// synonyms are vocab.Synonyms analysed: a word's stem → the stems of
	// each alternative (see alternatives).
	synonyms map[string][][]string

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

	prefixes keptSets[string, prefixUnion]
	expanded keptSets[string, prefixUnion]       // words with their synonyms (term)
	combos   keptSets[comboKey, *roaring.Bitmap] // several filters' intersections
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
	var docs []*doc // pointers: sorting and growing move 8 bytes a document, not the whole
	var words wordFolder
	parents := map[string]string{}
	for _, c := range vocab.Categories {
		parents[c.Slug] = c.Parent
	}
	shared := newSharedStrings()
	col := collate.New(language.Polish, collate.IgnoreCase)
	var keyBuf collate.Buffer
	for o, err := range orgs {
		if err != nil {
			return nil, err
		}
		// The copy a publication is built from holds no confidential street
		// (publication_snapshot leaves it out); concealing again here keeps
		// an artifact safe whatever it is built from.
		o.Address.Conceal()
		d := &doc{
			key: sortKey(col, &keyBuf, o.Name+" "+o.ShortName), id: o.ID, slug: o.Slug,
			record: encodeRecord(o, vocab, shared),
			name:   words.index(o.Name, o.ShortName),
			cats:   o.Categories, groups: o.TargetGroups, dist: o.Address.District,
			vol: o.TakesVolunteers, intern: o.TakesInterns,
		}
		var catNames, groupNames []string
		for _, c := range o.Categories {
			catNames = append(catNames, vocab.CategoryName(c))
			// The category's parent too: "ubóstwo" finds those giving food
			// (Pomoc żywnościowa), as the parent's filter does.
			if p := parents[c]; p != "" {
				catNames = append(catNames, vocab.CategoryName(p))
			}
		}
		for _, g := range o.TargetGroups {
			groupNames = append(groupNames, vocab.TargetGroupName(g))
		}
		district := ""
		if o.Address.District != "" {
			district = vocab.DistrictName(o.Address.District)
		}
		// The translated descriptions are description words too: a search in
		// Ukrainian or English finds the organisation by them.
		parts := []string{o.Name, o.ShortName, o.Description, o.DescriptionUK, o.DescriptionEN, o.VolunteerNote,
			strings.Join(catNames, " "), strings.Join(groupNames, " "), o.Address.Street, o.Address.City, district,
			languageNames(o.Languages)}
		d.text = words.index(parts...)
		for wd := 1; wd <= 7; wd++ {
			for _, iv := range o.Hours[wd].Intervals {
				base := (wd - 1) * 24 * 60
				d.hours = append(d.hours, [2]int{base + int(iv.Opens), base + int(iv.Closes)})
			}
		}
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b *doc) int {
		return cmp.Or(bytes.Compare(a.key, b.key), strings.Compare(a.id, b.id))
	})

	x := &Index{
		vocab:      vocab,
		shared:     shared.list,
		counts:     map[string]int{},
		at:         make([]uint32, len(docs)),
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
	size := 0
	for _, d := range docs {
		size += binary.MaxVarintLen32 + len(d.record)
	}
	if size > math.MaxUint32 {
		return nil, errors.New("the records pass 4 GB")
	}
	x.recs = make([]byte, 0, size)
	for i, d := range docs {
		n := uint32(i)
		x.at[i] = uint32(len(x.recs))
		x.recs = binary.AppendUvarint(x.recs, uint64(len(d.record)))
		x.recs = append(x.recs, d.record...)
		d.record = nil // copied: the collector may take it now
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
	x.mapSlugs()
	x.internLists()
	x.grams = newTrigramIndex(x.words)
	x.shown = shownForms(x.words, words.forms)
	x.synonyms = analyseSynonyms(vocab.Synonyms)

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

// wordFolder is the one analysis of indexed text: index gives its words
// (letters and digits), folded, without duplicates. Numbers are words too
// (a KRS, a postal code), found as typed and never corrected. Organisations
// repeat their words: each word is folded once and then looked up. It
// counts, under each folded word, how often each form with Polish letters
// was written (lower case), for shownForms.
type wordFolder struct {
	seen    map[string]folding
	forms   map[string]map[string]int // folded word → its written forms with Polish letters
	scratch []string
}

type folding struct {
	folded string
	lower  string // when folding changed more than the case
}

func (f *wordFolder) index(parts ...string) []string {
	if f.seen == nil {
		f.seen, f.forms = map[string]folding{}, map[string]map[string]int{}
	}
	out := f.scratch[:0]
	for _, p := range parts {
		for w := range directory.AllWords(p) {
			e, ok := f.seen[w]
			if !ok {
				w = strings.Clone(w) // not the text it was cut from
				e.folded = directory.Fold(w)
				if lower := strings.ToLower(w); lower != e.folded {
					e.lower = lower
				}
				f.seen[w] = e
			}
			if e.lower != "" {
				m := f.forms[e.folded]
				if m == nil {
					m = map[string]int{}
					f.forms[e.folded] = m
				}
				m[e.lower]++
			}
			out = append(out, e.folded)
		}
	}
	f.scratch = out
	slices.Sort(out)
	return slices.Clone(slices.Compact(out))
}

// Len is the number of organisations.
func (x *Index) Len() int { return len(x.at) }

// record is document n's encoded organisation, in place.
func (x *Index) record(n uint32) []byte {
	b := x.recs[x.at[n]:]
	size, k := binary.Uvarint(b) // checked when the index was read
	return b[k : k+int(size)]
}

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
	n, ok := x.slugs.find(x, slug)
	if !ok {
		return nil, fault.New(fault.NotFound, "nie ma organizacji %q", slug)
	}
	return decodeRecord(x.record(n), x.shared)
}

// Each calls fn with every organisation in result order (by name); it
// stops at fn's first error.
func (x *Index) Each(fn func(*directory.Organisation) error) error {
	for n := range uint32(x.Len()) {
		o, err := decodeRecord(x.record(n), x.shared)
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
	matchSets, nameSets, corrected, ok := x.matchSets(q)
	if !ok {
		return res
	}
	res.Corrected = corrected
	now := minuteOfWeek(q.Now) // once for the page's results
	if q.Page == 1 {
		// The page most searches show, found without their intersections
		// when it can be (see firstPage).
		if items, total, ok := x.firstPage(q.Room, matchSets, nameSets, q.PerPage, now); ok {
			res.Total, res.Items = total, items
			return res
		}
	}
	first, match := x.intersections(matchSets, nameSets)
	nFirst := int(first.GetCardinality())
	res.Total = int(match.GetCardinality())

	offset := (q.Page - 1) * q.PerPage
	items := room(q.Room, min(q.PerPage, max(0, res.Total-offset)))
	if offset < nFirst {
		items = x.page(items, first, offset, q.PerPage, now)
		offset = 0
	} else {
		offset -= nFirst
	}
	if len(items) < q.PerPage && offset < res.Total-nFirst {
		items = x.pageRest(items, match, first, offset, q.PerPage, now)
	}
	res.Items = items
	return res
}

// firstPage returns the first page of the results (in into, when it has
// room) and their total: the documents in every one of matchSets (every
// document, for none), those in every one of nameSets first (none, for no
// sets). It computes neither intersection: the totals are their counts,
// and the page is found by walking the smallest set and keeping what the
// others hold. It reports false where there are more than two sets to
// intersect, where the density of the results says a walk would be long
// (before any walk), or where a walk looked at 4 096 documents without
// filling the page: the page is then taken from the intersections.
func (x *Index) firstPage(into []directory.Summary, matchSets, nameSets []*roaring.Bitmap, perPage, now int) ([]directory.Summary, int, bool) {
	if len(matchSets) == 0 {
		matchSets = []*roaring.Bitmap{x.all}
	}
	total, ok := andCount(matchSets)
	if !ok {
		return nil, 0, false
	}
	nFirst := 0
	if len(nameSets) > 0 {
		if nFirst, ok = andCount(nameSets); !ok {
			return nil, 0, false
		}
	}
	// How many documents each walk would look at, at the density of its
	// results in its smallest set.
	need := min(perPage, total)
	fromFirst := min(need, nFirst)
	if walkLength(nameSets, fromFirst, nFirst) > maxWalk || walkLength(matchSets, need-fromFirst, total-nFirst) > maxWalk {
		return nil, 0, false
	}
	items := room(into, need)
	if fromFirst > 0 && !walk(nameSets, func(n uint32) bool {
		items = append(items, x.summary(n, now))
		return len(items) < fromFirst
	}) {
		return nil, 0, false
	}
	if len(items) < need && !walk(matchSets, func(n uint32) bool {
		if len(nameSets) > 0 && holdAll(nameSets, n) {
			return true // a name match, shown already
		}
		items = append(items, x.summary(n, now))
		return len(items) < need
	}) {
		return nil, 0, false
	}
	return items, total, true
}

// room is into emptied, when it holds n results, else a new slice for n.
func room(into []directory.Summary, n int) []directory.Summary {
	if cap(into) >= n {
		return into[:0]
	}
	return make([]directory.Summary, 0, n)
}

// maxWalk bounds the documents firstPage looks at in one of its walks: a
// few microseconds, against the tens an intersection of large sets costs.
const maxWalk = 1024

// andCount is the number of documents in every one of sets (one or two).
func andCount(sets []*roaring.Bitmap) (int, bool) {
	switch len(sets) {
	case 1:
		return int(sets[0].GetCardinality()), true
	case 2:
		return int(sets[0].AndCardinality(sets[1])), true
	}
	return 0, false
}

// walkLength is how many documents of the smallest of sets a walk would
// look at to find want of the found in every one of them.
func walkLength(sets []*roaring.Bitmap, want, found int) int {
	if want <= 0 {
		return 0
	}
	smallest := int(smallestOf(sets).GetCardinality())
	return (want*smallest + found - 1) / max(found, 1)
}

func smallestOf(sets []*roaring.Bitmap) *roaring.Bitmap {
	s := sets[0]
	for _, b := range sets[1:] {
		if b.GetCardinality() < s.GetCardinality() {
			s = b
		}
	}
	return s
}

// walk calls fn with each document in every one of sets, in order, while
// it returns true. It gives up, reporting false, after looking at
// 4·maxWalk documents (where the documents found are bunched far from the
// start, unlike their density foretold).
func walk(sets []*roaring.Bitmap, fn func(uint32) bool) bool {
	smallest := smallestOf(sets)
	var others [8]*roaring.Bitmap // the sets to look in: not the one walked
	rest := others[:0]
	for _, b := range sets {
		if b != smallest {
			rest = append(rest, b)
		}
	}
	it := smallest.Iterator()
	for looked := 0; it.HasNext(); looked++ {
		if looked == 4*maxWalk {
			return false
		}
		if n := it.Next(); holdAll(rest, n) && !fn(n) {
			return true
		}
	}
	return true
}

func holdAll(sets []*roaring.Bitmap, n uint32) bool {
	for _, b := range sets {
		if !b.Contains(n) {
			return false
		}
	}
	return true
}

// match returns what q finds: all of it, and the name matches among it,
// ranked first, each in result order; the search text as it was searched
// when a word was corrected (else empty); and false when a filter value is
// unknown (nothing matches). match may be one of the index's own bitmaps:
// callers read it and never change it.
func (x *Index) match(q directory.Query) (first, match *roaring.Bitmap, corrected string, ok bool) {
	matchSets, nameSets, corrected, ok := x.matchSets(q)
	if !ok {
		return roaring.New(), roaring.New(), corrected, false
	}
	first, match = x.intersections(matchSets, nameSets)
	return first, match, corrected, true
}

// matchSets returns the sets whose intersection is what q finds (none:
// every document), and those whose intersection is its name matches
// (none: no name matches, for q has no words), with the corrected text and
// false as match does. The sets are the index's own, read and never
// changed.
func (x *Index) matchSets(q directory.Query) (matchSets, nameSets []*roaring.Bitmap, corrected string, ok bool) {
	terms, fixed := x.correct(directory.Terms(q.Text))
	if fixed {
		words := make([]string, len(terms))
		for i, t := range terms {
			words[i] = t.Word
		}
		corrected = strings.Join(words, " ")
	}
	// The sets every result must be in: the filters', then each word's.
	matchSets, ok = x.filters(q)
	if !ok {
		return nil, nil, corrected, false
	}
	// A word in the name is a word of the record: the name matches are
	// in the filters' sets and each word's name set, a subset of match.
	if len(terms) > 0 {
		nameSets = slices.Clone(matchSets)
	}
	for _, t := range terms {
		docs, inName := x.term(t.Stem)
		matchSets = append(matchSets, docs)
		nameSets = append(nameSets, inName)
	}
	return matchSets, nameSets, corrected, true
}

// intersections returns the intersections of matchSets (every document,
// for none) and of nameSets (none, for none): for one set, that set itself
// (nothing new).
func (x *Index) intersections(matchSets, nameSets []*roaring.Bitmap) (first, match *roaring.Bitmap) {
	match = x.all
	if len(matchSets) > 0 {
		match = intersect(matchSets)
	}
	first = roaring.New()
	if len(nameSets) > 0 {
		first = intersect(nameSets)
	}
	return first, match
}

// rest is match without first (a subset of it), new only when first is
// not empty.
func rest(match, first *roaring.Bitmap) *roaring.Bitmap {
	if first.IsEmpty() {
		return match
	}
	return roaring.AndNot(match, first)
}

// pageRest appends to items the summaries of the documents of match not
// in first (a subset of match), from the offset-th on, as page does,
// without building that difference: the offset-th is the least document
// with offset+1 of them up to it, found by bisection on the two ranks.
func (x *Index) pageRest(items []directory.Summary, match, first *roaring.Bitmap, offset, perPage, now int) []directory.Summary {
	if first.IsEmpty() {
		return x.page(items, match, offset, perPage, now)
	}
	lo, hi := uint32(0), uint32(x.Len())
	if offset == 0 {
		hi = 0 // from the start
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if match.Rank(mid)-first.Rank(mid) > uint64(offset) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	it := match.Iterator()
	it.AdvanceIfNeeded(lo)
	for it.HasNext() && len(items) < perPage {
		if n := it.Next(); !first.Contains(n) {
			items = append(items, x.summary(n, now))
		}
	}
	return items
}

// EachMatch calls fn with every organisation q finds, whole, in the order
// of its results (all pages), and stops at fn's first error, which it
// returns.
func (x *Index) EachMatch(q directory.Query, fn func(*directory.Organisation) error) error {
	first, match, _, _ := x.match(q)
	for _, tier := range []*roaring.Bitmap{first, rest(match, first)} {
		it := tier.Iterator()
		for it.HasNext() {
			o, err := decodeRecord(x.record(it.Next()), x.shared)
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

// filters returns the documents passing q's filters: none when q has no
// filters, the filter's own set for one, and for several their
// intersection (kept in combos); false when a filter value is
// unknown (it matches nothing). The sets are the index's: callers never
// change them.
func (x *Index) filters(q directory.Query) ([]*roaring.Bitmap, bool) {
	sets := make([]*roaring.Bitmap, 0, 8)
	known := true
	pick := func(m map[string]*roaring.Bitmap, key string) {
		if key == "" {
			return
		}
		if b, ok := m[key]; ok {
			sets = append(sets, b)
		} else {
			known = false
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
	open := -1
	if q.OpenNow {
		var b *roaring.Bitmap
		b, open = x.openAt(q.Now)
		sets = append(sets, b)
	}
	if len(sets) < 2 || !known {
		return sets, known
	}
	// Several filters together: their intersection, kept (the lists are
	// few, so are the combinations people use).
	key := comboKey{q.Category, q.TargetGroup, q.District, q.Volunteers, q.Interns, open}
	if b, ok := x.combos.get(key); ok {
		return []*roaring.Bitmap{b}, true
	}
	b := intersect(sets)
	x.combos.put(key, b, int64(b.GetSizeInBytes()), maxComboBytes)
	return []*roaring.Bitmap{b}, true
}

// comboKey is a combination of filters; open is the open-now segment of
// the week, or -1.
type comboKey struct {
	category, group, district string
	volunteers, interns       bool
	open                      int
}

// maxComboBytes bounds the bytes of the filters' intersections kept: a few
// hundred at 100 000 organisations, where most are a few hundred
// documents.
const maxComboBytes = 4 << 20

// intersect returns the documents in every one of sets (at least one),
// without changing them: the smallest first, so that every step is
// bounded by it. A single set is returned as it is.
func intersect(sets []*roaring.Bitmap) *roaring.Bitmap {
	if len(sets) == 1 {
		return sets[0]
	}
	slices.SortFunc(sets, func(a, b *roaring.Bitmap) int {
		return cmp.Compare(a.GetCardinality(), b.GetCardinality())
	})
	out := roaring.And(sets[0], sets[1])
	for _, b := range sets[2:] {
		if out.IsEmpty() {
			break
		}
		out.And(b)
	}
	return out
}

// page appends to items the summaries of tier's documents from the offset-th
// on, as at minute now of the week, until the page holds perPage.
func (x *Index) page(items []directory.Summary, tier *roaring.Bitmap, offset, perPage, now int) []directory.Summary {
	start, err := tier.Select(uint32(offset))
	if err != nil {
		return items // past the end
	}
	it := tier.Iterator()
	it.AdvanceIfNeeded(start)
	for it.HasNext() && len(items) < perPage {
		items = append(items, x.summary(it.Next(), now))
	}
	return items
}

// openAt returns the documents open at t, and the segment of the week it
// falls in (-1: none).
func (x *Index) openAt(t time.Time) (*roaring.Bitmap, int) {
	m := minuteOfWeek(t)
	i, found := slices.BinarySearch(x.cuts, m)
	if !found {
		i--
	}
	if i < 0 || i >= len(x.open) {
		return roaring.New(), -1
	}
	return x.open[i], i
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
	x.prefixes.put(stem, prefixUnion{docs: docs, names: names}, 1, maxPrefixes)
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

// slugTable is a hash table of the documents by slug, with open
// addressing: slot hash(slug) and the ones after it hold document+1 (0 is
// an empty slot), and a document's slug is read from its record. A lookup
// touches one or two places in memory where a binary search over 100 000
// records touched thirty-four, and the table holds no pointer (a map of
// strings held one per document).
type slugTable struct {
	seed  maphash.Seed
	slots []uint32 // a power of two, at least twice the documents
}

// internLists keeps each distinct category list of the records once, so
// that a result's summary shares it instead of allocating its own: a page
// of twenty results read twenty lists. The organisations are spread over
// a few thousand combinations of categories at most.
func (x *Index) internLists() {
	x.lists = map[string][]string{}
	var room [16][2]int
	for n := range uint32(x.Len()) {
		readSummary(&recordReader{b: x.record(n), shared: x.shared, lists: x.lists, keep: true}, false, room[:0])
	}
}

func (x *Index) mapSlugs() {
	t := slugTable{seed: maphash.MakeSeed(), slots: make([]uint32, max(2, 2<<bits.Len(uint(x.Len()))))}
	mask := uint64(len(t.slots) - 1)
	for n := range uint32(x.Len()) {
		i := maphash.String(t.seed, recordSlug(x.record(n))) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = n + 1
	}
	x.slugs = t
}

// find is the document whose slug is slug.
func (t slugTable) find(x *Index, slug string) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(t.seed, slug) & mask; t.slots[i] != 0; i = (i + 1) & mask {
		if n := t.slots[i] - 1; recordSlug(x.record(n)) == slug {
			return n, true
		}
	}
	return 0, false
}

// keptSets keeps what a publication's index computes once and reads
// again (unions of postings, intersections of filters), up to limit in
// the units each entry costs; once full it keeps what it has. It belongs to
// one index, so a new publication starts empty.
type keptSets[K comparable, V any] struct {
	m    sync.Map // K → V
	used atomic.Int64
}

func (c *keptSets[K, V]) get(k K) (V, bool) {
	v, ok := c.m.Load(k)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (c *keptSets[K, V]) put(k K, v V, cost, limit int64) {
	if c.used.Add(cost) <= limit {
		c.m.Store(k, v)
	}
}

// prefixUnion is what a short prefix, which spans many words, finds: the
// union of its words' postings, in the record and in the name.
type prefixUnion struct{ docs, names *roaring.Bitmap }

// maxPrefixes bounds the prefixes kept, by count.
const maxPrefixes = 4096

// maxExpandedBytes bounds the bytes of the words with synonyms kept.
const maxExpandedBytes = 4 << 20

// summary is document n as a result shows it at minute now of the week.
func (x *Index) summary(n uint32, now int) directory.Summary {
	var room [16][2]int // the week's intervals of nearly every organisation
	s, hours := decodeSummary(x.record(n), x.shared, x.lists, room[:0])
	s.Status = weekStatus(hours, now)
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
