package sitetext

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExampleIsCompleteAndValid(t *testing.T) {
	ex := Example()
	if errs := ex.Validate(); errs != nil {
		t.Errorf("the examples break rules: %v", errs)
	}
	if m := ex.Missing(); len(m) != 0 {
		t.Errorf("the examples lack %v", m)
	}
	if errs := Defaults().Validate(); errs != nil {
		t.Errorf("the defaults break rules: %v", errs)
	}
}

func TestMissingNamesTheEmptyRequiredTexts(t *testing.T) {
	ex := Example()
	ex[MoprPhone] = "  "
	delete(ex, A11yPrepared)
	ex[CrisisNote] = "" // optional
	if got, want := ex.Missing(), []string{MoprPhone, A11yPrepared}; !slices.Equal(got, want) {
		t.Errorf("Missing = %v, want %v", got, want)
	}
	// A statement that is not fully compliant must say what is not.
	ex = Example()
	ex[A11yExceptions] = ""
	if got := ex.Missing(); !slices.Equal(got, []string{A11yExceptions}) {
		t.Errorf("partly compliant without exceptions: Missing = %v", got)
	}
	ex[A11yStatus] = StatusCompliant
	if got := ex.Missing(); len(got) != 0 {
		t.Errorf("compliant without exceptions: Missing = %v", got)
	}
	if got := Defaults().Missing(); !slices.Contains(got, MoprAddress) || slices.Contains(got, MoprName) || slices.Contains(got, HelplinesKey) {
		t.Errorf("a new site misses %v; want the address but not the name nor the help numbers", got)
	}
}

func TestValidateNamesTheField(t *testing.T) {
	for key, value := range map[string]string{
		MoprEmail:        "sekretariat(at)mopr",
		MoprPhone:        "zadzwoń",
		A11yPublished:    "15.01.2026",
		A11yStatus:       "w pełni zgodna",
		A11yMethod:       "audyt",
		HelplinesKey:     "Telefon zaufania 116 111",
		MoprName:         "MOPR\x07",
		A11yContactPhone: "12",
		CrisisName:       strings.Repeat("x", 301),
		MoprAddress:      strings.Repeat("x", 4001),
	} {
		ex := Example()
		ex[key] = value
		errs := ex.Validate()
		if len(errs) != 1 || errs[key] == "" {
			t.Errorf("%s = %q: errors %v, want one at %s", key, value, errs, key)
		}
	}
	ex := Example()
	ex[A11yUpdated] = "2025-01-01" // before the publication
	if errs := ex.Validate(); errs[A11yUpdated] != ErrUpdated {
		t.Errorf("update before publication: %v", errs)
	}
	ex = Example()
	ex[MoprPhone], ex[A11yPublished] = "", ""
	if errs := ex.Validate(); errs != nil {
		t.Errorf("empty texts may be saved (publishing waits for them): %v", errs)
	}
}

func TestNormalizeKeepsKnownKeysTrimmed(t *testing.T) {
	got := Normalize(map[string]string{MoprAddress: "  ul. Długa 1\r\n64-100 Leszno \n", "evil": "x"})
	if got[MoprAddress] != "ul. Długa 1\n64-100 Leszno" {
		t.Errorf("address %q", got[MoprAddress])
	}
	if _, ok := got["evil"]; ok {
		t.Error("an unknown key was kept")
	}
}

func TestParseHelplines(t *testing.T) {
	hs, err := ParseHelplines("Telefon zaufania | 116 111 | całą dobę\n\n  Numer alarmowy|112  \n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Helpline{{"Telefon zaufania", "116 111", "całą dobę"}, {"Numer alarmowy", "112", ""}}
	if !slices.Equal(hs, want) {
		t.Errorf("got %v, want %v", hs, want)
	}
	if hs[0].Tel() != "tel:116111" {
		t.Errorf("tel %q", hs[0].Tel())
	}
	for _, bad := range []string{"116 111", " | 116 111", "Telefon | sto", "a | 112 | b | c"} {
		if _, err := ParseHelplines(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if got := TelURI("+48 (65) 529-00-00"); got != "tel:+48655290000" {
		t.Errorf("TelURI = %q", got)
	}
}

// Whatever staff type, the parser answers with lines or an error, and
// every number it accepts makes a tel: address of digits alone.
func FuzzParseHelplines(f *testing.F) {
	f.Add(NationalHelplines)
	f.Add("a | 1 2 3 | b\n|\n||")
	f.Add("x | +48 65 000 00 00")
	f.Fuzz(func(t *testing.T, s string) {
		hs, err := ParseHelplines(s)
		if err != nil {
			return
		}
		for _, h := range hs {
			if h.Name == "" || strings.Contains(h.Name, "|") || strings.Contains(h.Name, "\n") {
				t.Errorf("name %q", h.Name)
			}
			tel := strings.TrimPrefix(h.Tel(), "tel:")
			tel = strings.TrimPrefix(tel, "+")
			if n := utf8.RuneCountInString(tel); n < 3 || n > 15 || strings.Trim(tel, "0123456789") != "" {
				t.Errorf("%q makes %q", h.Phone, h.Tel())
			}
		}
	})
}
