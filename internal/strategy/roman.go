package strategy

import "strings"

// Roman reads a number written in Roman numerals the way the strategy
// writes goal numbers ("II") and months ("XI"). Only the canonical
// upper-case form of 1–3999 is accepted: "IV", not "IIII", "iv" or "IIV".
func Roman(s string) (int, bool) {
	if s == "" || len(s) > 15 { // "MMMDCCCLXXXVIII" is the longest
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		v := romanDigit(s[i])
		if v == 0 {
			return 0, false
		}
		if i+1 < len(s) && romanDigit(s[i+1]) > v {
			n -= v
		} else {
			n += v
		}
	}
	if n < 1 || n > 3999 || romanString(n) != s {
		return 0, false
	}
	return n, true
}

func romanDigit(c byte) int {
	switch c {
	case 'I':
		return 1
	case 'V':
		return 5
	case 'X':
		return 10
	case 'L':
		return 50
	case 'C':
		return 100
	case 'D':
		return 500
	case 'M':
		return 1000
	}
	return 0
}

// romanString writes n (1–3999) in canonical Roman numerals.
func romanString(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{
		{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
		{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
	} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}
