package directory

import (
	"strings"
	"testing"
)

func TestNormalizeWebsite(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"nowa-nadzieja.pl", "https://nowa-nadzieja.pl"},
		{"  www.example.org/kontakt ", "https://www.example.org/kontakt"},
		{"example.org:8080/a", "https://example.org:8080/a"},
		{"//example.org", "https://example.org"},
		{"http://example.org", "http://example.org"},
		{"HTTPS://Example.org", "HTTPS://Example.org"},
		{"mailto:biuro@example.org", "mailto:biuro@example.org"},
		{"", ""},
		{"   ", ""},
	} {
		if got := NormalizeWebsite(tt.in); got != tt.want {
			t.Errorf("NormalizeWebsite(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// What a person types as a bare domain is then a valid website.
	o := validOrganisation()
	o.Website = NormalizeWebsite("nowa-nadzieja.pl")
	if errs := o.Validate(); errs["website"] != "" {
		t.Errorf("website %q refused: %s", o.Website, errs["website"])
	}
}

// FuzzNormalizeWebsite checks that NormalizeWebsite never panics, changes
// nothing twice (normalising its own result gives it back), and that what
// it makes of an address without a scheme starts with https://.
func FuzzNormalizeWebsite(f *testing.F) {
	for _, s := range []string{"nowa-nadzieja.pl", "http://a.pl", "a:1", "mailto:x", "", " ", "//x", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeWebsite(s)
		if again := NormalizeWebsite(got); again != got {
			t.Fatalf("NormalizeWebsite(%q) = %q, then %q", s, got, again)
		}
		if got != strings.TrimSpace(s) && !strings.HasPrefix(got, "https://") {
			t.Fatalf("NormalizeWebsite(%q) = %q: changed without adding https://", s, got)
		}
	})
}

func TestOfferedLanguagesAreValid(t *testing.T) {
	o := validOrganisation()
	o.Languages = Languages
	if errs := o.Validate(); errs["languages"] != "" {
		t.Errorf("the offered languages %v are refused: %s", Languages, errs["languages"])
	}
	got := LanguagesOf([]string{"en", "ka"})
	if len(got) != len(Languages)+1 || got[len(got)-1] != "ka" {
		t.Errorf("LanguagesOf keeps a held code the list lacks: got %v", got)
	}
}
