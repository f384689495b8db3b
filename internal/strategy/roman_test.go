package strategy

import "testing"

func TestRoman(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		isOK bool
	}{
		{"I", 1, true}, {"II", 2, true}, {"III", 3, true}, {"IV", 4, true}, {"V", 5, true},
		{"VI", 6, true}, {"VII", 7, true}, {"VIII", 8, true}, {"IX", 9, true}, {"X", 10, true},
		{"XI", 11, true}, {"XII", 12, true}, {"XIV", 14, true}, {"XIX", 19, true}, {"XX", 20, true},
		{"XL", 40, true}, {"MMXXVI", 2026, true}, {"MMMCMXCIX", 3999, true},
		{"", 0, false}, {"IIII", 0, false}, {"VV", 0, false}, {"IIV", 0, false}, {"IL", 0, false},
		{"VX", 0, false}, {"XIIII", 0, false}, {"ii", 0, false}, {"Ii", 0, false}, {"2", 0, false},
		{"I I", 0, false}, {"IX.", 0, false}, {"MMMM", 0, false}, {"Ⅻ", 0, false},
	} {
		n, ok := Roman(tc.s)
		if n != tc.n || ok != tc.isOK {
			t.Errorf("Roman(%q) = %d, %v; want %d, %v", tc.s, n, ok, tc.n, tc.isOK)
		}
	}
	for n := 1; n <= 3999; n++ {
		if got, ok := Roman(romanString(n)); !ok || got != n {
			t.Fatalf("Roman(%q) = %d, %v; want %d", romanString(n), got, ok, n)
		}
	}
}
