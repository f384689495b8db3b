package accounts

import (
	"strings"
	"testing"
)

func TestAlphabet(t *testing.T) {
	if len(Alphabet) != 56 {
		t.Errorf("Alphabet has %d symbols, want 56", len(Alphabet))
	}
	if strings.ContainsAny(Alphabet, "0O1lIo") {
		t.Error("Alphabet has look-alikes")
	}
	seen := map[rune]bool{}
	for _, r := range Alphabet {
		if seen[r] {
			t.Errorf("Alphabet repeats %q", r)
		}
		seen[r] = true
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 500 {
		pw := GeneratePassword()
		if len(pw) != 20 {
			t.Fatalf("GeneratePassword() = %q, %d characters, want 20", pw, len(pw))
		}
		for _, r := range pw {
			if !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("GeneratePassword() = %q has %q, not in Alphabet", pw, r)
			}
			counts[r]++
		}
		if err := CheckPassword(pw, "jan.kowalski@mopr.leszno.pl", "Jan Kowalski"); err != nil {
			t.Fatalf("CheckPassword(GeneratePassword() = %q) = %v", pw, err)
		}
		if seen[pw] {
			t.Fatalf("GeneratePassword() repeated %q", pw)
		}
		seen[pw] = true
	}
	// 10 000 symbols, about 179 of each: every symbol must turn up.
	if len(counts) != len(Alphabet) {
		t.Errorf("only %d of %d symbols used in 10 000", len(counts), len(Alphabet))
	}
}
