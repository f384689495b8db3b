package published

import (
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/mopr-leszno/portal/internal/directory"
)

// What the search understands beyond the words of a record: the names of
// the languages an organisation speaks, the synonyms staff keep, and how
// words with Polish letters are written, to show a correction as people
// write it.

// polishNames names languages in Polish (CLDR, from x/text).
var polishNames = display.Polish.Languages()

// languageNames are the Polish names of the languages with ISO 639-1
// codes, as indexed words ("uk" → "ukraiński"). Polish itself is left
// out: every organisation in Leszno speaks it, and "polski" would then
// match the whole directory ("Polski Związek …" included).
func languageNames(codes []string) string {
	var names []string
	for _, c := range codes {
		if c == "pl" {
			continue
		}
		base, err := language.ParseBase(c)
		if err != nil {
			continue
		}
		if n := polishNames.Name(base); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, " ")
}

// shownForms picks, for each word of words (positions) written with Polish
// letters, its commonest written form (ties: the smaller).
func shownForms(words []string, forms map[string]map[string]int) map[uint32]string {
	shown := map[uint32]string{}
	for i, w := range words {
		best, n := "", 0
		for form, k := range forms[w] {
			if k > n || (k == n && form < best) {
				best, n = form, k
			}
		}
		if best != "" {
			shown[uint32(i)] = best
		}
	}
	return shown
}

// written is the indexed word w as people write it.
func (x *Index) written(w string) string {
	if i, ok := slices.BinarySearch(x.words, w); ok {
		if s, ok := x.shown[uint32(i)]; ok {
			return s
		}
	}
	return w
}

// analyseSynonyms turns the staff's synonyms into the stems the search
// matches: a word's stem → per alternative, the stems of its words.
// Words with the same stem share their alternatives.
func analyseSynonyms(syns []directory.Synonym) map[string][][]string {
	if len(syns) == 0 {
		return nil
	}
	out := map[string][][]string{}
	for _, s := range syns {
		key := directory.Stem(directory.Fold(s.Word))
		if key == "" {
			continue
		}
		for _, a := range s.Alternatives {
			terms := directory.Terms(a)
			if len(terms) == 0 {
				continue
			}
			stems := make([]string, len(terms))
			for i, t := range terms {
				stems[i] = t.Stem
			}
			out[key] = append(out[key], stems)
		}
	}
	return out
}

// minSynonymKey is the shortest stem a query word's stem is cut to when
// looking for its synonyms: "jedzeniem" (stem "jedzeniem") finds those
// of "jedzenie" (stem "jedzen"), but "dom" does not take those of "d".
const minSynonymKey = 4

// alternatives returns the alternatives of the synonym whose stem is the
// longest prefix of stem (at least minSynonymKey bytes, or the whole
// stem), or nil.
func (x *Index) alternatives(stem string) [][]string {
	if len(x.synonyms) == 0 {
		return nil
	}
	for l := len(stem); l >= min(len(stem), minSynonymKey) && l > 0; l-- {
		if a, ok := x.synonyms[stem[:l]]; ok {
			return a
		}
	}
	return nil
}

// term returns the documents a query word's stem matches, and those it
// matches in the name: its own prefix, or any alternative of its synonym
// (each of an alternative's words), made once for a word with synonyms
// (up to maxExpandedBytes of them; any word that starts with a synonym
// has some, so the bound is on their size). The bitmaps are shared:
// callers must not change them.
func (x *Index) term(stem string) (docs, names *roaring.Bitmap) {
	docs, names = x.prefix(stem)
	alts := x.alternatives(stem)
	if alts == nil {
		return docs, names
	}
	if u, ok := x.expanded.get(stem); ok {
		return u.docs, u.names
	}
	defer func() {
		x.expanded.put(stem, prefixUnion{docs: docs, names: names}, int64(docs.GetSizeInBytes()+names.GetSizeInBytes()), maxExpandedBytes)
	}()
	docs, names = docs.Clone(), names.Clone()
	for _, phrase := range alts {
		var pd, pn *roaring.Bitmap
		for _, s := range phrase {
			d, n := x.prefix(s)
			if pd == nil {
				pd, pn = d.Clone(), n.Clone()
				continue
			}
			pd.And(d)
			pn.And(n)
		}
		docs.Or(pd)
		names.Or(pn)
	}
	return docs, names
}
