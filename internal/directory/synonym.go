package directory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Synonym is a word people search for and the words the directory uses
// for it: a search for Word also finds what each of Alternatives finds
// ("jedzenie" → "żywność", "posiłek"). It works one way; the reverse is a
// synonym of its own.
type Synonym struct {
	Word         string   // one word, lower case
	Alternatives []string // words or short phrases, lower case; a phrase finds what holds all its words
}

// Message IDs of ParseSynonym.
const (
	ErrSynonymWord         = "err_synonym_word"         // not one word of letters
	ErrSynonymAlternatives = "err_synonym_alternatives" // an alternative without letters, or too long
	ErrSynonymSame         = "err_synonym_same"         // an alternative that is the word itself
	ErrSynonymTooMany      = "err_synonym_too_many"     // more than MaxAlternatives
)

// SynonymMessageIDs lists every message ID ParseSynonym produces.
var SynonymMessageIDs = []string{
	ErrRequired, ErrTooLong, ErrInvalidText,
	ErrSynonymWord, ErrSynonymAlternatives, ErrSynonymSame, ErrSynonymTooMany,
}

// Bounds of a synonym: a query word is expanded into at most
// MaxAlternatives searches, each of at most maxPhraseWords words.
const (
	MaxAlternatives = 10
	maxWordRunes    = 40
	maxPhraseRunes  = 60
	maxPhraseWords  = 4
)

// ParseSynonym reads a synonym as staff type it: the word, and the
// alternatives separated by commas, semicolons or lines. The errors are by
// field: "word" and "alternatives". Both are kept lower case with single
// spaces; duplicates (also differing only in Polish letters) are dropped.
func ParseSynonym(word, alternatives string) (Synonym, FieldErrors) {
	errs := FieldErrors{}
	var syn Synonym
	if msg := CheckText(word, true, maxWordRunes, false); msg != "" {
		errs["word"] = msg
	} else if w := strings.ToLower(strings.TrimSpace(word)); !oneWord(w) {
		errs["word"] = ErrSynonymWord
	} else {
		syn.Word = w
	}
	if msg := CheckText(alternatives, true, MaxAlternatives*(maxPhraseRunes+2), true); msg != "" {
		errs["alternatives"] = msg
		return syn, errs
	}
	seen := map[string]bool{}
	for _, a := range strings.FieldsFunc(alternatives, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' }) {
		words := Words(strings.ToLower(a))
		if strings.TrimSpace(a) == "" {
			continue
		}
		if len(words) == 0 || len(words) > maxPhraseWords || utf8.RuneCountInString(strings.TrimSpace(a)) > maxPhraseRunes || !hasLetter(words) {
			errs["alternatives"] = ErrSynonymAlternatives
			return syn, errs
		}
		phrase := strings.Join(words, " ")
		key := Fold(phrase)
		if seen[key] {
			continue
		}
		seen[key] = true
		if syn.Word != "" && len(words) == 1 && Stem(key) == Stem(Fold(syn.Word)) {
			errs["alternatives"] = ErrSynonymSame
			return syn, errs
		}
		syn.Alternatives = append(syn.Alternatives, phrase)
	}
	switch {
	case len(syn.Alternatives) == 0:
		errs["alternatives"] = ErrRequired
	case len(syn.Alternatives) > MaxAlternatives:
		errs["alternatives"] = ErrSynonymTooMany
	}
	if len(errs) > 0 {
		return syn, errs
	}
	return syn, nil
}

// oneWord reports whether w is one word of letters (no digits: a number
// is searched as typed).
func oneWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func hasLetter(words []string) bool {
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}
