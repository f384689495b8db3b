package directory

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Known-valid numbers, written out rather than computed, so that a mistake
// in the algorithm cannot also be in the expectation:
//   - NIP 5260250274: Ministerstwo Finansów;
//   - NIP 7740001454: PKN Orlen;
//   - NIP 1234563218: the usual documentation example;
//   - REGON 000002217: Ministerstwo Finansów;
//   - REGON 610188201: PKN Orlen;
//   - REGON 123456785 and 12345678512347: documentation examples
//     (nine-digit, and a local unit of it).
var (
	knownNIPs   = []string{"5260250274", "7740001454", "1234563218"}
	knownREGONs = []string{"000002217", "610188201", "123456785", "12345678512347"}
)

func TestNormalizeDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"5260250274", "5260250274"},
		{"526-025-02-74", "5260250274"},
		{" 526 025 02 74 ", "5260250274"},
		{"526\u00a0025\u00a002\u00a074", "5260250274"}, // non-breaking spaces from a PDF
		{"526\u2013025\u201102\u221274", "5260250274"}, // en dash, non-breaking hyphen, minus
		{"526\t025\n0274", "5260250274"},
		{"0000-123-456", "0000123456"},
		{"ab-c", "abc"},                    // letters stay, for the check to refuse
		{"526.025.02.74", "526.025.02.74"}, // dots are not separators
		{"\xff-1", "\xff-1"},               // not UTF-8: left alone, every check refuses it
	}
	for _, tt := range tests {
		if got := NormalizeDigits(tt.in); got != tt.want {
			t.Errorf("NormalizeDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeNIP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"5260250274", "5260250274"},
		{"PL5260250274", "5260250274"},
		{"pl 526-025-02-74", "5260250274"},
		{"PL", ""},
		{"PLPL5260250274", "PL5260250274"}, // one prefix only
		{"DE5260250274", "DE5260250274"},
	}
	for _, tt := range tests {
		if got := NormalizeNIP(tt.in); got != tt.want {
			t.Errorf("NormalizeNIP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidKRS(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"0000123456", true},
		{"0000012345", true},
		{"1234567890", true},
		{"0000 123 456", true},
		{"0000-123-456", true},
		{"", false},
		{"0000000000", false}, // placeholder
		{"000012345", false},  // nine digits
		{"00001234567", false},
		{"000012345a", false},
		{"KRS0000123456", false},
		{"０００００１２３４５", false}, // full-width digits
	}
	for _, tt := range tests {
		if got := ValidKRS(tt.in); got != tt.want {
			t.Errorf("ValidKRS(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidNIP(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"5260250274", true},
		{"7740001454", true},
		{"1234563218", true},
		{"526-025-02-74", true},
		{"526-02-50-274", true},
		{"526 025 02 74", true},
		{"PL5260250274", true},
		{"pl 526-025-02-74", true},
		{"774-00-01-454", true},

		// One digit changed.
		{"5260250275", false}, // check digit
		{"5260250284", false},
		{"6260250274", false}, // first digit
		{"7740001455", false},
		{"7740011454", false},
		{"1234563219", false},
		{"1234563228", false},
		// Two neighbouring digits swapped.
		{"2560250274", false},

		// Remainder 10: "123456789" has no valid check digit at all.
		{"1234567890", false},
		{"1234567899", false},

		{"", false},
		{"0000000000", false}, // passes the arithmetic, but a placeholder
		{"526025027", false},
		{"52602502740", false},
		{"526O250274", false}, // letter O
		{"526.025.02.74", false},
		{"+5260250274", false},
		{"PLPL5260250274", false},
		{"DE5260250274", false},
		{"５２６０２５０２７４", false}, // full-width digits
	}
	for _, tt := range tests {
		if got := ValidNIP(tt.in); got != tt.want {
			t.Errorf("ValidNIP(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidREGON(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"123456785", true},
		{"000002217", true},
		{"610188201", true},
		{"123-456-785", true},
		{"12345678512347", true},
		{"12345 678512347", true},
		// Remainder 10 counts as check digit 0.
		{"100000050", true},
		{"12345678500010", true},

		// One digit changed.
		{"123456784", false},
		{"123456786", false},
		{"223456785", false},
		{"000002218", false},
		{"000002317", false},
		{"610188202", false},
		{"12345678512348", false},
		{"12345678512447", false},
		// Remainder 10 is 0, not a tenth digit value.
		{"100000051", false},
		// The 14-digit check is right, but the 9-digit prefix is not.
		{"12345678412341", false},
		// Digit 5 has weight 0 in the 14-digit check: only the prefix
		// check catches a change there.
		{"12346678512347", false},

		{"", false},
		{"000000000", false},
		{"00000000000000", false},
		{"12345678", false},
		{"1234567850", false},
		{"1234567851234", false},
		{"123456785123470", false},
		{"12345678a", false},
	}
	for _, tt := range tests {
		if got := ValidREGON(tt.in); got != tt.want {
			t.Errorf("ValidREGON(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// Every single-digit change of a known NIP is caught: the weights are
// coprime to 11, so a change always moves the remainder.
func TestValidNIPCatchesEverySingleDigitChange(t *testing.T) {
	for _, nip := range knownNIPs {
		if !ValidNIP(nip) {
			t.Fatalf("ValidNIP(%q) = false, want true", nip)
		}
		for i := range len(nip) {
			for d := byte('0'); d <= '9'; d++ {
				if d == nip[i] {
					continue
				}
				changed := nip[:i] + string(d) + nip[i+1:]
				if ValidNIP(changed) {
					t.Errorf("ValidNIP(%q) = true: %q with digit %d changed", changed, nip, i+1)
				}
			}
		}
	}
}

// The check digit of a known REGON cannot be replaced by another.
func TestValidREGONCheckDigit(t *testing.T) {
	for _, regon := range knownREGONs {
		if !ValidREGON(regon) {
			t.Fatalf("ValidREGON(%q) = false, want true", regon)
		}
		last := len(regon) - 1
		for d := byte('0'); d <= '9'; d++ {
			if d == regon[last] {
				continue
			}
			if changed := regon[:last] + string(d); ValidREGON(changed) {
				t.Errorf("ValidREGON(%q) = true, want false", changed)
			}
		}
	}
}

func TestValidPostalCode(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"64-100", true}, // Leszno
		{"00-950", true},
		{"64-115", true},
		{"", false},
		{"64100", false},
		{"64 100", false},
		{"6-4100", false},
		{"64-10", false},
		{"64-1000", false},
		{" 64-100", false},
		{"64-100 ", false},
		{"aa-bbb", false},
		{"64–100", false}, // en dash
		{"６４-１００", false},
	}
	for _, tt := range tests {
		if got := ValidPostalCode(tt.in); got != tt.want {
			t.Errorf("ValidPostalCode(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzNIP checks that ValidNIP never panics, that a valid NIP normalises to
// ten digits that are themselves valid (the stored form), and that changing
// any one digit of a valid NIP makes it invalid.
func FuzzNIP(f *testing.F) {
	for _, s := range knownNIPs {
		f.Add(s, uint8(0), uint8(0))
	}
	f.Add("526-025-02-74", uint8(3), uint8(4))
	f.Add("PL 774 00 01 454", uint8(9), uint8(8))
	f.Add("1234567890", uint8(1), uint8(1))
	f.Add("\xff\x00", uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, s string, pos, delta uint8) {
		valid := ValidNIP(s)
		n := NormalizeNIP(s)
		if !valid {
			return
		}
		if len(n) != 10 || !allDigits(n) || !ValidNIP(n) {
			t.Fatalf("ValidNIP(%q) = true but NormalizeNIP gives %q", s, n)
		}
		i := int(pos) % 10
		d := (int(n[i]-'0') + int(delta)%9 + 1) % 10 // always a different digit
		changed := n[:i] + string(rune('0'+d)) + n[i+1:]
		if ValidNIP(changed) {
			t.Fatalf("ValidNIP(%q) = true: %q with digit %d changed", changed, n, i+1)
		}
	})
}

// FuzzREGON checks that ValidREGON never panics, that a valid REGON
// normalises to 9 or 14 digits (a 14-digit one with a valid 9-digit
// prefix), and that its check digit cannot be replaced by another.
func FuzzREGON(f *testing.F) {
	for _, s := range knownREGONs {
		f.Add(s, uint8(0))
	}
	f.Add("100000050", uint8(3))
	f.Add("123-456-785", uint8(5))
	f.Add("\xff\x00", uint8(0))
	f.Fuzz(func(t *testing.T, s string, delta uint8) {
		if !ValidREGON(s) {
			return
		}
		n := NormalizeDigits(s)
		if (len(n) != 9 && len(n) != 14) || !allDigits(n) || !ValidREGON(n) {
			t.Fatalf("ValidREGON(%q) = true but it normalises to %q", s, n)
		}
		if len(n) == 14 && !ValidREGON(n[:9]) {
			t.Fatalf("ValidREGON(%q) = true with an invalid prefix %q", n, n[:9])
		}
		last := len(n) - 1
		d := (int(n[last]-'0') + int(delta)%9 + 1) % 10
		if changed := n[:last] + string(rune('0'+d)); ValidREGON(changed) {
			t.Fatalf("ValidREGON(%q) = true: %q with its check digit changed", changed, n)
		}
	})
}

// FuzzNormalizeDigits checks that normalising is idempotent and leaves no
// separator in valid UTF-8.
func FuzzNormalizeDigits(f *testing.F) {
	f.Add("526-025-02-74")
	f.Add("526\u00a0025\u2013 02 74")
	f.Add("\xff-\x00")
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeDigits(s)
		if again := NormalizeDigits(n); again != n {
			t.Fatalf("NormalizeDigits(%q) = %q, but again gives %q", s, n, again)
		}
		if utf8.ValidString(s) && strings.ContainsFunc(n, isSeparator) {
			t.Fatalf("NormalizeDigits(%q) = %q keeps a separator", s, n)
		}
	})
}
