package server

import (
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

func TestLocalVocabularyFallsBackToThePolishName(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	v := directory.Vocabulary{
		Categories:   []directory.Category{{Slug: "seniorzy", Name: "Seniorzy (nazwa w bazie)"}, {Slug: "nowa-kategoria", Name: "Nowa kategoria"}},
		TargetGroups: []directory.TargetGroup{{Slug: "kobiety", Name: "Kobiety"}, {Slug: "nowa-grupa", Name: "Nowa grupa"}},
		Districts:    []directory.District{{Slug: "zatorze", Name: "Zatorze"}},
	}
	uk := localVocabulary(i18n.With(t.Context(), c.Lang("uk")), v)
	if uk.CategoryName("seniorzy") != "Люди похилого віку" || uk.CategoryName("nowa-kategoria") != "Nowa kategoria" {
		t.Errorf("uk categories: %q, %q", uk.CategoryName("seniorzy"), uk.CategoryName("nowa-kategoria"))
	}
	if uk.TargetGroupName("kobiety") != "Жінки" || uk.TargetGroupName("nowa-grupa") != "Nowa grupa" {
		t.Errorf("uk target groups: %q, %q", uk.TargetGroupName("kobiety"), uk.TargetGroupName("nowa-grupa"))
	}
	if uk.DistrictName("zatorze") != "Zatorze" {
		t.Errorf("district translated: %q", uk.DistrictName("zatorze"))
	}
	// Polish pages show the staff's names; the vocabulary given is not changed.
	if pl := localVocabulary(i18n.With(t.Context(), c.Lang("pl")), v); pl.CategoryName("seniorzy") != "Seniorzy (nazwa w bazie)" {
		t.Errorf("pl category %q", pl.CategoryName("seniorzy"))
	}
	if v.CategoryName("seniorzy") != "Seniorzy (nazwa w bazie)" {
		t.Error("the shared vocabulary was changed")
	}
	res := localResults(i18n.With(t.Context(), c.Lang("en")), v, directory.Results{Items: []directory.Summary{{Categories: []string{"Seniorzy (nazwa w bazie)", "Nowa kategoria"}}}})
	if got := res.Items[0].Categories; got[0] != "Older people" || got[1] != "Nowa kategoria" {
		t.Errorf("en result categories %q", got)
	}
}
