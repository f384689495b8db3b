package strategy

import (
	"strings"

	"github.com/shopspring/decimal"
)

// The portal keeps indicator values, targets, shares and amounts as exact
// decimals in one form, as PostgreSQL's numeric writes them: a point and
// no grouping ("1234.5"). TypedDecimal and TypedAmount read them as staff
// type them; FormatDecimal, FormatAmount and FormatPercent write them for
// readers, on the web pages and in the council's PDF alike.

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

// numberFormat is how a language writes numbers: the decimal mark, the
// thousands separator, and the fewest digits of a whole part that is
// grouped (CLDR: Polish groups from five digits, "1000" but "13 699").
type numberFormat struct {
	decimal, group string
	minGrouped     int
}

var numberFormats = map[string]numberFormat{
	"pl": {",", "\u00a0", 5},
	"uk": {",", "\u00a0", 4},
	"en": {".", ",", 4},
}

// FormatDecimal writes an exact decimal the way lang writes numbers
// (Polish for a language it does not know): "13699" is "13 699" (with a
// non-breaking space) in Polish and Ukrainian, "13,699" in English; "1.0"
// is "1,0" or "1.0". The digits are never rounded; "" is a dash.
func FormatDecimal(lang, v string) string {
	if v == "" {
		return "–"
	}
	return formatDecimal(lang, v, false)
}

// FormatAmount writes the number of an amount of money: grouped from four
// digits in every language, with two decimal places when it has none
// ("2000" is "2 000,00" in Polish); "" is a dash. The currency is the
// caller's to add, in the reader's language.
func FormatAmount(lang, v string) string {
	if v == "" {
		return "–"
	}
	whole, frac, _ := strings.Cut(v, ".")
	if frac == "" {
		frac = "00"
	}
	return formatDecimal(lang, whole+"."+frac, true)
}

// FormatPercent writes a percentage, such as a share of a target ("87.5"),
// the way lang does, with the sign close up: "87,5%" in Polish; "" is a
// dash.
func FormatPercent(lang, v string) string {
	if v == "" {
		return "–"
	}
	return formatDecimal(lang, v, false) + "%"
}

// formatDecimal writes v in lang's format; grouped groups the thousands
// of any whole part longer than three digits, as amounts of money are.
func formatDecimal(lang, v string, grouped bool) string {
	f, ok := numberFormats[lang]
	if !ok {
		f = numberFormats["pl"]
	}
	if grouped {
		f.minGrouped = 4
	}
	sign := ""
	if strings.HasPrefix(v, "-") {
		sign, v = "-", v[1:]
	}
	whole, frac, hasFrac := strings.Cut(v, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 && len(whole) >= f.minGrouped {
			b.WriteString(f.group)
		}
		b.WriteRune(r)
	}
	out := sign + b.String()
	if hasFrac {
		out += f.decimal + frac
	}
	return out
}
