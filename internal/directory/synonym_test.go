package directory

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSynonym(t *testing.T) {
	syn, errs := ParseSynonym("  Jedzenie ", "żywność, Posiłek;\n  posilek\nzdrowie   psychiczne,,")
	if errs != nil {
		t.Fatalf("errors %v", errs)
	}
	if syn.Word != "jedzenie" {
		t.Errorf("word %q, want lower case without spaces", syn.Word)
	}
	// "posilek" is "posiłek" without Polish letters: the same alternative.
	if want := []string{"żywność", "posiłek", "zdrowie psychiczne"}; !slices.Equal(syn.Alternatives, want) {
		t.Errorf("alternatives %q, want %q", syn.Alternatives, want)
	}

	tests := []struct {
		word, alts string
		field, id  string
	}{
		{"", "żywność", "word", ErrRequired},
		{"dwa słowa", "żywność", "word", ErrSynonymWord},
		{"24h", "całodobowo", "word", ErrSynonymWord},
		{"jedzenie\x00", "żywność", "word", ErrInvalidText},
		{strings.Repeat("a", 41), "żywność", "word", ErrTooLong},
		{"jedzenie", "", "alternatives", ErrRequired},
		{"jedzenie", " , ;\n", "alternatives", ErrRequired},
		{"jedzenie", "żywność, ---", "alternatives", ErrSynonymAlternatives},
		{"jedzenie", "bardzo długa fraza pięciu słów", "alternatives", ErrSynonymAlternatives},
		{"jedzenie", "jedzenia", "alternatives", ErrSynonymSame},
		{"jedzenie", "a,b,c,d,e,f,g,h,i,j,k", "alternatives", ErrSynonymTooMany},
		{"jedzenie", "żywność\u202e", "alternatives", ErrInvalidText},
	}
	for _, tt := range tests {
		_, errs := ParseSynonym(tt.word, tt.alts)
		if errs[tt.field] != tt.id {
			t.Errorf("ParseSynonym(%q, %q) = %v, want %s at %s", tt.word, tt.alts, errs, tt.id, tt.field)
		}
		if !slices.Contains(SynonymMessageIDs, errs[tt.field]) {
			t.Errorf("%q is not in SynonymMessageIDs", errs[tt.field])
		}
	}
}

// Whatever staff type, an accepted synonym is one lower-case word of
// letters and at most MaxAlternatives short phrases of words.
func FuzzParseSynonym(f *testing.F) {
	for _, s := range [][2]string{{"jedzenie", "żywność, posiłek"}, {"Ukraińcy", "cudzoziemcy;uchodźcy\nukraiński"}, {"\xff", "\x00"}, {"a b", ",,,"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, word, alts string) {
		syn, errs := ParseSynonym(word, alts)
		if errs != nil {
			for field, id := range errs {
				if (field != "word" && field != "alternatives") || !slices.Contains(SynonymMessageIDs, id) {
					t.Fatalf("error %s at %s", id, field)
				}
			}
			return
		}
		if !oneWord(syn.Word) || syn.Word != strings.ToLower(syn.Word) {
			t.Fatalf("word %q", syn.Word)
		}
		if len(syn.Alternatives) == 0 || len(syn.Alternatives) > MaxAlternatives {
			t.Fatalf("%d alternatives", len(syn.Alternatives))
		}
		for _, a := range syn.Alternatives {
			if !utf8.ValidString(a) || len(Words(a)) == 0 || len(Words(a)) > maxPhraseWords || strings.Join(Words(a), " ") != a {
				t.Fatalf("alternative %q", a)
			}
		}
	})
}
