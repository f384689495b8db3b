package accounts

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/fault"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, password, email, name2 string
		want                         string // message ID, "" for accepted
	}{
		// accepted
		{"long random", "Kq7#vT2mWz9p", "jan@mopr.pl", "Jan Kowalski", ""},
		{"pass-phrase", "zielone jabłka na wietrze", "", "", ""},
		{"11 Polish letters", "żółćgęśląźń", "", "", ErrPasswordShort},
		{"exactly 12 runes with Polish letters", "zażółćgęślą!", "", "", ""},
		{"128 runes", strings.Repeat("ąbcdefgh", 16), "", "", ""},
		{"short name not searched", "janek-i-ola-w-lesie", "ola@mopr.pl", "Jan", ""},

		// err_password_invalid
		{"invalid UTF-8", "abcdefghijk\xff", "", "", ErrPasswordInvalid},
		{"NUL", "abcdefghij\x00kl", "", "", ErrPasswordInvalid},
		{"tab", "abcdefghij\tkl", "", "", ErrPasswordInvalid},
		{"newline", "abcdefghijkl\n", "", "", ErrPasswordInvalid},
		{"DEL", "abcdefghijk\x7f", "", "", ErrPasswordInvalid},
		{"C1 control", "abcdefghijk\u0085", "", "", ErrPasswordInvalid},
		{"invalid before short", "\x00", "", "", ErrPasswordInvalid},

		// err_password_short
		{"empty", "", "", "", ErrPasswordShort},
		{"11 characters", "Kq7#vT2mWz9", "", "", ErrPasswordShort},
		{"11 runes, 22 bytes", "ąęśćżźńółĄĘ", "", "", ErrPasswordShort},

		// err_password_long
		{"129 runes", strings.Repeat("a", 129), "", "", ErrPasswordLong},
		{"129 Polish letters", strings.Repeat("ż", 129), "", "", ErrPasswordLong},

		// err_password_common
		{"listed", "123456789012", "", "", ErrPasswordCommon},
		{"listed, other case", "QwertyUiop123", "", "", ErrPasswordCommon},
		{"Password123!", "Password123!", "", "", ErrPasswordCommon},
		{"digits appended", "haslo1234567890", "", "", ErrPasswordCommon},
		{"digits on both ends", "2024haslo2024!", "", "", ErrPasswordCommon},
		{"diacritics folded", "Hasło12345678", "", "", ErrPasswordCommon},
		{"Polish listed", "kochamcie2024", "", "", ErrPasswordCommon},
		{"keyboard walk", "1qaz2wsx3edc", "", "", ErrPasswordCommon},
		{"keyboard walk with punctuation", "zaq1@WSX!!!!", "", "", ErrPasswordCommon},
		{"month", "Październik2025", "", "", ErrPasswordCommon},
		{"spaces inside", "Mopr Leszno 2025", "", "", ErrPasswordCommon},
		{"administrator", "Administrator1", "", "", ErrPasswordCommon},
		{"listed entry ending in digits, more digits", "Abc123456789", "", "", ErrPasswordCommon},
		{"listed number, more digits", "123456999999", "", "", ErrPasswordCommon},
		{"listed word inside letters passes", "xhaslox-Kq7#vT", "", "", ""},
		{"one character repeated", "ŻŻŻŻŻŻŻŻŻŻŻŻ", "", "", ErrPasswordCommon},
		{"three characters repeated", "ab1ab1ab1ab1ab1", "", "", ErrPasswordCommon},
		{"four distinct characters pass", "abcdabcdabcdx", "", "", ""},

		// err_password_personal
		{"e-mail local part inside", "xjkowalski77!Qz", "jkowalski@mopr.leszno.pl", "", ErrPasswordPersonal},
		{"e-mail local part, other case", "Tajny-JKOWALSKI-9", "JKowalski@mopr.pl", "", ErrPasswordPersonal},
		{"dotted local part, one word", "Kowalski-Rower-7", "jan.kowalski@mopr.pl", "", ErrPasswordPersonal},
		{"name inside", "mojaAnnaNowak#1", "biuro@mopr.pl", "Anna Nowak", ErrPasswordPersonal},
		{"surname with diacritics folded", "ZielonaWisniewska9", "", "Anna Wiśniewska", ErrPasswordPersonal},
		{"surname typed with diacritics", "zielonaWIŚNIEWSKA9", "", "Anna Wisniewska", ErrPasswordPersonal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPassword(tt.password, tt.email, tt.name2)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckPassword(%q) = %v, want nil", tt.password, err)
				}
				return
			}
			var me fault.MessageError
			if !errors.As(err, &me) {
				t.Fatalf("CheckPassword(%q) = %v (%T), want fault.MessageError %q", tt.password, err, err, tt.want)
			}
			if string(me) != tt.want || err.Error() != tt.want {
				t.Fatalf("CheckPassword(%q) = %q, want %q", tt.password, me, tt.want)
			}
			if !slices.Contains(MessageIDs, string(me)) {
				t.Fatalf("%q is not in MessageIDs", me)
			}
		})
	}
}

func TestMessageIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range MessageIDs {
		if !strings.HasPrefix(id, "err_") || seen[id] {
			t.Errorf("bad or repeated message ID %q", id)
		}
		seen[id] = true
	}
	for _, id := range []string{ErrPasswordShort, ErrPasswordLong, ErrPasswordCommon, ErrPasswordPersonal, ErrPasswordInvalid, ErrRole} {
		if !seen[id] {
			t.Errorf("MessageIDs lacks %q", id)
		}
	}
	if len(MessageIDs) != 6 {
		t.Errorf("MessageIDs has %d IDs, want 6", len(MessageIDs))
	}
}

// The list must be in the form isCommon compares: lower case, without
// Polish diacritics and spaces; every entry must be refused (with digits
// appended to reach the length).
func TestCommonPasswordsList(t *testing.T) {
	if n := len(commonPasswords); n < 300 {
		t.Fatalf("only %d common passwords", n)
	}
	for _, want := range []string{"haslo", "haslo123", "qwerty", "zaq12wsx", "polska", "kochamcie",
		"mojehaslo", "123456789012", "qwertyuiop", "1qaz2wsx3edc", "administrator", "leszno", "mopr",
		"styczen", "pazdziernik", "password"} {
		if _, ok := commonPasswords[want]; !ok {
			t.Errorf("%q is not on the list", want)
		}
	}
	lines := strings.Split(strings.TrimRight(commonPasswordsText, "\n"), "\n")
	seen := map[string]bool{}
	for i, p := range lines {
		if p == "" || p != strings.TrimSpace(p) || p != foldPassword(p) || strings.ContainsRune(p, ' ') {
			t.Errorf("line %d: %q is not lower-case, folded and trimmed", i+1, p)
		}
		if seen[p] {
			t.Errorf("line %d: %q repeated", i+1, p)
		}
		seen[p] = true
		pw := p
		for utf8.RuneCountInString(pw) < MinPasswordLength {
			pw += "1"
		}
		if utf8.RuneCountInString(pw) <= MaxPasswordLength {
			if err := CheckPassword(pw, "", ""); err == nil {
				t.Errorf("listed %q accepted as %q", p, pw)
			}
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"", "Password123!", "zażółćgęślą!", "Kq7#vT2mWz9p", "\xff\xfe", "abc\x00def",
		strings.Repeat("ż", 200), "haslo2024!!!", "jkowalski1234"} {
		f.Add(s, "jkowalski@mopr.leszno.pl", "Jan Kowalski")
	}
	f.Fuzz(func(t *testing.T, password, email, name string) {
		err := CheckPassword(password, email, name)
		if err == nil {
			if n := utf8.RuneCountInString(password); n < MinPasswordLength || n > MaxPasswordLength {
				t.Fatalf("accepted %q of %d runes", password, n)
			}
			if !utf8.ValidString(password) {
				t.Fatalf("accepted invalid UTF-8 %q", password)
			}
			return
		}
		var me fault.MessageError
		if !errors.As(err, &me) || !slices.Contains(MessageIDs, string(me)) {
			t.Fatalf("CheckPassword(%q) = %v, not a known fault.MessageError", password, err)
		}
	})
}
