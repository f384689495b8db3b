package main

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The public search's parameters (internal/server/public_organisations.go);
// the load test speaks to the portal over HTTP only, so it names them here.
const (
	directoryPath = "/organizacje"
	// perPage and maxCount are the directory's page size and the most
	// matches it counts today: a page past min(total, maxCount)/perPage may
	// be redirected, so deep pages stay below it.
	perPage  = 20
	maxCount = 10000
)

// Word is a word of the generated directory with the number of
// organisations whose search document holds it.
type Word struct {
	Text string
	Docs int
}

// Facet is a value of a filter (a category, target group or district) with
// the number of organisations it selects; Parent is set on a child category.
type Facet struct {
	Slug   string
	Parent string
	Count  int
}

// Vocabulary is what the URL mix is drawn from, read from the generated
// data (see readVocabulary).
type Vocabulary struct {
	// Lexemes are the folded words of the names and descriptions (ts_stat), with
	// their document counts.
	Lexemes []Word
	// Raw are words as written in names and descriptions (case and
	// diacritics kept), e.g. "Stowarzyszenie", "niepełnosprawnymi".
	Raw []string
	// NameWords are the words names are made of, for two-word searches.
	NameWords  []string
	Categories []Facet
	Groups     []Facet
	Districts  []Facet
	// Orgs, Volunteers and Interns count organisations in all, taking
	// volunteers, taking interns.
	Orgs, Volunteers, Interns int
	// MaxNumber is the highest "nr N" in the generated names.
	MaxNumber int
}

// searchURL is the address of a search, parameters in a fixed order.
func searchURL(v url.Values) string {
	if len(v) == 0 {
		return directoryPath
	}
	return directoryPath + "?" + v.Encode()
}

// lastPage is the deepest page that is within range for a search known to
// match at least count organisations.
func lastPage(count int) int {
	return min(count, maxCount) / perPage
}

// Mix draws the search mix from the vocabulary: single words (folded and
// as written), prefixes, typos (two letters swapped, a letter dropped or
// doubled), two words, rare terms (an organisation's number, the rarest
// words) and common ones, every filter value alone (parent and child
// categories, target groups, districts, open now, volunteers, interns),
// combinations of filters and of words with filters, and deep pages of
// searches whose match count is known to reach them. The same vocabulary
// and seed give the same list, in a shuffled order, without duplicates.
func Mix(v Vocabulary, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	seen := map[string]bool{}
	var out []string
	add := func(vals url.Values) {
		u := searchURL(vals)
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	q := func(text string) url.Values { return url.Values{"q": {text}} }

	lex := slices.Clone(v.Lexemes)
	slices.SortFunc(lex, func(a, b Word) int {
		if a.Docs != b.Docs {
			return b.Docs - a.Docs
		}
		return strings.Compare(a.Text, b.Text)
	})
	words := make([]string, 0, len(lex)+len(v.Raw))
	for _, w := range lex {
		words = append(words, w.Text)
	}

	// Single words: every lexeme and every word as written.
	for _, w := range words {
		add(q(w))
	}
	for _, w := range v.Raw {
		add(q(w))
		add(q(strings.ToLower(w)))
	}
	// Prefixes and typos of the longer words.
	for _, w := range append(slices.Clone(words), v.Raw...) {
		rs := []rune(strings.ToLower(w))
		if len(rs) < 5 {
			continue
		}
		add(q(string(rs[:3])))
		add(q(string(rs[:len(rs)/2+1])))
		add(q(string(rs[:len(rs)-1])))
		for _, t := range typos(rs, r) {
			add(q(t))
		}
	}
	// Two words: name words in pairs, and any two lexemes.
	if n := len(v.NameWords); n > 1 {
		for range min(300, n*n) {
			a, b := v.NameWords[r.IntN(n)], v.NameWords[r.IntN(n)]
			if a != b {
				add(q(a + " " + b))
			}
		}
	}
	if n := len(words); n > 1 {
		for range min(150, n*n) {
			add(q(words[r.IntN(n)] + " " + words[r.IntN(n)]))
		}
	}
	// Rare terms: an organisation's number (matches one to a dozen) alone
	// and after a word, and the rarest lexemes with a typo of a common one.
	if v.MaxNumber > 0 {
		for range 100 {
			n := strconv.Itoa(1 + r.IntN(v.MaxNumber))
			add(q(n))
			if len(v.NameWords) > 0 {
				add(q(v.NameWords[r.IntN(len(v.NameWords))] + " " + n))
			}
		}
	}
	if n := len(words); n > 4 {
		rare, common := words[n-n/4:], words[:n/4]
		for _, w := range rare {
			add(q(w + " " + common[r.IntN(len(common))]))
		}
	}

	// Every filter value alone, and deep pages of each.
	type filter struct {
		key, value string
		count      int
	}
	var filters []filter
	for _, f := range v.Categories {
		filters = append(filters, filter{"kategoria", f.Slug, f.Count})
	}
	for _, f := range v.Groups {
		filters = append(filters, filter{"grupa", f.Slug, f.Count})
	}
	for _, f := range v.Districts {
		filters = append(filters, filter{"dzielnica", f.Slug, f.Count})
	}
	// Open now depends on the hour, so it gets no deep pages (count 0).
	filters = append(filters, filter{"otwarte", "tak", 0}, filter{"wolontariat", "tak", v.Volunteers}, filter{"praktyki", "tak", v.Interns})
	for _, f := range filters {
		add(url.Values{f.key: {f.value}})
		if last := lastPage(f.count); last >= 2 {
			for range 3 {
				add(url.Values{f.key: {f.value}, "strona": {strconv.Itoa(2 + r.IntN(last-1))}})
			}
		}
	}
	// Combinations of two to four filters of different kinds.
	byKey := map[string][]filter{}
	var keys []string
	for _, f := range filters {
		if byKey[f.key] == nil {
			keys = append(keys, f.key)
		}
		byKey[f.key] = append(byKey[f.key], f)
	}
	if len(keys) >= 2 {
		for range 400 {
			vals := url.Values{}
			for _, i := range r.Perm(len(keys))[:2+r.IntN(min(3, len(keys)-1))] {
				fs := byKey[keys[i]]
				f := fs[r.IntN(len(fs))]
				vals.Set(f.key, f.value)
			}
			add(vals)
		}
	}
	// A word with one or two filters.
	if len(words) > 0 && len(filters) > 0 {
		for range 300 {
			vals := q(words[r.IntN(len(words))])
			for range 1 + r.IntN(2) {
				f := filters[r.IntN(len(filters))]
				vals.Set(f.key, f.value)
			}
			add(vals)
		}
	}
	// Deep pages: of the whole list, and of single words (a lexeme's
	// document count is a lower bound of what its prefix search matches).
	if last := lastPage(v.Orgs); last >= 2 {
		for range 100 {
			add(url.Values{"strona": {strconv.Itoa(2 + r.IntN(last-1))}})
		}
	}
	for _, w := range lex {
		if last := lastPage(w.Docs); last >= 2 {
			for range 3 {
				add(url.Values{"q": {w.Text}, "strona": {strconv.Itoa(2 + r.IntN(last-1))}})
			}
		}
	}

	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// typos gives misspellings of a word of at least five letters: two
// neighbouring letters swapped, one dropped and one doubled, each inside
// the word (a letter dropped at the end would be a prefix).
func typos(rs []rune, r *rand.Rand) []string {
	word := string(rs)
	i := 1 + r.IntN(len(rs)-3) // 1 … len-3: not the first, not the last two
	var out []string
	swapped := slices.Clone(rs)
	swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
	dropped := slices.Delete(slices.Clone(rs), i, i+1)
	doubled := slices.Insert(slices.Clone(rs), i, rs[i])
	for _, t := range []string{string(swapped), string(dropped), string(doubled)} {
		if t != word && utf8.ValidString(t) {
			out = append(out, t)
		}
	}
	return out
}
