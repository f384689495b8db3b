package accounts

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewRecoveryCodes(t *testing.T) {
	format := regexp.MustCompile(`^[` + RecoveryAlphabet + `]{5}-[` + RecoveryAlphabet + `]{5}$`)
	hexHash := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for _, n := range []int{1, 10, 200} {
		codes, hashes, err := NewRecoveryCodes(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != n || len(hashes) != n {
			t.Fatalf("NewRecoveryCodes(%d) gave %d codes and %d hashes", n, len(codes), len(hashes))
		}
		seen := map[string]bool{}
		for i, c := range codes {
			if !format.MatchString(c) {
				t.Errorf("code %q is not xxxxx-xxxxx from RecoveryAlphabet", c)
			}
			if seen[c] {
				t.Errorf("code %q repeated", c)
			}
			seen[c] = true
			if !hexHash.MatchString(hashes[i]) || hashes[i] != HashRecoveryCode(c) {
				t.Errorf("hash %q of %q is not HashRecoveryCode", hashes[i], c)
			}
		}
	}
	for _, n := range []int{0, -1} {
		if _, _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d) succeeded", n)
		}
	}
}

func TestRecoveryAlphabet(t *testing.T) {
	if len(RecoveryAlphabet) != 32 {
		t.Errorf("RecoveryAlphabet has %d symbols, want 32", len(RecoveryAlphabet))
	}
	for _, r := range RecoveryAlphabet {
		if !strings.ContainsRune(Alphabet, r) || strings.ToLower(string(r)) != string(r) {
			t.Errorf("%q is not a lower-case symbol of Alphabet", r)
		}
	}
}

func TestHashRecoveryCode(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(1)
	if err != nil {
		t.Fatal(err)
	}
	code, want := codes[0], hashes[0]
	bare := strings.ReplaceAll(code, "-", "")
	tests := []struct {
		name, typed string
		match       bool
	}{
		{"as shown", code, true},
		{"upper case", strings.ToUpper(code), true},
		{"without the dash", bare, true},
		{"space instead of dash", strings.Replace(code, "-", " ", 1), true},
		{"more dashes and spaces", " " + bare[:2] + "-" + bare[2:5] + " - " + bare[5:] + " ", true},
		{"en dash", strings.Replace(code, "-", "–", 1), true},
		{"one character missing", code[:len(code)-1], false},
		{"one character more", code + "a", false},
		{"other code", "22222-22222", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := HashRecoveryCode(tt.typed) == want; got != tt.match {
			t.Errorf("%s: HashRecoveryCode(%q) matches = %v, want %v", tt.name, tt.typed, got, tt.match)
		}
	}
}
