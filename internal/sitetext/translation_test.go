package sitetext

import (
	"slices"
	"testing"
)

func TestTranslatedTexts(t *testing.T) {
	texts := Texts{A11yBuilding: "Wejście od ulicy.", TranslationKey(A11yBuilding, "en"): "Entrance from the street.",
		ControllerName: "Dyrektor MOPR", MoprName: "MOPR"}
	for _, c := range []struct{ key, lang, text, in string }{
		{A11yBuilding, "en", "Entrance from the street.", "en"},
		{A11yBuilding, "uk", "Wejście od ulicy.", "pl"},
		{A11yBuilding, "pl", "Wejście od ulicy.", "pl"},
		{MoprName, "en", "MOPR", "pl"},
		{A11yCommunication, "en", "", "pl"},
	} {
		if text, in := texts.In(c.key, c.lang); text != c.text || in != c.in {
			t.Errorf("In(%s, %s) = %q, %q; want %q, %q", c.key, c.lang, text, in, c.text, c.in)
		}
	}
	loc, polish := texts.Localized("en")
	if loc[A11yBuilding] != "Entrance from the street." || loc[ControllerName] != "Dyrektor MOPR" {
		t.Errorf("Localized(en) = %v", loc)
	}
	if !slices.Equal(polish, []string{ControllerName}) {
		t.Errorf("still Polish in English: %v, want only the controller's name (empty texts are not Polish)", polish)
	}
	if texts[A11yBuilding] != "Wejście od ulicy." {
		t.Error("Localized changed the texts it was given")
	}
}

// The translations are fields of the form like the Polish texts: kept by
// Normalize, checked by Validate, listed by Changed, never required.
func TestTranslationsAreFields(t *testing.T) {
	key := TranslationKey(A11yExceptions, "uk")
	in := map[string]string{key: "  Відео без субтитрів.\r\n", "unknown_uk": "x"}
	texts := Normalize(in)
	if texts[key] != "Відео без субтитрів." || texts["unknown_uk"] != "" {
		t.Errorf("Normalize: %q", texts)
	}
	if !slices.Contains(Changed(Texts{}, texts), key) {
		t.Error("Changed does not list a new translation")
	}
	texts[TranslationKey(A11yContactEmail, "uk")] = "x" // no such translation
	texts[TranslationKey(MoprHours, "en")] = "bad\x00"
	errs := texts.Validate()
	if errs[TranslationKey(MoprHours, "en")] == "" {
		t.Errorf("Validate passed a NUL byte in a translation: %v", errs)
	}
	for _, m := range (Texts{}).Missing() {
		if m == key {
			t.Error("a translation is required")
		}
	}
	if len(TranslationGroups) != 2 || len(TranslationGroups[0].Fields) != len(Translatable) || TranslationGroups[1].Fields[0].Lang != "en" {
		t.Errorf("translation groups: %+v", TranslationGroups)
	}
}
