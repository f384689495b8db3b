package directory

import (
	"strings"
	"testing"
)

func TestOwnTextsInTheReadersLanguage(t *testing.T) {
	o := &Organisation{Description: "Pomagamy.", DescriptionUK: "Допомагаємо.", HoursNote: "Po umówieniu.", HoursNoteEN: "By appointment."}
	for _, c := range []struct {
		lang, desc, descLang, note, noteLang string
	}{
		{"pl", "Pomagamy.", "pl", "Po umówieniu.", "pl"},
		{"uk", "Допомагаємо.", "uk", "Po umówieniu.", "pl"},
		{"en", "Pomagamy.", "pl", "By appointment.", "en"},
		{"de", "Pomagamy.", "pl", "Po umówieniu.", "pl"},
	} {
		if d, l := o.DescriptionIn(c.lang); d != c.desc || l != c.descLang {
			t.Errorf("DescriptionIn(%s) = %q, %q", c.lang, d, l)
		}
		if n, l := o.HoursNoteIn(c.lang); n != c.note || l != c.noteLang {
			t.Errorf("HoursNoteIn(%s) = %q, %q", c.lang, n, l)
		}
	}
}

// The translations are optional and follow the Polish texts' rules.
func TestTranslationsValidated(t *testing.T) {
	o := validOrganisation()
	if errs := o.Validate(); errs != nil {
		t.Fatalf("a record without translations: %v", errs)
	}
	o.DescriptionUK = strings.Repeat("ї", maxDescription+1)
	o.HoursNoteEN = "bad\x00note"
	errs := o.Validate()
	if errs["description_uk"] == "" || errs["hours_note_en"] == "" || len(errs) != 2 {
		t.Errorf("errors %v, want description_uk and hours_note_en", errs)
	}
}
