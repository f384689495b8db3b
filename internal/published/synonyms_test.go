package published

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// understanding is a directory in which people's words differ from the
// records': food under "żywność", clothes under "odzież", a name with
// "Bezdomnym", languages by code.
func understanding(t testing.TB) *Index {
	t.Helper()
	food := org("bank", "Bank Żywności", "pomoc-zywnosciowa")
	meal := org("obiad", "Ciepły Posiłek", "ubostwo")
	clothes := org("szafa", "Szafa Dobra", "pomoc-rzeczowa")
	clothes.Description = "Zbieramy odzież i meble."
	shelter := org("dach", "Alfa Schronisko", "schronienie")
	shelter.Description = "Noclegi dla osób w kryzysie bezdomności."
	homeless := org("towarzystwo", "Towarzystwo Pomocy Bezdomnym", "streetworking")
	psych := org("glowa", "Zdrowa Głowa", "wsparcie-psychologiczne")
	psych.Description = "Zdrowie psychiczne dorosłych."
	health := org("serce", "Serce", "zdrowie")
	health.Description = "Zdrowie fizyczne."
	ukr := org("razem", "Razem", "cudzoziemcy")
	ukr.Languages = []string{"pl", "uk"}
	v := vocabulary(t)
	v.Synonyms = []directory.Synonym{
		{Word: "jedzenie", Alternatives: []string{"żywność", "posiłek"}},
		{Word: "ubrania", Alternatives: []string{"odzież"}},
		{Word: "depresja", Alternatives: []string{"zdrowie psychiczne"}},
	}
	x, err := Build(v, seq(food, meal, clothes, shelter, homeless, psych, health, ukr))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// readBack is x written and read again, as an instance loads it.
func readBack(t *testing.T, x *Index) *Index {
	t.Helper()
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	y, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func TestSearchUnderstandsPeople(t *testing.T) {
	built := understanding(t)
	for name, x := range map[string]*Index{"built": built, "read back": readBack(t, built)} {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				text string
				want []string // in rank order
			}{
				// synonyms: the word itself finds nothing, its alternatives do;
				// name matches (Bank Żywności, Ciepły Posiłek) first
				{"jedzenie", []string{"bank", "obiad"}},
				{"jedzeniem", []string{"bank", "obiad"}},
				{"JEDZENIE", []string{"bank", "obiad"}},
				{"ubrania", []string{"szafa"}},
				{"ubranie", []string{"szafa"}},
				// a phrase finds only what holds all its words
				{"depresja", []string{"glowa"}},
				// every query word must still match
				{"jedzenie bank", []string{"bank"}},
				// a category's parent and a target group by their names
				{"ubóstwo", []string{"bank", "obiad", "szafa"}},
				{"cudzoziemcy", []string{"razem"}},
				// languages by their Polish names; Polish itself is not indexed
				{"ukraiński", []string{"razem"}},
				{"ukrainski", []string{"razem"}},
				{"polski", nil},
				// name matches first also after stemming: "bezdomnosc" finds
				// "Bezdomnym" in a name before "bezdomności" in a description
				{"bezdomnosc", []string{"towarzystwo", "dach"}},
				{"bezdomność", []string{"towarzystwo", "dach"}},
			} {
				res := x.Search(directory.Query{Text: tt.text, Now: time.Now()})
				if got := slugsOf(res); !slices.Equal(got, tt.want) {
					t.Errorf("Search(%q) = %v, want %v", tt.text, got, tt.want)
				}
				if res.Total != len(tt.want) || res.Corrected != "" {
					t.Errorf("Search(%q): total %d, corrected %q", tt.text, res.Total, res.Corrected)
				}
			}
		})
	}
}

func TestCorrectionKeepsPolishLetters(t *testing.T) {
	built := understanding(t)
	for name, x := range map[string]*Index{"built": built, "read back": readBack(t, built)} {
		res := x.Search(directory.Query{Text: "pomoc bezdomnisci", Now: time.Now()})
		// "bezdomność" is the name of the category Bezdomność (the parent of
		// Schronienie and Streetworking), written with its Polish letters.
		if res.Corrected != "pomoc bezdomność" {
			t.Errorf("%s: corrected to %q, want %q", name, res.Corrected, "pomoc bezdomność")
		}
		if got := slugsOf(res); !slices.Equal(got, []string{"towarzystwo"}) {
			t.Errorf("%s: found %v", name, got)
		}
	}
}

func TestShownFormIsTheCommonest(t *testing.T) {
	var words wordFolder
	words.index("Łaska łaska ŁASKA laska", "Zażółć")
	shown := shownForms([]string{"laska", "zazolc", "inne"}, words.forms)
	if shown[0] != "łaska" || shown[1] != "zażółć" || len(shown) != 2 {
		t.Errorf("shown = %v", shown)
	}
}

func TestNoSynonymsCostNothing(t *testing.T) {
	x := fixture(t)
	if x.alternatives("jedzen") != nil {
		t.Error("alternatives without synonyms")
	}
	y := understanding(t)
	if y.alternatives("jed") != nil || y.alternatives("jedzen") == nil || y.alternatives("jedzeniowy") == nil {
		t.Error("alternatives are looked up by the longest stem prefix of at least four letters")
	}
	if languageNames([]string{"pl", "uk", "de", "xx-bad"}) != strings.Join([]string{"ukraiński", "niemiecki"}, " ") {
		t.Errorf("languageNames = %q", languageNames([]string{"pl", "uk", "de", "xx-bad"}))
	}
}
