package published

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Typo correction as pg_trgm measures similarity (the search's first
// version asked PostgreSQL): a word's trigrams are those of the word padded
// with two spaces before and one after; two words are as similar as the
// share of their trigrams they have in common (common / union), and a
// replacement needs at least similarityThreshold.
const similarityThreshold = 0.3

func trigrams(w string) []string {
	r := []rune("  " + w + " ")
	out := make([]string, 0, len(r)-2)
	for i := 0; i+3 <= len(r); i++ {
		// A word has few trigrams: a look along them is cheaper than a set.
		if g := string(r[i : i+3]); !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// trigramIndex maps each trigram to the words (their positions in words,
// ascending) that have it, and counts each word's trigrams (0 for a word
// that is never a correction's target).
type trigramIndex struct {
	words map[string][]uint32
	count []uint8
	// tallies are the counters similar uses, one per search at a time.
	tallies sync.Pool
}

func newTrigramIndex(words []string) *trigramIndex {
	t := &trigramIndex{words: map[string][]uint32{}, count: make([]uint8, len(words))}
	for i, w := range words {
		// Shorter words and numbers are never a correction's target, as
		// such query words are never corrected; nor are words too long
		// for a count (no Polish word is).
		if n := utf8.RuneCountInString(w); n < 4 || n > 250 || strings.ContainsAny(w, "0123456789") {
			continue
		}
		grams := trigrams(w)
		t.count[i] = uint8(len(grams))
		for _, g := range grams {
			t.words[g] = append(t.words[g], uint32(i))
		}
	}
	t.tallies.New = func() any { return &tally{shared: make([]uint8, len(words))} }
	return t
}

// tally counts, per word, the trigrams it shares with the word corrected;
// touched lists the words counted, to reset only those.
type tally struct {
	shared  []uint8
	touched []uint32
}

// correct replaces each term that starts no indexed word by the most
// similar indexed word, and reports whether it replaced any. Numbers and
// words shorter than four letters are taken as typed: a "similar" number
// is a different one.
func (x *Index) correct(terms []directory.Term) ([]directory.Term, bool) {
	corrected := false
	var out []directory.Term
	for i, t := range terms {
		if len([]rune(t.Stem)) < 4 || strings.ContainsAny(t.Stem, "0123456789") || x.starts(t.Stem) ||
			x.alternatives(t.Stem) != nil { // a synonym is no typo, even of a word no organisation uses
			continue
		}
		if w, ok := x.similar(t.Stem); ok {
			if out == nil {
				out = slices.Clone(terms)
			}
			out[i] = directory.Term{Word: x.written(w), Stem: directory.Stem(w)}
			corrected = true
		}
	}
	if out == nil {
		return terms, false
	}
	return out, corrected
}

// starts reports whether some indexed word starts with stem.
func (x *Index) starts(stem string) bool {
	i, _ := slices.BinarySearch(x.words, stem)
	return i < len(x.words) && strings.HasPrefix(x.words[i], stem)
}

// similar returns the indexed word most similar to w (ties: the smaller
// word), if any is similar enough.
func (x *Index) similar(w string) (string, bool) {
	grams := trigrams(w)
	t := x.grams.tallies.Get().(*tally)
	defer x.grams.tallies.Put(t)
	for _, g := range grams {
		for _, i := range x.grams.words[g] {
			if t.shared[i] == 0 {
				t.touched = append(t.touched, i)
			}
			t.shared[i]++
		}
	}
	best, bestSim := -1, 0.0
	for _, i := range t.touched {
		n := int(t.shared[i])
		t.shared[i] = 0
		union := len(grams) + int(x.grams.count[i]) - n
		sim := float64(n) / float64(union)
		if sim > bestSim || (sim == bestSim && best >= 0 && x.words[i] < x.words[best]) {
			best, bestSim = int(i), sim
		}
	}
	t.touched = t.touched[:0]
	if best < 0 || bestSim < similarityThreshold {
		return "", false
	}
	return x.words[best], true
}
