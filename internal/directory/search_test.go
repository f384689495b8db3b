package directory

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestStemFindsOtherForms(t *testing.T) {
	// Each query word's stem must be a prefix of the folded forms it should
	// find.
	tests := []struct {
		query string
		finds []string
	}{
		{"stowarzyszenie", []string{"stowarzyszenia", "stowarzyszeniem", "stowarzyszen"}},
		{"niepelnosprawnych", []string{"niepelnosprawnymi", "niepelnosprawni", "niepelnosprawnosc"}},
		{"spoleczna", []string{"spoleczna", "spolecznej", "spoleczny"}},
		{"seniorow", []string{"seniorzy", "seniorami", "senioralny"}},
		{"dzieci", []string{"dzieci", "dziecko", "dzieciom"}},
		{"pomoc", []string{"pomoc", "pomocy", "pomoca"}},
		{"dom", []string{"dom", "domu", "domowe"}}, // short words stay whole
		// A noun of a quality finds the adjective it is made of.
		{"bezdomnosc", []string{"bezdomnosc", "bezdomnosci", "bezdomnym", "bezdomni"}},
		{"niepełnosprawnością", []string{"niepelnosprawnosc", "niepelnosprawnych"}},
		{"samotność", []string{"samotnosc", "samotnych", "samotnej"}},
		{"gość", []string{"gosc", "goscie"}}, // short words stay whole
	}
	for _, tt := range tests {
		stem := Stem(Fold(tt.query))
		for _, f := range tt.finds {
			if !strings.HasPrefix(f, stem) {
				t.Errorf("Stem(%q) = %q: not a prefix of %q", tt.query, stem, f)
			}
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("ZAŻÓŁĆ Gęślą Jaźń"); got != "zazolc gesla jazn" {
		t.Errorf("Fold = %q", got)
	}
}

func TestTerms(t *testing.T) {
	got := Terms("Pomoc  społeczna, POMOC! (dla) rodzin & | :* dzieci")
	var stems []string
	for _, term := range got {
		stems = append(stems, term.Stem)
	}
	want := []string{"pomoc", "spoleczn", "dla", "rodzin", "dziec"}
	if !slices.Equal(stems, want) {
		t.Errorf("stems = %v, want %v", stems, want)
	}
	if got[1].Word != "społeczna" {
		t.Errorf("word kept as typed: %q", got[1].Word)
	}
	if q := TSQuery(got[:2]); q != "pomoc:* & spoleczn:*" {
		t.Errorf("TSQuery = %q", q)
	}
	if len(Terms(strings.Repeat("słowo inne ", 20)+"a b c d e f g h i j")) > 8 {
		t.Error("more than 8 terms")
	}
	if Terms("!!! ... ---") != nil || TSQuery(nil) != "" {
		t.Error("no words should give no terms and an empty query")
	}
}

// Whatever a person types, the tsquery holds only stems of letters and
// digits joined by the operators we put there, so PostgreSQL never sees
// syntax from the user.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"pomoc społeczna", "a & b | !c", "x:*", "'\"\\", "\x00\xff", "ąęłńóśźż ĄĘŁŃÓŚŹŻ", "дітям допомога"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		terms := Terms(text)
		if len(terms) > 8 {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if term.Stem == "" {
				t.Fatal("empty stem")
			}
			for _, r := range term.Stem {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("stem %q holds %q", term.Stem, r)
				}
			}
		}
		q := TSQuery(terms)
		if len(terms) > 0 && strings.Count(q, ":*") != len(terms) {
			t.Fatalf("TSQuery(%q) = %q", text, q)
		}
	})
}
