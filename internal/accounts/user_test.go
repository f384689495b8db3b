package accounts

import (
	"strings"
	"testing"
)

func TestUserNeedsTOTP(t *testing.T) {
	tests := []struct {
		name string
		user *User
		want bool
	}{
		{"administrator without TOTP must enrol", &User{Role: Administrator}, true},
		{"administrator with TOTP", &User{Role: Administrator, TOTPEnabled: true}, true},
		{"editor without TOTP", &User{Role: Editor}, false},
		{"editor who turned TOTP on", &User{Role: Editor, TOTPEnabled: true}, true},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		if got := tt.user.NeedsTOTP(); got != tt.want {
			t.Errorf("%s: NeedsTOTP() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestUserCanSignIn(t *testing.T) {
	tests := []struct {
		name string
		user *User
		want bool
	}{
		{"active editor", &User{Role: Editor}, true},
		{"active administrator", &User{Role: Administrator}, true},
		{"disabled", &User{Role: Administrator, Disabled: true}, false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		if got := tt.user.CanSignIn(); got != tt.want {
			t.Errorf("%s: CanSignIn() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"jan@mopr.leszno.pl", "jan@mopr.leszno.pl"},
		{"  Jan.Kowalski@MOPR.Leszno.PL\n", "jan.kowalski@mopr.leszno.pl"},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := NormalizeEmail(tt.in); got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidEmail(t *testing.T) {
	long := "a@" + strings.Repeat("aaaaaaaaa.", 26) + "pl" // over 254 bytes
	tests := []struct {
		in   string
		want bool
	}{
		{"jan@mopr.leszno.pl", true},
		{"jan.kowalski+bank@example.com", true},
		{"Jan@Example.PL", true},
		{"", false},
		{"jan", false},
		{"jan@", false},
		{"@mopr.pl", false},
		{"jan@mopr", false},                 // no dot in the domain
		{"jan@[127.0.0.1]", false},          // IP literal
		{"jan@.mopr.pl", false},             // leading dot
		{"jan@mopr.pl.", false},             // trailing dot
		{"jan@mopr..pl", false},             // empty label
		{"Jan <jan@mopr.pl>", false},        // display name
		{"<jan@mopr.pl>", false},            // angle brackets
		{" jan@mopr.pl", false},             // not normalised
		{"jan@mopr.pl, ewa@mopr.pl", false}, // a list
		{"jan kowalski@mopr.pl", false},
		{long, false},
	}
	for _, tt := range tests {
		if got := ValidEmail(tt.in); got != tt.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// An address is checked as typed, before it is lower-cased: lower-casing
// would turn a byte that is not UTF-8 into U+FFFD and make an address of it.
func TestParseEmailChecksBeforeNormalising(t *testing.T) {
	for typed, want := range map[string]string{
		" Jan.Kowalski@MOPR.Leszno.pl ": "jan.kowalski@mopr.leszno.pl",
		"ewa@example.org":               "ewa@example.org",
	} {
		if got, msg := ParseEmail(typed); got != want || msg != "" {
			t.Errorf("ParseEmail(%q) = %q, %q; want %q", typed, got, msg, want)
		}
	}
	for typed, want := range map[string]string{
		"Ew\xffa@example.org":   "err_invalid_text",
		"ewa\x00@example.org":   "err_invalid_text",
		"EWA@EXAMPLE.ORG\xff":   "err_invalid_text",
		"   ":                   "err_required",
		"to nie adres":          "err_email",
		"Ewa <ewa@example.org>": "err_email",
		strings.Repeat("a", 250) + "@example.org": "err_too_long",
	} {
		if got, msg := ParseEmail(typed); got != "" || msg != want {
			t.Errorf("ParseEmail(%q) = %q, %q; want the message %q", typed, got, msg, want)
		}
	}
}
