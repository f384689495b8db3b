package i18n_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/mopr-leszno/portal/internal/i18n"
)

// translations are the languages every Polish message must be written in.
var translations = []string{"uk", "en"}

// catalogueFiles reads the catalogue of one language: message id → its
// forms ("other" alone for a message without plurals).
func catalogueFiles(t *testing.T, lang string) map[string]map[string]string {
	t.Helper()
	files, err := filepath.Glob("locales/*." + lang + ".json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue files for %s: %v", lang, err)
	}
	out := map[string]map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for id, v := range raw {
			forms := map[string]string{}
			var s string
			if json.Unmarshal(v, &s) == nil {
				forms["other"] = s
			} else if err := json.Unmarshal(v, &forms); err != nil {
				t.Fatalf("%s: %s: %v", f, id, err)
			}
			if _, dup := out[id]; dup {
				t.Errorf("%s: message %q is in two files of %s", f, id, lang)
			}
			out[id] = forms
		}
	}
	return out
}

var action = regexp.MustCompile(`{{-?\s*(.*?)\s*-?}}`)

// placeholders are the template actions of a message, all forms together.
func placeholders(forms map[string]string) []string {
	set := map[string]bool{}
	for _, text := range forms {
		for _, m := range action.FindAllStringSubmatch(text, -1) {
			set[m[1]] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// pluralForms are the CLDR forms lang needs for whole numbers, and
// "other", which fractions take (1,5 організації).
func pluralForms(lang string) []string {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few",
		plural.Many: "many", plural.Other: "other"}
	set := map[string]bool{"other": true}
	tag := language.Make(lang)
	for n := 0; n <= 1000; n++ {
		set[names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]] = true
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// TestTranslationsAreComplete fails when a message of the Polish catalogue
// has no Ukrainian or English text, when a translation's placeholders
// differ from the Polish, when a plural message lacks a form its language
// needs, or when a translation's message is not in Polish at all (an id
// renamed or removed there). A translator adds or corrects a language in
// locales/*.<lang>.json and runs this test.
func TestTranslationsAreComplete(t *testing.T) {
	pl := catalogueFiles(t, "pl")
	for _, lang := range translations {
		tr := catalogueFiles(t, lang)
		need := pluralForms(lang)
		var missing []string
		for id, plForms := range pl {
			forms, ok := tr[id]
			if !ok {
				missing = append(missing, id)
				continue
			}
			if got, want := placeholders(forms), placeholders(plForms); !slices.Equal(got, want) {
				t.Errorf("%s %s: placeholders %q, the Polish has %q", lang, id, got, want)
			}
			for form, text := range forms {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s %s: empty %s form", lang, id, form)
				}
			}
			if len(plForms) > 1 || plForms["other"] == "" {
				for _, f := range need {
					if forms[f] == "" {
						t.Errorf("%s %s: no %q form (%s needs %s)", lang, id, f, lang, strings.Join(need, ", "))
					}
				}
			}
		}
		sort.Strings(missing)
		for _, id := range missing {
			t.Errorf("%s: no translation of %q", lang, id)
		}
		for id := range tr {
			if _, ok := pl[id]; !ok {
				t.Errorf("%s: %q is not a Polish message (renamed or removed?)", lang, id)
			}
		}
	}
}

func TestPluralsInEveryLanguage(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]map[int]string{
		"pl": {1: "1 organizacja", 2: "2 organizacje", 5: "5 organizacji", 11: "11 organizacji", 12: "12 organizacji",
			21: "21 organizacji", 22: "22 organizacje", 25: "25 organizacji"},
		"uk": {1: "1 організація", 2: "2 організації", 5: "5 організацій", 11: "11 організацій", 12: "12 організацій",
			21: "21 організація", 22: "22 організації", 25: "25 організацій"},
		"en": {1: "1 organisation", 2: "2 organisations", 5: "5 organisations", 11: "11 organisations",
			12: "12 organisations", 21: "21 organisations", 22: "22 organisations", 25: "25 organisations"},
	} {
		l := c.Lang(lang)
		for n, w := range want {
			if got := l.N("organisations_count", n); got != w {
				t.Errorf("%s N(organisations_count, %d) = %q, want %q", lang, n, got, w)
			}
		}
	}
}

func TestLanguageChosenByCode(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"uk": "uk", "en": "en", "pl": "pl", "": "pl", "de": "pl"} {
		if got := c.Lang(code).Lang(); got != want {
			t.Errorf("Lang(%q) speaks %q, want %q", code, got, want)
		}
	}
}
