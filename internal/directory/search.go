package directory

import (
	"iter"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Query is a search of the directory. Its zero value lists everything.
type Query struct {
	Text        string
	Category    string // a category slug; a parent includes its children
	TargetGroup string
	District    string
	OpenNow     bool
	Volunteers  bool
	Interns     bool
	Page        int // from 1
	PerPage     int
	Now         time.Time // the moment "open now" refers to
	// Room is where a search may put the page's results (appending to
	// Room[:0]) instead of a new slice, when it has room enough: a caller
	// that is done with them gives the same room to the next search.
	Room []Summary
}

// Summary is an organisation as a search result shows it.
type Summary struct {
	Slug        string
	Name        string
	ShortName   string
	LegalForm   LegalForm
	Description string
	// The description in Ukrainian and English, when given (see
	// DescriptionIn).
	DescriptionUK, DescriptionEN string
	Street                       string
	City                         string
	// ConfidentialAddress: the street is withheld (see Address.Conceal).
	ConfidentialAddress bool
	District            string   // display name
	Categories          []string // display names
	TakesVolunteers     bool
	TakesInterns        bool
	OpenNow             bool
	Example             bool
	// Phone is the first of the organisation's phone numbers, as written;
	// empty when it gave none.
	Phone string
	// Status is what the office hours say at the moment of the search
	// (open until, or the next opening).
	Status Status
}

// Results is one page of a search.
type Results struct {
	Items []Summary
	// Corrected is the search text as it was actually searched when some
	// word was unknown and replaced by the most similar known word (a
	// typo); empty when the text was searched as typed.
	Corrected string
	Total     int  // matching organisations, at most MaxCount
	More      bool // more than MaxCount match
	Page      int
	PerPage   int
}

// MaxCount bounds how many matches a search counts, so that a common word
// costs the same at 100 000 organisations as at 100.
const MaxCount = 10000

// Pages returns the number of pages of results.
func (r Results) Pages() int {
	if r.PerPage <= 0 {
		return 0
	}
	return (r.Total + r.PerPage - 1) / r.PerPage
}

// Vocabulary is the controlled lists the directory uses: categories (two
// levels), target groups and districts, in display order.
type Vocabulary struct {
	Categories   []Category
	TargetGroups []TargetGroup
	Districts    []District
	// Synonyms are the search's words for other words, as staff keep them
	// (see Synonym); a publication carries those of its making.
	Synonyms []Synonym
}

// CategoryName returns the display name of a category slug, or the slug
// itself when the list has no such category.
func (v Vocabulary) CategoryName(slug string) string {
	for _, c := range v.Categories {
		if c.Slug == slug {
			return c.Name
		}
	}
	return slug
}

// TargetGroupName returns the display name of a target-group slug, or the
// slug itself.
func (v Vocabulary) TargetGroupName(slug string) string {
	for _, g := range v.TargetGroups {
		if g.Slug == slug {
			return g.Name
		}
	}
	return slug
}

// DistrictName returns the display name of a district slug, or the slug
// itself.
func (v Vocabulary) DistrictName(slug string) string {
	for _, d := range v.Districts {
		if d.Slug == slug {
			return d.Name
		}
	}
	return slug
}

// CategoryCount is a category with the number of organisations in it and,
// for a parent, its children.
type CategoryCount struct {
	Category
	Count    int
	Children []CategoryCount
}

// Facets are the controlled lists a search filters by, with the number of
// organisations per category (a parent counts those in it or any child).
type Facets struct {
	Vocabulary
	Counts map[string]int // category slug → organisations
	Total  int            // organisations in the directory
}

// Tree returns the top-level categories with their children and counts.
func (f Facets) Tree() []CategoryCount {
	var tree []CategoryCount
	pos := map[string]int{}
	for _, c := range f.Categories {
		if c.Parent == "" {
			pos[c.Slug] = len(tree)
			tree = append(tree, CategoryCount{Category: c, Count: f.Counts[c.Slug]})
		}
	}
	for _, c := range f.Categories {
		if i, ok := pos[c.Parent]; ok {
			tree[i].Children = append(tree[i].Children, CategoryCount{Category: c, Count: f.Counts[c.Slug]})
		}
	}
	return tree
}

// Terms turns what a person typed into search terms: each word folded
// (case and Polish diacritics) and cut to its stem, so that a prefix search
// on the term finds the word's other forms ("stowarzyszenie" finds
// "Stowarzyszenia"). Duplicates are dropped and at most 8 terms are kept:
// longer queries add cost, not precision.
func Terms(text string) []Term {
	var terms []Term
	seen := map[string]bool{}
	for _, w := range Words(text) {
		s := Stem(Fold(w))
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		terms = append(terms, Term{Word: w, Stem: s})
		if len(terms) == 8 {
			break
		}
	}
	return terms
}

// Term is one word of a search and the stem it is searched by.
type Term struct {
	Word string // as typed
	Stem string // folded and stemmed
}

// TSQuery joins terms into a PostgreSQL tsquery for the portal_pl
// configuration: every term must match, each as a prefix. Terms hold only
// letters and digits, so nothing in them is an operator. It returns "" for
// no terms.
func TSQuery(terms []Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = t.Stem + ":*"
	}
	return strings.Join(parts, " & ")
}

// Words splits text into words of letters and digits; everything else,
// including the tsquery operators, separates words.
func Words(text string) []string { return strings.FieldsFunc(text, separates) }

// AllWords is Words as a sequence, without the slice.
func AllWords(text string) iter.Seq[string] { return strings.FieldsFuncSeq(text, separates) }

func separates(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// folded maps the Polish letters with diacritics (lower case) to their
// base letters.
var folded = map[rune]rune{'ą': 'a', 'ć': 'c', 'ę': 'e', 'ł': 'l', 'ń': 'n', 'ó': 'o', 'ś': 's', 'ź': 'z', 'ż': 'z'}

// Fold lower-cases a word and removes Polish diacritics, as the database's
// portal_fold does.
func Fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii { // the common case, on every word indexed and searched
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range strings.ToLower(w) {
		if f, ok := folded[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Polish inflectional endings, longest first, on folded words.
var endings = []string{
	"owiach", "ami", "ach", "ych", "ich", "ymi", "imi", "ego", "emu", "owi", "om", "ow",
	"ie", "ia", "iu", "ii", "ej", "ym", "im", "a", "e", "i", "o", "u", "y",
}

// minStem keeps short words whole: "dom" must not become "d".
const minStem = 4

// Stem cuts one inflectional ending off a folded word, keeping at least
// minStem letters, so that a prefix search on the result matches the
// word's other forms ("niepelnosprawnych" → "niepelnosprawn"). A noun made
// of an adjective with -ość loses that suffix too, so that it finds the
// adjective's forms: "bezdomnosc" (bezdomność) → "bezdomn", which starts
// "bezdomnym" in the name "Towarzystwo Pomocy Bezdomnym".
func Stem(w string) string {
	if len([]rune(w)) <= minStem {
		return w
	}
	for _, e := range endings {
		if strings.HasSuffix(w, e) && len([]rune(w))-len([]rune(e)) >= minStem {
			w = strings.TrimSuffix(w, e)
			break
		}
	}
	if strings.HasSuffix(w, nounSuffix) && len([]rune(w))-len(nounSuffix) >= minStem {
		return strings.TrimSuffix(w, nounSuffix)
	}
	return w
}

// nounSuffix is -ość folded: the nouns of qualities (bezdomność,
// niepełnosprawność, samotność).
const nounSuffix = "osc"
