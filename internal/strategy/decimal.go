package strategy

import (
	"strings"

	"github.com/shopspring/decimal"
)

// The portal keeps indicator values, targets, shares and amounts as exact
// decimals in one form, as PostgreSQL's numeric writes them: a point and
// no grouping ("1234.5"). TypedDecimal and TypedAmount read them as staff
// type them.

// TypedDecimal reads a number as people in Poland type it: a decimal
// comma or point ("12,5", "12.5"), the thousands set apart by spaces,
// plain, non-breaking, narrow or thin ("1 234,5"), a sign if any. It
// gives the number in the portal's form ("1234.5"); what is not such a
// number, an exponent ("1e3") included, comes back as typed, for
// validation to refuse and the form to show.
func TypedDecimal(typed string) string {
	if s, ok := typedDecimal(typed); ok {
		return s
	}
	return typed
}

// TypedAmount is TypedDecimal for an amount of money, which may also end
// in the currency: "2 000,00 zł" is "2000.00".
func TypedAmount(typed string) string {
	if s, ok := typedDecimal(strings.TrimSuffix(strings.TrimSpace(typed), "zł")); ok {
		return s
	}
	return typed
}

func typedDecimal(typed string) (string, bool) {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009':
			return -1
		case ',':
			return '.'
		}
		return r
	}, strings.TrimSpace(typed))
	if s == "" || strings.ContainsAny(s, "eE") {
		return "", false
	}
	if _, err := decimal.NewFromString(s); err != nil {
		return "", false
	}
	return s, true
}
