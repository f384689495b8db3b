package krs

import (
	"strings"
	"unicode"
)

// smallWords stay in lower case inside an address: the abbreviations of
// street kinds and titles, and the prepositions and conjunction of place
// names ("Nowe Miasto nad Wartą", "ul. Piotra i Pawła").
var smallWords = map[string]bool{
	"ul.": true, "al.": true, "pl.": true, "os.": true, "ks.": true, "gen.": true, "św.": true, "im.": true,
	"i": true, "w": true, "z": true, "na": true, "nad": true, "pod": true, "przy": true, "ze": true, "we": true,
}

// readable writes an address the register keeps in capitals as people
// write it: "UL. JANA PAWŁA II" → "ul. Jana Pawła II", "BIELSKO-BIAŁA" →
// "Bielsko-Biała". Roman numerals stay in capitals; a word after a
// hyphen or an opening quote starts with a capital.
func readable(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		lower := strings.ToLower(w)
		switch {
		case smallWords[lower] && (i > 0 || strings.HasSuffix(lower, ".")):
			words[i] = lower
		case roman(w):
			// kept as written
		default:
			words[i] = capitalise(lower)
		}
	}
	return strings.Join(words, " ")
}

// roman reports whether w is a Roman numeral of two or more letters (a
// lone "I" is the conjunction "i").
func roman(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r != 'I' && r != 'V' && r != 'X' {
			return false
		}
	}
	return true
}

// capitalise upper-cases the first letter of w and of every part after a
// hyphen or an opening quote.
func capitalise(w string) string {
	rs := []rune(w)
	start := true
	for i, r := range rs {
		if start && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
			start = false
			continue
		}
		if r == '-' || r == '"' || r == '„' || r == '«' || r == '(' {
			start = true
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			start = false
		}
	}
	return string(rs)
}
