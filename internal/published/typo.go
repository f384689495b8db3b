package published

import (
	"slices"
	"strings"

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
	seen := map[string]bool{}
	var out []string
	for i := 0; i+3 <= len(r); i++ {
		g := string(r[i : i+3])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// trigramIndex maps each trigram to the words (their positions in words)
// that have it.
func trigramIndex(words []string) map[string][]uint32 {
	idx := map[string][]uint32{}
	for i, w := range words {
		// Shorter words and numbers are never a correction's target, as
		// such query words are never corrected.
		if len([]rune(w)) < 4 || strings.ContainsAny(w, "0123456789") {
			continue
		}
		for _, g := range trigrams(w) {
			idx[g] = append(idx[g], uint32(i))
		}
	}
	return idx
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
	shared := map[uint32]int{}
	for _, g := range grams {
		for _, i := range x.grams[g] {
			shared[i]++
		}
	}
	best, bestSim := -1, 0.0
	for i, n := range shared {
		cand := x.words[i]
		union := len(grams) + len(trigrams(cand)) - n
		sim := float64(n) / float64(union)
		if sim > bestSim || (sim == bestSim && best >= 0 && cand < x.words[best]) {
			best, bestSim = int(i), sim
		}
	}
	if best < 0 || bestSim < similarityThreshold {
		return "", false
	}
	return x.words[best], true
}
