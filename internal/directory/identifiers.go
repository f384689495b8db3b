package directory

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Polish registry numbers of an organisation. People copy them from
// letters, stamps and the KRS extract, where they are grouped with spaces or
// dashes ("526-025-02-74"); the checks below therefore ignore those
// separators, and the record stores the bare digits (NormalizeDigits,
// NormalizeNIP) so that one number is always written one way and can be
// looked up or compared as text.

// NormalizeDigits removes the spaces and dashes people group numbers with,
// leaving every other character in place so that a check after it still
// sees junk such as letters. Apply it to a KRS or REGON before storing it
// (to a NIP, NormalizeNIP). Unicode spaces (a non-breaking space pasted from
// a PDF or a web page) and the typographic dashes word processors put in
// place of "-" count as separators too, because in a form field they look
// the same. Text that is not valid UTF-8 is returned unchanged.
func NormalizeDigits(s string) string {
	if !utf8.ValidString(s) {
		// Junk that every check refuses; removing characters between
		// invalid bytes could join them into new characters.
		return s
	}
	return strings.Map(func(r rune) rune {
		if isSeparator(r) {
			return -1
		}
		return r
	}, s)
}

func isSeparator(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		// hyphen-minus, hyphen, non-breaking hyphen, figure dash, en
		// dash, em dash, minus sign
		return true
	}
	return unicode.IsSpace(r)
}

// NormalizeNIP is NormalizeDigits plus the removal of a leading "PL"
// country prefix (in either case): the NIP is also the Polish part of the
// EU VAT number "PL5260250274", which organisations print on invoices and
// which people therefore paste. Store the NIP in this form.
func NormalizeNIP(s string) string {
	n := NormalizeDigits(s)
	if len(n) >= 2 && strings.EqualFold(n[:2], "PL") {
		n = n[2:]
	}
	return n
}

// ValidKRS reports whether s is a KRS number (National Court Register):
// exactly ten digits once separators are removed. KRS numbers carry no check
// digit, so only the form can be checked; the all-zero number is refused
// because it is what people type to get past a form, never a real entry.
func ValidKRS(s string) bool {
	n := NormalizeDigits(s)
	return len(n) == 10 && allDigits(n) && !allZeros(n)
}

// nipWeights are the weights of the NIP check digit (Ministry of Finance
// rules): the weighted sum of the first nine digits modulo 11 is the tenth
// digit.
var nipWeights = [9]int{6, 5, 7, 2, 3, 4, 5, 6, 7}

// ValidNIP reports whether s is a NIP (tax identification number) with a
// correct check digit, after NormalizeNIP. A remainder of 10 cannot be a
// digit, so no NIP is issued with it and such a number is invalid. Because
// every weight is coprime to 11, the check catches any single mistyped
// digit. The all-zero number passes the arithmetic but is a placeholder,
// not a NIP, and is refused.
func ValidNIP(s string) bool {
	n := NormalizeNIP(s)
	if len(n) != 10 || !allDigits(n) || allZeros(n) {
		return false
	}
	sum := 0
	for i, w := range nipWeights {
		sum += w * int(n[i]-'0')
	}
	check := sum % 11
	return check != 10 && check == int(n[9]-'0')
}

// REGON check-digit weights (Statistics Poland): nine-digit numbers identify
// an entity, fourteen-digit ones a local unit of it.
var (
	regon9Weights  = [8]int{8, 9, 2, 3, 4, 5, 6, 7}
	regon14Weights = [13]int{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}
)

// ValidREGON reports whether s is a REGON (statistical number) with a
// correct check digit, after NormalizeDigits: nine digits, or fourteen
// digits whose first nine are themselves a valid REGON (a local unit's
// number starts with its parent entity's number, and the 14-digit weights
// give the fifth digit weight 0, so only the prefix check catches a typo
// there). A remainder of 10 counts as check digit 0, as GUS issues them;
// this means a few single-digit typos still pass, so a valid REGON is
// plausible, not proven. The all-zero number is refused as a placeholder.
func ValidREGON(s string) bool {
	n := NormalizeDigits(s)
	if !allDigits(n) || allZeros(n) {
		return false
	}
	switch len(n) {
	case 9:
		return regonCheck(n, regon9Weights[:])
	case 14:
		return ValidREGON(n[:9]) && regonCheck(n, regon14Weights[:])
	}
	return false
}

// regonCheck verifies the last digit of n against weights, which cover
// every digit before it.
func regonCheck(n string, weights []int) bool {
	sum := 0
	for i, w := range weights {
		sum += w * int(n[i]-'0')
	}
	check := sum % 11
	if check == 10 {
		check = 0
	}
	return check == int(n[len(weights)]-'0')
}

// ValidPostalCode reports whether s is a Polish postal code in its only
// written form, NN-NNN ("64-100" is Leszno). It is checked as written, not
// normalised: the dash is part of the code's spelling on every envelope and
// in the TERYT/PNA lists the address is matched against.
func ValidPostalCode(s string) bool {
	return len(s) == 6 && s[2] == '-' && allDigits(s[:2]) && allDigits(s[3:])
}

// allDigits reports whether s is non-empty and holds ASCII digits only
// (unicode.IsDigit would also accept Arabic-Indic and full-width digits).
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func allZeros(s string) bool {
	return strings.Trim(s, "0") == ""
}
